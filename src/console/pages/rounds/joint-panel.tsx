/**
 * The departments of a joint round (联合抽查) in the wizard: the lead and each invited
 * department with its state (joined, declined, waiting). While the round is a draft the lead
 * may withdraw an invitation a department has not accepted; the commit then goes on without it.
 */
import { Button, Card, Popconfirm, Table, Tag, Typography } from "antd";
import { useWithdrawInvitation } from "../../api/joint";
import type { RoundDetail } from "../../api/rounds";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { useRoundAccess } from "./round-access";

type Department = RoundDetail["departments"][number];

function StateTag({ d }: { d: Department }) {
  const { t } = useI18n();
  if (d.role === "lead") return <Tag color="blue">{t("joint.lead")}</Tag>;
  if (d.joined) return <Tag color="green">{t("joint.joined")}</Tag>;
  if (d.declined) return <Tag color="red">{t("joint.declined")}</Tag>;
  return <Tag color="gold">{t("joint.waiting")}</Tag>;
}

export function JointPanel({ round }: { round: RoundDetail }) {
  const { t } = useI18n();
  const withdraw = useWithdrawInvitation();
  const { decides } = useRoundAccess(round);
  const canWithdraw = (d: Department) =>
    decides && round.status === "draft" && d.role === "member" && !d.joined;
  return (
    <Card title={t("joint.departments")} size="small" data-testid="joint-departments">
      <Typography.Paragraph type="secondary">{t("joint.departmentsHint")}</Typography.Paragraph>
      <Table<Department>
        rowKey="code"
        size="small"
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={round.departments}
        columns={[
          { title: t("joint.department"), dataIndex: "name" },
          { title: t("joint.code"), dataIndex: "code" },
          {
            title: t("status"),
            render: (_: unknown, d: Department) => (
              <span data-department-state={d.code}>
                <StateTag d={d} />
              </span>
            ),
          },
          {
            title: "",
            render: (_: unknown, d: Department) =>
              canWithdraw(d) ? (
                <Popconfirm
                  title={t("joint.withdrawConfirm")}
                  onConfirm={() => withdraw.mutate({ id: round.id, code: d.code })}
                >
                  <Button size="small" danger data-action={`withdraw-${d.code}`} loading={withdraw.isPending}>
                    {t("joint.withdraw")}
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      <ProblemAlert error={withdraw.error} />
    </Card>
  );
}
