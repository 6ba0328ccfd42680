/**
 * The round's teams, one server page of assignment rows at a time (keyset cursor), grouped by
 * drawn entity: each member with post and 执法证号, acceptance, and a recused member followed by
 * the substitute who took the same slot.
 */
import { Button, Empty, Space, Table, Tag, Tooltip, Typography } from "antd";
import { useState } from "react";
import { type BoardRow, type SubstitutionRecord, useBoardPage, useSubstitutions } from "../../api/board";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { beijingTime } from "../../time";

/** Rows per page: a team of two is two rows. */
const PAGE_ROWS = 100;

interface Team {
  entityId: string;
  entityName: string | null;
  stratum: string;
  rank: number;
  /** Per slot, in the server's order: recused members first, the current one last. */
  slots: BoardRow[][];
}

/** Groups a page's rows (draw order, then slot, then creation) into teams. */
export function groupTeams(rows: BoardRow[]): Team[] {
  const teams = new Map<string, Team>();
  for (const r of rows) {
    let t = teams.get(r.entityId);
    if (!t) {
      t = { entityId: r.entityId, entityName: r.entityName, stratum: r.stratum, rank: r.rank, slots: [] };
      teams.set(r.entityId, t);
    }
    const slot = t.slots[r.slot] ?? [];
    slot.push(r);
    t.slots[r.slot] = slot;
  }
  return [...teams.values()];
}

const STATUS_COLOR = { assigned: "default", accepted: "green", recused: "red" } as const;

function Member({ row, replaced }: { row: BoardRow; replaced?: BoardRow }) {
  const { t } = useI18n();
  return (
    <Space size={4} wrap data-member={row.inspectorId} data-member-status={row.status}>
      <Typography.Text delete={row.status === "recused"}>
        {row.inspectorName ?? row.inspectorId}
      </Typography.Text>
      {row.post && <Typography.Text type="secondary">{row.post}</Typography.Text>}
      {row.certificateNo && <Typography.Text code>{row.certificateNo}</Typography.Text>}
      <Tooltip
        title={row.acceptedAt ? beijingTime(row.acceptedAt) : row.recusedAt ? beijingTime(row.recusedAt) : ""}
      >
        <Tag color={STATUS_COLOR[row.status]}>{t(`status.${row.status}` as MessageKey)}</Tag>
      </Tooltip>
      {replaced && (
        <Tag color="blue" data-substitute-for={replaced.inspectorId}>
          {t("board.substituteFor")} {replaced.inspectorName ?? replaced.inspectorId}
        </Tag>
      )}
    </Space>
  );
}

function sourceOf(subs: SubstitutionRecord[], entityId: string, recused: string) {
  return subs.find((s) => s.entityId === entityId && s.recused === recused);
}

export function TeamsTable({ roundId }: { roundId: string }) {
  const { t } = useI18n();
  const [cursors, setCursors] = useState<string[]>([]);
  const page = useBoardPage(roundId, cursors.at(-1), PAGE_ROWS);
  const subs = useSubstitutions(roundId);
  const teams = groupTeams(page.data?.items ?? []);
  const substitutions = subs.data?.items ?? [];
  return (
    <>
      <ProblemAlert error={page.error ?? subs.error} />
      <Table<Team>
        rowKey="entityId"
        size="small"
        loading={page.isFetching}
        dataSource={teams}
        pagination={false}
        scroll={{ x: true }}
        onRow={(team) => ({ "data-team": team.entityId }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty description={t("board.noTeams")} /> }}
        columns={[
          { title: t("board.rank"), render: (_, team) => `${team.stratum}-${team.rank}`, width: 80 },
          {
            title: t("entity"),
            render: (_, team) => (
              <Space direction="vertical" size={0}>
                <span>{team.entityName ?? "—"}</span>
                <Typography.Text type="secondary" copyable>
                  {team.entityId}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t("teammates"),
            render: (_, team) => (
              <Space direction="vertical" size={2}>
                {team.slots.map((rows) =>
                  rows.map((row, i) => {
                    const before = i > 0 ? rows[i - 1] : undefined;
                    const sub = before
                      ? sourceOf(substitutions, team.entityId, before.inspectorId)
                      : undefined;
                    return (
                      <Space key={`${row.slot}-${row.inspectorId}`} size={4}>
                        <Member row={row} replaced={before} />
                        {sub && (
                          <Typography.Text type="secondary">
                            {t(sub.source === "entity-request" ? "board.byRequest" : "board.byDeclaration")}
                          </Typography.Text>
                        )}
                      </Space>
                    );
                  }),
                )}
              </Space>
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t("previousPage")}
        </Button>
        <Button
          disabled={!page.data?.nextCursor}
          data-action="next-page"
          onClick={() => {
            const next = page.data?.nextCursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          {t("nextPage")}
        </Button>
      </Space>
    </>
  );
}
