/**
 * ECharts with only what the dashboard draws registered (bar charts, grid, tooltip, legend,
 * mark lines, the canvas renderer), so the chart chunk stays small; loaded lazily with the charts.
 */
import { BarChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([BarChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
