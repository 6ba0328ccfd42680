/**
 * The wizard's panels after creation, one per round status: invite contributors and commit
 * (draft), what the commitment froze and the live reveals (committed), the draw (revealed),
 * and the result with the way on (drawn and later). Each irreversible step ends on a Result.
 */
import { Alert, Button, Card, Descriptions, Result, Space, Table, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import { Link } from "react-router";
import {
  inviteLink,
  keptCredentials,
  type RoundDetail,
  useCommitRound,
  useDrawRound,
  useExclusions,
  useRoundReadiness,
} from "../../api/rounds";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { beijingTime } from "../../time";
import { ReadinessList } from "./readiness-list";
import { useRoundAccess } from "./round-access";

type Contributor = RoundDetail["contributors"][number];
type Excluded = NonNullable<RoundDetail["excludedInspectors"]>[number];

/** Commit or draw for the lead's admin; who does it, for anyone else (round-access.ts). */
function LeadAdminAction({ round, children }: { round: RoundDetail; children: ReactNode }) {
  const { t } = useI18n();
  if (useRoundAccess(round).decides) return children;
  const lead = round.departments.find((d) => d.role === "lead")?.name ?? "";
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginTop: 16 }}
      title={t("rounds.leadAdminOnly").replace("{lead}", lead)}
      data-note="lead-admin-only"
    />
  );
}

/** Contributors with their invite link (when this tab created the round) and their state. */
function ContributorsTable({ round, show }: { round: RoundDetail; show: "commit" | "reveal" }) {
  const { t } = useI18n();
  const links = new Map((keptCredentials(round.id) ?? []).map((c) => [c.name, inviteLink(c.credential)]));
  return (
    <Table<Contributor>
      rowKey="name"
      size="small"
      pagination={false}
      dataSource={round.contributors}
      columns={[
        { title: t("rounds.contributor"), dataIndex: "name" },
        ...(show === "commit"
          ? [
              {
                title: t("rounds.inviteLink"),
                render: (_: unknown, c: Contributor) =>
                  links.has(c.name) ? (
                    <Typography.Text
                      copyable
                      data-invite={c.name}
                      data-link={links.get(c.name)}
                      style={{ wordBreak: "break-all" }}
                    >
                      {links.get(c.name)}
                    </Typography.Text>
                  ) : (
                    <Typography.Text type="secondary">{t("rounds.linkShownOnce")}</Typography.Text>
                  ),
              },
            ]
          : []),
        {
          title: t("status"),
          render: (_: unknown, c: Contributor) => {
            const done = show === "commit" ? c.commitment !== null : c.revealed;
            const label = show === "commit" ? "rounds.committed" : "rounds.revealed";
            return (
              <Tag color={done ? "green" : "default"} data-contributor-state={`${c.name}:${done}`}>
                {done ? t(label) : t("rounds.waiting")}
              </Tag>
            );
          },
        },
      ]}
    />
  );
}

export function InvitePanel({ round }: { round: RoundDetail }) {
  const { t } = useI18n();
  const readiness = useRoundReadiness(round.id, useRoundAccess(round).readsChecks);
  const commit = useCommitRound();
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <Card title={t("rounds.invite")} size="small">
        <Typography.Paragraph type="secondary">{t("rounds.inviteHint")}</Typography.Paragraph>
        <ContributorsTable round={round} show="commit" />
      </Card>
      <Card title={t("rounds.commitTitle")} size="small">
        <Typography.Paragraph type="secondary">{t("rounds.commitHint")}</Typography.Paragraph>
        {readiness.data && <ReadinessList checks={readiness.data.checks} />}
        <ProblemAlert error={readiness.error ?? commit.error} />
        <LeadAdminAction round={round}>
          <Button
            type="primary"
            style={{ marginTop: 16 }}
            disabled={!readiness.data?.ready}
            loading={commit.isPending}
            onClick={() => commit.mutate(round.id)}
            data-action="commit-round"
          >
            {t("rounds.commit")}
          </Button>
        </LeadAdminAction>
      </Card>
    </Space>
  );
}

/** What the commitment froze: the eligible set's size, its exclusions, the inspectors left out. */
export function FrozenPanel({ round }: { round: RoundDetail }) {
  const { t } = useI18n();
  const exclusions = useExclusions(round.id, true);
  const commitment = round.commitment as {
    roster: { revision: string };
    eligible: { strata: { stratum: string; count: number; rateBp: number }[] };
    inspectors: { count: number };
  } | null;
  const eligible = commitment?.eligible.strata.reduce((n, s) => n + s.count, 0) ?? 0;
  return (
    <Card title={t("rounds.frozen")} size="small">
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={t("rounds.committedAt")}>
          {beijingTime(round.committedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t("rounds.revision")}>{commitment?.roster.revision}</Descriptions.Item>
        <Descriptions.Item label={t("rounds.eligible")}>
          <span data-eligible-count={eligible}>{eligible}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t("rounds.pool")}>{commitment?.inspectors.count}</Descriptions.Item>
        <Descriptions.Item label={t("rounds.commitmentHash")} span={2}>
          <Typography.Text code copyable>
            {round.commitmentHash}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t("rounds.exclusions")}
      </Typography.Title>
      <Table
        rowKey="id"
        size="small"
        data-table="exclusions"
        loading={exclusions.isPending}
        dataSource={exclusions.data?.items ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t("rounds.noExclusions") }}
        columns={[
          { title: t("creditCode"), dataIndex: "id" },
          { title: t("rounds.reason"), dataIndex: "reason" },
        ]}
      />
      <Typography.Title level={5}>{t("rounds.excludedInspectors")}</Typography.Title>
      <Table<Excluded>
        rowKey="inspectorId"
        size="small"
        data-table="excluded-inspectors"
        dataSource={round.excludedInspectors ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t("rounds.noExcludedInspectors") }}
        columns={[
          { title: t("rounds.inspector"), dataIndex: "name" },
          { title: t("rounds.certificateNo"), dataIndex: "certificateNo" },
          {
            title: t("rounds.reason"),
            render: (_, x) =>
              x.reasons.map((r) => (
                <div key={r.code} title={r.detail} data-reason={r.code}>
                  {t(`rounds.reason.${r.code}` as MessageKey)}
                  <Typography.Text type="secondary"> · {r.detail}</Typography.Text>
                </div>
              )),
          },
        ]}
      />
    </Card>
  );
}

export function RevealPanel({ round }: { round: RoundDetail }) {
  const { t } = useI18n();
  return (
    <Card title={t("rounds.reveals")} size="small">
      <Typography.Paragraph type="secondary">
        {t("rounds.revealHint")} {beijingTime(round.revealDeadline)}（{t("beijingTime")}）
      </Typography.Paragraph>
      <ContributorsTable round={round} show="reveal" />
    </Card>
  );
}

export function DrawPanel({ round }: { round: RoundDetail }) {
  const { t } = useI18n();
  const draw = useDrawRound();
  return (
    <Card title={t("rounds.draw")} size="small">
      <Alert type="success" showIcon title={t("rounds.allRevealed")} style={{ marginBottom: 16 }} />
      <ProblemAlert error={draw.error} />
      <LeadAdminAction round={round}>
        <Button
          type="primary"
          loading={draw.isPending}
          onClick={() => draw.mutate(round.id)}
          data-action="draw-round"
        >
          {t("rounds.drawNow")}
        </Button>
      </LeadAdminAction>
    </Card>
  );
}

export function DonePanel({ round }: { round: RoundDetail }) {
  const { t } = useI18n();
  return (
    <Result
      status="success"
      data-round-drawn={round.id}
      title={t("rounds.drawn")}
      // The 64-hex seed is one unbreakable word: it wraps instead of widening a phone's page.
      subTitle={<span className="sortes-wrap">{`${t("rounds.seed")}: ${round.seed ?? ""}`}</span>}
      extra={[
        <Link key="board" to={`/rounds/${round.id}/board`} data-action="to-board">
          <Button type="primary">{t("rounds.toBoard")}</Button>
        </Link>,
        <Button key="public" href={`/zh/rounds/${round.id}`} target="_blank">
          {t("rounds.publicPage")}
        </Button>,
        <Button key="proof" href={`/public/rounds/${round.id}/proof`} download={`proof-${round.id}.json`}>
          {t("rounds.downloadProof")}
        </Button>,
      ]}
    />
  );
}

export function FailedPanel({ round }: { round: RoundDetail }) {
  const { t } = useI18n();
  return (
    <Result
      status="error"
      title={t("rounds.failed")}
      subTitle={round.failure ? `${round.failure.code}: ${round.failure.reason}` : undefined}
      extra={
        <Link to="/rounds/new">
          <Button>{t("rounds.newRound")}</Button>
        </Link>
      }
    />
  );
}
