/**
 * The round wizard (/console/rounds/new and /console/rounds/:id): antd Steps over the round's
 * life — create → invite contributors → commit → reveal → draw → teams — with the panel of the
 * step the round is at. The round is polled while it waits for contributors, so commitments
 * and reveals appear as they arrive.
 */
import { Card, Space, Steps, Tag, Typography } from "antd";
import { useParams } from "react-router";
import { type RoundDetail, useRoundDetail } from "../../api/rounds";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { CreateStep } from "./create-step";
import { JointPanel } from "./joint-panel";
import { DonePanel, DrawPanel, FailedPanel, FrozenPanel, InvitePanel, RevealPanel } from "./step-panels";

const STEPS: MessageKey[] = [
  "rounds.step.create",
  "rounds.step.invite",
  "rounds.step.commit",
  "rounds.step.reveal",
  "rounds.step.draw",
  "rounds.step.teams",
];

/** The step a round is at (a failed round stays at the step it failed in). */
function stepOf(r: RoundDetail): number {
  switch (r.status) {
    case "draft":
      return r.contributors.every((c) => c.commitment !== null) ? 2 : 1;
    case "committed":
      return 3;
    case "revealed":
      return 4;
    case "failed":
      return r.committedAt ? 3 : 2;
    default:
      return 5;
  }
}

function WizardSteps({ round }: { round: RoundDetail | null }) {
  const { t } = useI18n();
  const current = round ? stepOf(round) : 0;
  const drawn = round !== null && current === 5;
  return (
    <Steps
      current={current}
      status={round?.status === "failed" ? "error" : drawn ? "finish" : "process"}
      items={STEPS.map((key) => ({ title: t(key) }))}
      data-step={current}
    />
  );
}

function RoundWizard({ id }: { id: string }) {
  const { t } = useI18n();
  const round = useRoundDetail(id);
  const r = round.data ?? null;
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Card
        title={
          <Space wrap size={[8, 0]}>
            {t("rounds.wizard")}
            {r && (
              <Typography.Text type="secondary" ellipsis style={{ maxWidth: "60vw" }}>
                {r.title}
              </Typography.Text>
            )}
            {r && <Tag data-round-status={r.status}>{t(`rounds.status.${r.status}` as MessageKey)}</Tag>}
          </Space>
        }
      >
        <WizardSteps round={r} />
      </Card>
      <ProblemAlert error={round.error} />
      {r && r.departments.length > 1 && <JointPanel round={r} />}
      {r?.status === "draft" && <InvitePanel round={r} />}
      {r?.status === "committed" && <RevealPanel round={r} />}
      {r?.status === "revealed" && <DrawPanel round={r} />}
      {r && ["drawn", "in_progress", "closed"].includes(r.status) && <DonePanel round={r} />}
      {r?.status === "failed" && <FailedPanel round={r} />}
      {r && r.status !== "draft" && r.commitment !== null && <FrozenPanel round={r} />}
    </Space>
  );
}

export default function RoundWizardPage() {
  const { id } = useParams();
  if (!id || id === "new") {
    return (
      <Space direction="vertical" size={16} style={{ width: "100%" }}>
        <Card>
          <WizardSteps round={null} />
        </Card>
        <CreateStep />
      </Space>
    );
  }
  return <RoundWizard id={id} />;
}
