/**
 * One assignment on the phone: the entity, the checklist item, the team, the window and the
 * deadline; accept or declare a conflict; then the inspection record and the finding.
 */
import { Button, Card, Descriptions, Flex, Result, Skeleton, Space, Tag, Typography } from "antd";
import { Link, useParams } from "react-router";
import { useAcceptAssignment, useDeclareConflict, useMyAssignments } from "../../api/assignments";
import { ProblemAlert } from "../../components/ProblemAlert";
import { StatusTag } from "../../components/StatusTag";
import { useI18n } from "../../i18n";
import { beijingTime } from "../../time";
import { ConflictForm } from "./conflict-form";
import { FindingForm } from "./finding-form";
import { Inspection } from "./inspection";

/** Known method codes in words; an unknown one is shown as it is. */
function methodLabel(method: string, t: ReturnType<typeof useI18n>["t"]): string {
  return method === "written" || method === "on_site" ? t(`method.${method}`) : method;
}

export default function AssignmentPage() {
  const { t } = useI18n();
  const { id } = useParams();
  const mine = useMyAssignments();
  const accept = useAcceptAssignment();
  const declare = useDeclareConflict();
  const a = mine.data?.items.find((x) => x.id === id);

  if (mine.isPending) return <Skeleton active />;
  if (mine.error) return <ProblemAlert error={mine.error} />;
  if (!a) return <Result status="404" title={t("notFound")} extra={<Link to="/m">{t("back")}</Link>} />;
  const team = { roundId: a.roundId, entityId: a.entityId };

  return (
    <Flex vertical gap={12}>
      <Link to="/m">‹ {t("back")}</Link>
      <Card
        size="small"
        title={<span style={{ whiteSpace: "normal" }}>{a.entity.name ?? a.entityId}</span>}
        extra={<StatusTag status={a.status} />}
      >
        <Descriptions column={1} size="small" className="sortes-wrap" styles={{ label: { width: "6.5em" } }}>
          <Descriptions.Item label={t("creditCode")}>{a.entity.creditCode}</Descriptions.Item>
          <Descriptions.Item label={t("address")}>
            <span data-field="address">{a.entity.address ?? "—"}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("region")}>{a.entity.regionCode}</Descriptions.Item>
          <Descriptions.Item label={t("round")}>{a.roundTitle}</Descriptions.Item>
          <Descriptions.Item label={t("checkItem")}>{a.item?.name ?? "—"}</Descriptions.Item>
          <Descriptions.Item label={t("content")}>{a.item?.content ?? "—"}</Descriptions.Item>
          <Descriptions.Item label={t("method")}>
            {a.item?.method.map((m) => (
              <Tag key={m}>{methodLabel(m, t)}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t("window")}>
            {a.window.from} ~ {a.window.until}
          </Descriptions.Item>
          <Descriptions.Item label={t("deadline")}>{a.deadline.inspectBy}</Descriptions.Item>
          <Descriptions.Item label={t("resultsPublicBy")}>
            {a.deadline.resultsPublicBy}
            {a.deadline.provisional && t("provisional")}
          </Descriptions.Item>
          <Descriptions.Item label={t("teammates")}>
            <Space orientation="vertical" size={2} data-field="teammates">
              {a.teammates.map((m) => (
                <span key={m.inspectorId}>
                  {m.name} {m.post && <Tag>{m.post}</Tag>}
                  <Typography.Text type="secondary">{m.certificateNo}</Typography.Text>
                </span>
              ))}
            </Space>
          </Descriptions.Item>
        </Descriptions>
        {a.acceptedAt && (
          <Typography.Text type="secondary">
            {t("accepted")} {beijingTime(a.acceptedAt)} ({t("beijingTime")})
          </Typography.Text>
        )}
      </Card>

      {a.status === "recused" ? (
        <Result
          status="info"
          title={t("recusedNotice")}
          subTitle={
            declare.data && <SubstituteText substitute={declare.data.substitute} teammates={a.teammates} />
          }
        />
      ) : (
        <>
          <ProblemAlert error={accept.error} />
          <Flex gap={8} wrap>
            {a.status === "assigned" && (
              <Button
                type="primary"
                size="large"
                style={{ flex: 1 }}
                loading={accept.isPending}
                onClick={() => accept.mutate(a.id)}
                data-action="accept"
              >
                {t("accept")}
              </Button>
            )}
            <ConflictForm assignmentId={a.id} declare={declare} />
          </Flex>
          <Inspection team={team} />
          <FindingForm team={team} />
        </>
      )}
    </Flex>
  );
}

/** The substitute drawn for the caller, by name when the team list already shows them. */
function SubstituteText(props: {
  substitute: string | null;
  teammates: { inspectorId: string; name: string }[];
}) {
  const { t } = useI18n();
  if (!props.substitute) return <span data-substitute="">{t("noSubstitute")}</span>;
  const name = props.teammates.find((m) => m.inspectorId === props.substitute)?.name ?? props.substitute;
  return (
    <span data-substitute={props.substitute}>
      {t("substitute")}: {name}
    </span>
  );
}
