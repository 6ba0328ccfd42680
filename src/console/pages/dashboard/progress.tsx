/**
 * This year's plan progress: the charts (lazy chunk) and the same numbers as a table, per item:
 * rounds committed/drawn/closed against those planned (≥ 2), entities drawn against the eligible
 * ones and the floor rate, and per risk class against the plan's rate.
 */
import { Card, Empty, Skeleton, Space, Table, Tag, Typography } from "antd";
import { lazy, Suspense } from "react";
import { Link } from "react-router";
import { type ProgressItem, usePlanProgress } from "../../api/dashboard";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { itemCoverage, roundsTarget } from "./figures";

const ProgressCharts = lazy(() => import("./charts"));

export function PlanProgressCard({ year }: { year: number }) {
  const { t } = useI18n();
  const progress = usePlanProgress(year);
  const data = progress.data;
  return (
    <Card title={`${year} ${t("dashboard.progress")}`} data-section="progress">
      <ProblemAlert error={progress.error} />
      {progress.isPending && <Skeleton active />}
      {data === null && (
        <Empty description={t("dashboard.noPlan").replace("{year}", String(year))}>
          <Link to="/plans">{t("dashboard.toPlans")}</Link>
        </Empty>
      )}
      {data && data.items.length === 0 && (
        <Empty description={t("dashboard.noItems")}>
          <Link to="/plans">{t("dashboard.toPlans")}</Link>
        </Empty>
      )}
      {data && data.items.length > 0 && (
        <Space direction="vertical" size={16} style={{ width: "100%" }}>
          <Suspense fallback={<Skeleton active />}>
            <ProgressCharts progress={data} />
          </Suspense>
          <Table<ProgressItem>
            rowKey="itemCode"
            size="small"
            pagination={false}
            scroll={{ x: true }}
            dataSource={data.items}
            onRow={(i) => ({ "data-progress-item": i.itemCode }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t("checkItem"), render: (_, i) => `${i.itemName} (${i.itemCode})` },
              {
                title: t("dashboard.roundsCol"),
                render: (_, i) => (
                  <Space size={4}>
                    <span data-field="rounds">
                      {i.roundsDrawn}/{roundsTarget(i)}
                    </span>
                    {i.roundsDrawn < roundsTarget(i) && <Tag color="orange">{t("dashboard.behind")}</Tag>}
                  </Space>
                ),
              },
              {
                title: t("dashboard.entitiesCol"),
                render: (_, i) => (
                  <span data-field="entities">
                    {i.entitiesDrawn}/{i.eligibleEntities}
                  </span>
                ),
              },
              {
                title: t("dashboard.coverage"),
                render: (_, i) => (
                  <Typography.Text
                    type={itemCoverage(i) < Number(i.minRate) ? "warning" : undefined}
                    data-field="coverage"
                  >
                    {itemCoverage(i)} % / ≥ {i.minRate} %
                  </Typography.Text>
                ),
              },
              { title: t("dashboard.inspected"), dataIndex: "entitiesInspected" },
              {
                title: t("dashboard.byRisk"),
                render: (_, i) => (
                  <Space size={4} wrap>
                    {i.byRiskClass.map((c) => (
                      <Tag key={c.riskClass} data-risk-class={c.riskClass}>
                        {c.riskClass}: {c.drawn}/{c.eligible} (≥ {c.rate} %)
                      </Tag>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
        </Space>
      )}
    </Card>
  );
}
