/**
 * Correction requests inbox (纠错): what members of the public reported about published findings;
 * an admin or operator resolves each with a public outcome (and the traced cause), which goes to the ledger.
 */
import { App, Button, Empty, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { accessOf } from "../../access";
import { type CorrectionRequest, useCorrections, useResolveCorrection } from "../../api/findings-review";
import { useSession } from "../../api/session";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { beijingTime } from "../../time";

type Status = CorrectionRequest["status"];
const COLOR = { pending: "gold", corrected: "green", rejected: "default" } as const;

export function CorrectionsInbox() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const canResolve = accessOf(useSession().data?.account).canOperate;
  const [status, setStatus] = useState<Status | undefined>("pending");
  const list = useCorrections(status);
  const resolve = useResolveCorrection();
  const [resolving, setResolving] = useState<CorrectionRequest | null>(null);
  const [form] = Form.useForm<{ status: "corrected" | "rejected"; outcome: string; cause?: string }>();

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t("status")}
          value={status}
          onChange={setStatus}
          options={(["pending", "corrected", "rejected"] as Status[]).map((s) => ({
            value: s,
            label: t(`findings.correction.${s}` as MessageKey),
          }))}
        />
      </Space>
      <ProblemAlert error={list.error} />
      <Table<CorrectionRequest>
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description={t("findings.noCorrections")} /> }}
        columns={[
          { title: t("board.submitted"), dataIndex: "submittedAt", render: (v: string) => beijingTime(v) },
          {
            title: t("finding"),
            dataIndex: "findingId",
            render: (id: string) => (
              <a href={`/zh/results/${id}`} target="_blank" rel="noreferrer">
                {id.slice(0, 8)}
              </a>
            ),
          },
          { title: t("findings.message"), dataIndex: "message" },
          { title: t("board.contact"), dataIndex: "contact", render: (c: string | null) => c ?? "—" },
          {
            title: t("status"),
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <Tag color={COLOR[r.status]}>{t(`findings.correction.${r.status}` as MessageKey)}</Tag>
                {r.outcome && <Typography.Text type="secondary">{r.outcome}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: "",
            render: (_, r) =>
              canResolve && r.status === "pending" ? (
                <Button size="small" onClick={() => setResolving(r)} data-action="resolve-correction">
                  {t("findings.resolve")}
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={resolving !== null}
        title={t("findings.resolveTitle")}
        okText={t("submit")}
        cancelText={t("cancel")}
        confirmLoading={resolve.isPending}
        onCancel={() => setResolving(null)}
        onOk={() =>
          form.validateFields().then((v) =>
            resolve.mutate(
              {
                id: resolving!.id,
                status: v.status,
                outcome: v.outcome,
                cause: v.cause?.trim() || null,
                correction: null,
              },
              {
                onSuccess: () => {
                  message.success(t("findings.resolved"));
                  setResolving(null);
                },
              },
            ),
          )
        }
      >
        <Typography.Paragraph>{resolving?.message}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false} initialValues={{ status: "corrected" }}>
          <Form.Item name="status" label={t("findings.outcomeKind")}>
            <Radio.Group
              options={[
                { value: "corrected", label: t("findings.correction.corrected") },
                { value: "rejected", label: t("findings.correction.rejected") },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="outcome"
            label={t("findings.outcome")}
            extra={t("findings.outcomeHint")}
            rules={[{ required: true, whitespace: true, message: t("findings.noteRequired") }]}
          >
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Form.Item name="cause" label={t("findings.cause")}>
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
        </Form>
        <ProblemAlert error={resolve.error} />
      </Modal>
    </>
  );
}
