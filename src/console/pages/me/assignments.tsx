/** My assignments as large tappable cards: who, where, what to check, until when. */
import { EnvironmentOutlined } from "@ant-design/icons";
import { Card, Empty, Flex, Skeleton, Typography } from "antd";
import { Link } from "react-router";
import { useMyAssignments } from "../../api/assignments";
import { ProblemAlert } from "../../components/ProblemAlert";
import { StatusTag } from "../../components/StatusTag";
import { useI18n } from "../../i18n";

export default function MyAssignments() {
  const { t } = useI18n();
  const mine = useMyAssignments();
  const items = mine.data?.items ?? [];
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 4 }}>
        {t("myAssignments")}
      </Typography.Title>
      <ProblemAlert error={mine.error} />
      {mine.isPending && <Skeleton active />}
      {mine.isSuccess && items.length === 0 && <Empty description={t("noAssignments")} />}
      <Flex vertical gap={12}>
        {items.map((a) => (
          <Link key={a.id} to={`assignments/${a.id}`} data-assignment={a.id}>
            <Card
              hoverable
              size="small"
              title={<span style={{ whiteSpace: "normal" }}>{a.entity.name ?? a.entityId}</span>}
              extra={<StatusTag status={a.status} />}
            >
              <Typography.Paragraph style={{ marginBottom: 4 }}>
                <EnvironmentOutlined /> {a.entity.address ?? "—"}
              </Typography.Paragraph>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
                {t("checkItem")}: {a.item?.name ?? "—"}
              </Typography.Paragraph>
              <Typography.Text type="secondary">
                {t("window")}: {a.window.from} ~ {a.window.until} · {t("deadline")}: {a.deadline.inspectBy}
              </Typography.Text>
            </Card>
          </Link>
        ))}
      </Flex>
    </>
  );
}
