/**
 * The console's home for admins, operators and auditors (/console/): this year's plan progress
 * as charts and numbers, publications due this week, certificates expiring, the ledger's latest
 * signed tree head and witnesses, and the scheduled jobs with their last runs.
 */
import { Col, Row, Space } from "antd";
import { useSearchParams } from "react-router";
import { accessOf } from "../../access";
import { useSession } from "../../api/session";
import { beijingToday } from "../../time";
import { DuePanels, JobsPanel, LedgerPanel } from "./panels";
import { PlanProgressCard } from "./progress";

export default function DashboardPage() {
  const access = accessOf(useSession().data?.account);
  const [params] = useSearchParams();
  // ?year= shows another year's plan; by default the current year in Beijing.
  const asked = Number(params.get("year"));
  const year = Number.isInteger(asked) && asked >= 2000 ? asked : Number(beijingToday().slice(0, 4));
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <PlanProgressCard year={year} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Space direction="vertical" size={16} style={{ width: "100%" }}>
            <DuePanels />
          </Space>
        </Col>
        <Col xs={24} xl={12}>
          <Space direction="vertical" size={16} style={{ width: "100%" }}>
            <LedgerPanel />
            <JobsPanel canSee={access.canAdmin} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
