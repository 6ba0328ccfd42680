/**
 * The department's rounds (抽查任务), newest first, each opening its wizard; and the way to
 * start a new one. The next step of every unfinished round is one click away.
 */
import { Button, Card, Empty, Table, Tag, Typography } from "antd";
import { Link, useNavigate } from "react-router";
import { accessOf } from "../../access";
import { type Round, useRounds } from "../../api/rounds";
import { useSession } from "../../api/session";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { beijingTime } from "../../time";

export default function RoundsPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const access = accessOf(useSession().data?.account);
  const canCreate = access.canOperate;
  const rounds = useRounds();
  return (
    <Card
      title={t("rounds.title")}
      extra={
        canCreate && (
          <Button type="primary" onClick={() => navigate("/rounds/new")} data-action="new-round">
            {t("rounds.newRound")}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t("rounds.intro")}</Typography.Paragraph>
      <ProblemAlert error={rounds.error} />
      <Table<Round>
        rowKey="id"
        size="small"
        loading={rounds.isPending}
        dataSource={rounds.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t("rounds.empty")} /> }}
        columns={[
          {
            title: t("rounds.titleField"),
            render: (_, r) => <Link to={`/rounds/${r.id}`}>{r.title}</Link>,
          },
          { title: t("rounds.planYear"), dataIndex: "planYear" },
          {
            title: t("status"),
            render: (_, r) => <Tag>{t(`rounds.status.${r.status}` as MessageKey)}</Tag>,
          },
          { title: t("window"), render: (_, r) => `${r.window.from} ~ ${r.window.until}` },
          { title: t("createdAt"), render: (_, r) => beijingTime(r.createdAt) },
        ]}
      />
    </Card>
  );
}
