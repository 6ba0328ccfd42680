/** One version of a plan: its figures, exclusion policy and items with the rule rounds follow. */
import { Descriptions, Table, Tag } from "antd";
import type { Plan } from "../../api/plans";
import { useI18n } from "../../i18n";
import { beijingTime } from "../../time";

const pct = (bp: number) => `${bp / 100}%`;
const rates = (r: { A: number; B: number; C: number; D: number }) =>
  `A ${pct(r.A)} · B ${pct(r.B)} · C ${pct(r.C)} · D ${pct(r.D)}`;

export function PlanView({ plan }: { plan: Plan }) {
  const { t } = useI18n();
  return (
    <>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t("plans.version")}>
          v{plan.version}{" "}
          <Tag color={plan.status === "approved" ? "green" : "gold"}>{t(`plans.status.${plan.status}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t("plans.approvedAt")}>{beijingTime(plan.approvedAt)}</Descriptions.Item>
        <Descriptions.Item label={t("plans.planTitle")}>{plan.title || "—"}</Descriptions.Item>
        <Descriptions.Item label={t("plans.roundsPerYear")}>{plan.roundsPerYear}</Descriptions.Item>
        <Descriptions.Item label={t("plans.rate")}>{rates(plan.ratesBp)}</Descriptions.Item>
        <Descriptions.Item label={t("plans.cooldownDays")}>{plan.cooldownDays}</Descriptions.Item>
        <Descriptions.Item label={t("plans.yearlyCap")}>
          {plan.maxInspectionsPerEntityPerYear ?? "—"}
        </Descriptions.Item>
        {plan.amendmentReason && (
          <Descriptions.Item label={t("plans.reason")}>{plan.amendmentReason}</Descriptions.Item>
        )}
      </Descriptions>
      <Table
        rowKey="itemVersionId"
        size="small"
        pagination={false}
        dataSource={plan.items}
        scroll={{ x: true }}
        columns={[
          {
            title: t("plans.item"),
            render: (_, i) => (
              <>
                <code>{i.code}</code> v{i.version} {i.name}{" "}
                {i.withdrawnAt && <Tag color="red">{t("checklist.status.withdrawn")}</Tag>}
              </>
            ),
          },
          { title: t("plans.effectiveRates"), render: (_, i) => rates(i.effective.ratesBp) },
          { title: t("plans.effectiveRounds"), render: (_, i) => i.effective.roundsPerYear },
          {
            title: t("plans.floor"),
            render: (_, i) => `≥ ${pct(i.effective.minRateBp)} · ≥ ${i.effective.minRoundsPerYear}`,
          },
          {
            title: t("plans.source"),
            render: (_, i) =>
              i.effective.legalOverride ? (
                <Tag color="purple" title={i.effective.legalOverride.basis}>
                  {t("checklist.legal")}
                </Tag>
              ) : (
                <Tag>{t(`plans.from.${i.effective.ratesFrom}`)}</Tag>
              ),
          },
        ]}
      />
    </>
  );
}
