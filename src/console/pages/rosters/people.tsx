/**
 * The inspector roster with certificate expiry warnings (expired, or expiring within 30 / 90
 * days, in Beijing dates) and the conflicts of interest (回避关系) on record.
 */
import { Button, Card, Space, Table, Tag } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { type Conflict, type Inspector, useConflicts, useInspectors } from "../../api/rosters";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { beijingToday } from "../../time";

/** Whole days from today (Beijing) to a calendar date; negative once past. */
export function daysUntil(date: string, today = beijingToday()): number {
  return dayjs(date).diff(dayjs(today), "day");
}

function CertificateTag({ until }: { until: string }) {
  const { t } = useI18n();
  const days = daysUntil(until);
  if (days < 0) return <Tag color="red">{t("rosters.certExpired")}</Tag>;
  if (days <= 30)
    return <Tag color="volcano">{`${t("rosters.certExpiresIn")} ${days} ${t("rosters.days")}`}</Tag>;
  if (days <= 90)
    return <Tag color="gold">{`${t("rosters.certExpiresIn")} ${days} ${t("rosters.days")}`}</Tag>;
  return <Tag color="green">{t("rosters.certValid")}</Tag>;
}

/** Back/next over a server cursor. */
function Pager({
  cursors,
  next,
  set,
}: {
  cursors: string[];
  next: string | null | undefined;
  set(c: string[]): void;
}) {
  const { t } = useI18n();
  return (
    <Space style={{ marginTop: 8 }}>
      <Button disabled={cursors.length === 0} onClick={() => set(cursors.slice(0, -1))}>
        {t("previousPage")}
      </Button>
      <Button disabled={!next} onClick={() => next && set([...cursors, next])}>
        {t("nextPage")}
      </Button>
    </Space>
  );
}

export function Inspectors() {
  const { t } = useI18n();
  const [cursors, setCursors] = useState<string[]>([]);
  const list = useInspectors(cursors.at(-1));
  return (
    <Card size="small" title={t("rosters.inspectors")} style={{ marginTop: 12 }}>
      <ProblemAlert error={list.error} />
      <Table<Inspector>
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t("rosters.noInspectors") }}
        scroll={{ x: true }}
        columns={[
          { title: t("rosters.name"), dataIndex: "name" },
          { title: t("rosters.post"), dataIndex: "post" },
          { title: t("rosters.certificateNo"), dataIndex: "certificateNo" },
          { title: t("rosters.qualifications"), render: (_, i) => i.qualifications.join("、") },
          { title: t("rosters.certValidUntil"), dataIndex: "certValidUntil" },
          {
            title: t("rosters.certificate"),
            render: (_, i) => <CertificateTag until={i.certValidUntil} />,
          },
          {
            title: t("status"),
            dataIndex: "status",
            render: (s: Inspector["status"]) => (
              <Tag color={s === "active" ? "green" : "default"}>{t(`rosters.inspector.${s}`)}</Tag>
            ),
          },
        ]}
      />
      <Pager cursors={cursors} next={list.data?.nextCursor} set={setCursors} />
    </Card>
  );
}

export function Conflicts() {
  const { t } = useI18n();
  const [cursors, setCursors] = useState<string[]>([]);
  const list = useConflicts(cursors.at(-1));
  return (
    <Card size="small" title={t("rosters.conflicts")} style={{ marginTop: 12 }}>
      <ProblemAlert error={list.error} />
      <Table<Conflict>
        rowKey="id"
        size="small"
        pagination={false}
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t("rosters.noConflicts") }}
        scroll={{ x: true }}
        columns={[
          {
            title: t("rosters.inspectorId"),
            dataIndex: "inspectorId",
            render: (v: string) => <code>{v.slice(0, 8)}</code>,
          },
          { title: t("creditCode"), dataIndex: "entityCode" },
          {
            title: t("conflictCategory"),
            dataIndex: "category",
            render: (c: Conflict["category"]) => t(`conflict.${c}`),
          },
          {
            title: t("rosters.source"),
            dataIndex: "source",
            render: (s: Conflict["source"]) => t(`rosters.source.${s}`),
          },
          { title: t("rosters.validFrom"), dataIndex: "validFrom" },
          { title: t("rosters.validUntil"), dataIndex: "validUntil", render: (v: string | null) => v ?? "—" },
          { title: t("conflictStatement"), dataIndex: "statement" },
        ]}
      />
      <Pager cursors={cursors} next={list.data?.nextCursor} set={setCursors} />
    </Card>
  );
}
