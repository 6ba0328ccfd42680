/**
 * Frozen revisions of the entity roster (June and December; others need a reason), each with
 * its count, risk classes and Merkle root; freeze the working roster; compare two revisions.
 */
import { Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { type Revision, useFreezeRevision, useRevisionDiff, useRevisions } from "../../api/rosters";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { beijingTime, beijingToday } from "../../time";

const REGULAR = /^\d{4}-(06|12)$/;

/** The June or December label a revision made today would normally carry. */
function defaultLabel(): string {
  const [y, m] = beijingToday().split("-");
  return `${y}-${Number(m) <= 6 ? "06" : "12"}`;
}

function FreezeForm() {
  const { t } = useI18n();
  const freeze = useFreezeRevision();
  const [form] = Form.useForm<{ label: string; reason?: string }>();
  const label = Form.useWatch("label", form) ?? "";
  return (
    <>
      <ProblemAlert error={freeze.error} />
      <Form
        form={form}
        layout="inline"
        name="freeze"
        initialValues={{ label: defaultLabel() }}
        onFinish={(v) => freeze.mutate({ label: v.label.trim(), reason: v.reason?.trim() || undefined })}
      >
        <Form.Item
          name="label"
          label={t("rosters.revisionLabel")}
          rules={[{ required: true, whitespace: true, message: t("rosters.labelRequired") }]}
        >
          <Input style={{ width: 120 }} />
        </Form.Item>
        {!REGULAR.test(label.trim()) && (
          <Form.Item
            name="reason"
            label={t("rosters.freezeReason")}
            rules={[{ required: true, whitespace: true, message: t("rosters.freezeReasonRequired") }]}
          >
            <Input style={{ width: 260 }} />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" loading={freeze.isPending} data-action="freeze">
          {t("rosters.freeze")}
        </Button>
      </Form>
      {freeze.data && (
        <Typography.Paragraph type="success" style={{ marginTop: 8 }}>
          {t("rosters.frozen")} {freeze.data.label} · {freeze.data.entityCount} ·{" "}
          <code>{freeze.data.merkleRoot}</code>
        </Typography.Paragraph>
      )}
    </>
  );
}

function Diff({ revisions }: { revisions: Revision[] }) {
  const { t } = useI18n();
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [cursors, setCursors] = useState<string[]>([]);
  const diff = useRevisionDiff(from, to, cursors.at(-1));
  const options = revisions.map((r) => ({ value: r.id, label: `${r.label}（${r.entityCount}）` }));
  const reset = () => setCursors([]);
  return (
    <Card size="small" title={t("rosters.diff")} style={{ marginTop: 12 }}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Select
          aria-label={t("rosters.diffFrom")}
          placeholder={t("rosters.diffFrom")}
          style={{ width: 200 }}
          options={options}
          value={from}
          onChange={(v) => {
            setFrom(v);
            reset();
          }}
        />
        →
        <Select
          aria-label={t("rosters.diffTo")}
          placeholder={t("rosters.diffTo")}
          style={{ width: 200 }}
          options={options}
          value={to}
          onChange={(v) => {
            setTo(v);
            reset();
          }}
        />
        {diff.data && (
          <>
            <Tag color="green">
              {t("rosters.added")} {diff.data.summary.added}
            </Tag>
            <Tag color="red">
              {t("rosters.removed")} {diff.data.summary.removed}
            </Tag>
            <Tag color="blue">
              {t("rosters.changed")} {diff.data.summary.changed}
            </Tag>
          </>
        )}
      </Space>
      <ProblemAlert error={diff.error} />
      {diff.data && (
        <>
          <Table
            rowKey="creditCode"
            size="small"
            scroll={{ x: "max-content" }}
            pagination={false}
            loading={diff.isFetching}
            dataSource={diff.data.items}
            columns={[
              { title: t("creditCode"), dataIndex: "creditCode" },
              {
                title: t("rosters.change"),
                dataIndex: "change",
                render: (c: "added" | "removed" | "changed") => <Tag>{t(`rosters.${c}`)}</Tag>,
              },
              {
                title: t("rosters.name"),
                render: (_, i) => String((i.after ?? i.before)?.name ?? ""),
              },
              { title: t("rosters.changedFields"), render: (_, i) => i.changedFields.join("、") },
            ]}
          />
          <Space style={{ marginTop: 8 }}>
            <Button disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t("previousPage")}
            </Button>
            <Button
              disabled={!diff.data.nextCursor}
              onClick={() => {
                const next = diff.data?.nextCursor;
                if (next) setCursors((c) => [...c, next]);
              }}
            >
              {t("nextPage")}
            </Button>
          </Space>
        </>
      )}
    </Card>
  );
}

export function Revisions({ canFreeze }: { canFreeze: boolean }) {
  const { t } = useI18n();
  const revisions = useRevisions();
  const items = revisions.data?.items ?? [];
  return (
    <Card size="small" title={t("rosters.revisions")} style={{ marginTop: 12 }}>
      <Typography.Paragraph type="secondary">{t("rosters.revisionsHint")}</Typography.Paragraph>
      {canFreeze && <FreezeForm />}
      <ProblemAlert error={revisions.error} />
      <Table<Revision>
        rowKey="id"
        size="small"
        // On a phone the table scrolls inside its card instead of widening the page.
        scroll={{ x: "max-content" }}
        style={{ marginTop: 12 }}
        loading={revisions.isPending}
        dataSource={items}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t("rosters.noRevisions") }}
        columns={[
          { title: t("rosters.revisionLabel"), dataIndex: "label" },
          { title: t("rosters.entityCount"), dataIndex: "entityCount" },
          {
            title: t("rosters.riskCounts"),
            render: (_, r) =>
              Object.entries(r.riskCounts)
                .map(([k, n]) => `${k}:${n}`)
                .join(" "),
          },
          {
            title: "Merkle root",
            dataIndex: "merkleRoot",
            render: (h: string) => <code>{h.slice(0, 16)}…</code>,
          },
          { title: t("rosters.frozenAt"), dataIndex: "createdAt", render: (v: string) => beijingTime(v) },
        ]}
      />
      {items.length >= 2 && <Diff revisions={items} />}
    </Card>
  );
}
