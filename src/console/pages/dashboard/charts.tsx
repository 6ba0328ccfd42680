/**
 * The plan progress charts (lazy chunk): rounds run vs planned per item (≥ 2 marked), coverage
 * per item against its floor rate, and coverage per risk class against the plan's rates.
 */
import { Col, Row, Typography } from "antd";
import { useEffect, useMemo, useRef } from "react";
import type { PlanProgress } from "../../api/dashboard";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { echarts } from "./echarts-setup";
import { coveragePercent, itemCoverage, MIN_ROUNDS } from "./figures";

type Option = Parameters<ReturnType<typeof echarts.init>["setOption"]>[0];

function Chart({ option, name }: { option: Option; name: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const chart = echarts.init(el, undefined, { renderer: "canvas" });
    chart.setOption(option);
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} data-chart={name} style={{ width: "100%", height: 280 }} />;
}

export default function ProgressCharts({ progress }: { progress: PlanProgress }) {
  const { t } = useI18n();
  const options = useMemo(() => chartOptions(progress, t), [progress, t]);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8}>
        <Typography.Text strong>{t("dashboard.chartRounds")}</Typography.Text>
        <Chart option={options.rounds} name="rounds" />
      </Col>
      <Col xs={24} lg={8}>
        <Typography.Text strong>{t("dashboard.chartCoverage")}</Typography.Text>
        <Chart option={options.coverage} name="coverage" />
      </Col>
      <Col xs={24} lg={8}>
        <Typography.Text strong>{t("dashboard.chartRisk")}</Typography.Text>
        <Chart option={options.risk} name="risk" />
      </Col>
    </Row>
  );
}

function chartOptions(progress: PlanProgress, t: (key: MessageKey) => string) {
  const names = progress.items.map((i) => i.itemName);
  const percent = { type: "value", axisLabel: { formatter: "{value} %" } } as const;

  const rounds: Option = {
    tooltip: { trigger: "axis" },
    legend: {},
    grid: { left: 40, right: 16, bottom: 40, top: 40 },
    xAxis: { type: "category", data: names },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      {
        name: t("dashboard.roundsPlanned"),
        type: "bar",
        data: progress.items.map((i) => i.roundsPlanned),
        markLine: {
          symbol: "none",
          data: [{ yAxis: MIN_ROUNDS, name: "≥ 2" }],
          label: { formatter: `≥ ${MIN_ROUNDS}` },
        },
      },
      {
        name: t("dashboard.roundsCommitted"),
        type: "bar",
        data: progress.items.map((i) => i.roundsCommitted),
      },
      { name: t("dashboard.roundsDrawn"), type: "bar", data: progress.items.map((i) => i.roundsDrawn) },
      { name: t("dashboard.roundsClosed"), type: "bar", data: progress.items.map((i) => i.roundsClosed) },
    ],
  };

  const coverage: Option = {
    tooltip: { trigger: "axis", valueFormatter: (v: unknown) => `${v} %` },
    legend: {},
    grid: { left: 48, right: 16, bottom: 40, top: 40 },
    xAxis: { type: "category", data: names },
    yAxis: percent,
    series: [
      { name: t("dashboard.coverage"), type: "bar", data: progress.items.map(itemCoverage) },
      { name: t("dashboard.minRate"), type: "bar", data: progress.items.map((i) => Number(i.minRate)) },
    ],
  };

  const classes = [...new Set(progress.items.flatMap((i) => i.byRiskClass.map((c) => c.riskClass)))].sort();
  const byClass = (pick: (c: PlanProgress["items"][number]["byRiskClass"][number]) => number) =>
    classes.map((cls) =>
      progress.items.reduce((sum, i) => {
        const c = i.byRiskClass.find((x) => x.riskClass === cls);
        return sum + (c ? pick(c) : 0);
      }, 0),
    );
  const eligible = byClass((c) => c.eligible);
  const drawn = byClass((c) => c.drawn);
  // The plan's rate of a class is the same for every item that has it; show the first.
  const rates = classes.map((cls) => {
    const c = progress.items.flatMap((i) => i.byRiskClass).find((x) => x.riskClass === cls);
    return c ? Number(c.rate) : 0;
  });
  const risk: Option = {
    tooltip: { trigger: "axis", valueFormatter: (v: unknown) => `${v} %` },
    legend: {},
    grid: { left: 48, right: 16, bottom: 40, top: 40 },
    xAxis: { type: "category", data: classes },
    yAxis: percent,
    series: [
      {
        name: t("dashboard.coverage"),
        type: "bar",
        data: classes.map((_, k) => coveragePercent(drawn[k]!, eligible[k]!)),
      },
      { name: t("dashboard.rate"), type: "bar", data: rates },
    ],
  };

  return { rounds, coverage, risk };
}
