/**
 * 审计日志: who did what in the department (every write, refused ones too), newest first; the
 * filters and paging run on the server (GET /audit), the hash chain is rechecked by the server
 * (GET /audit/verify). Times in Beijing time.
 */
import { Button, Card, DatePicker, Input, Select, Space, Table, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { type AuditEntry, type AuditFilter, useAuditEntries } from "../../api/audit";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { BEIJING, beijingTime } from "../../time";
import { ROLES } from "../accounts/account-form";
import { ChainStatus } from "./chain-status";

const PAGE = 50;
const OUTCOMES = ["success", "refused", "failed"] as const;

function statusColor(status: number) {
  return status >= 500 ? "red" : status >= 400 ? "orange" : "green";
}

/** A picked calendar day in Beijing as the instant its day starts (the end bound: the next day). */
function beijingDayStart(day: Dayjs, plusDays = 0): string {
  return day.tz(BEIJING, true).startOf("day").add(plusDays, "day").toISOString();
}

export default function AuditPage() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<Omit<AuditFilter, "before" | "order" | "limit">>({});
  // Cursors (the `before` seq) of the pages seen so far: "previous" pops one.
  const [cursors, setCursors] = useState<number[]>([]);
  const query: AuditFilter = { ...filters, order: "desc", limit: PAGE, before: cursors.at(-1) };
  const entries = useAuditEntries(query);
  const setFilter = (patch: Partial<typeof filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setCursors([]);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: "100%" }}>
      <ChainStatus />
      <Card title={t("audit.title")}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            allowClear
            placeholder={t("audit.outcome")}
            style={{ width: 140 }}
            onChange={(v) => setFilter({ outcome: v })}
            options={OUTCOMES.map((o) => ({ value: o, label: t(`audit.outcome.${o}` as MessageKey) }))}
            data-testid="audit-outcome"
          />
          <Select
            allowClear
            placeholder={t("accounts.role")}
            style={{ width: 160 }}
            onChange={(v) => setFilter({ role: v })}
            options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))}
          />
          <Input.Search
            allowClear
            placeholder={t("audit.actionSearch")}
            style={{ width: 220 }}
            onSearch={(v) => setFilter({ action: v || undefined })}
          />
          <DatePicker.RangePicker
            onChange={(range) =>
              setFilter({
                from: range?.[0] ? beijingDayStart(range[0]) : undefined,
                to: range?.[1] ? beijingDayStart(range[1], 1) : undefined,
              })
            }
          />
        </Space>
        <ProblemAlert error={entries.error} />
        <Table<AuditEntry>
          rowKey="seq"
          size="small"
          loading={entries.isPending}
          dataSource={entries.data?.items ?? []}
          pagination={false}
          scroll={{ x: true }}
          locale={{ emptyText: t("audit.empty") }}
          columns={[
            { title: "#", dataIndex: "seq" },
            {
              title: `${t("audit.at")}（${t("beijingTime")}）`,
              dataIndex: "at",
              render: (v: string) => beijingTime(v),
            },
            {
              title: t("audit.actor"),
              render: (_, e) =>
                e.actor?.name ?? <Typography.Text type="secondary">{e.tokenId ?? "—"}</Typography.Text>,
            },
            {
              title: t("accounts.role"),
              dataIndex: "role",
              render: (r: string) => t(`role.${r}` as MessageKey) ?? r,
            },
            {
              title: t("audit.action"),
              dataIndex: "action",
              render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
            },
            { title: t("audit.target"), dataIndex: "target", ellipsis: true },
            {
              title: t("audit.status"),
              dataIndex: "status",
              render: (s: number) => <Tag color={statusColor(s)}>{s}</Tag>,
            },
          ]}
        />
        <Space style={{ marginTop: 12 }}>
          <Button disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t("previousPage")}
          </Button>
          <Button
            disabled={entries.data?.nextCursor == null}
            onClick={() => {
              const next = entries.data?.nextCursor;
              if (next != null) setCursors((c) => [...c, next]);
            }}
          >
            {t("nextPage")}
          </Button>
        </Space>
      </Card>
    </Space>
  );
}
