/**
 * The inspected parties' recusal requests (回避申请) of the round: pending ones first, each
 * decided once with a note; an accepted request substitutes the inspector verifiably and the
 * board shows the substitute.
 */
import { App, Button, Empty, Input, Modal, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { type RecusalRequest, useDecideRecusal, useRecusalRequests } from "../../api/board";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { beijingTime } from "../../time";

const STATUS_COLOR = { pending: "gold", accepted: "green", rejected: "default" } as const;

export function RecusalRequests({ roundId, canDecide }: { roundId: string; canDecide: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const requests = useRecusalRequests(roundId);
  const decide = useDecideRecusal(roundId);
  const [deciding, setDeciding] = useState<{ request: RecusalRequest; accept: boolean } | null>(null);
  const [note, setNote] = useState("");
  const items = [...(requests.data?.items ?? [])].sort(
    (a, b) => Number(b.status === "pending") - Number(a.status === "pending"),
  );

  const submit = () => {
    if (!deciding) return;
    decide.mutate(
      { id: deciding.request.id, accept: deciding.accept, note: note.trim() },
      {
        onSuccess: (r) => {
          setDeciding(null);
          setNote("");
          if (r.status === "rejected") message.info(t("board.rejected"));
          else if (r.substitution?.substitute) message.success(t("board.substituted"));
          else message.warning(t("board.noSubstitute"));
        },
      },
    );
  };

  return (
    <>
      <ProblemAlert error={requests.error} />
      <Table<RecusalRequest>
        rowKey="id"
        size="small"
        loading={requests.isPending}
        dataSource={items}
        pagination={items.length > 10 ? { pageSize: 10 } : false}
        scroll={{ x: true }}
        onRow={(r) => ({ "data-recusal-request": r.id }) as React.HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <Empty description={t("board.noRequests")} /> }}
        columns={[
          { title: t("board.submitted"), dataIndex: "createdAt", render: (v: string) => beijingTime(v) },
          {
            title: t("entity"),
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <span>{r.entityName ?? "—"}</span>
                <Typography.Text type="secondary">{r.entityId}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t("board.inspector"),
            render: (_, r) => (
              <Space size={4}>
                <span>{r.inspectorName ?? r.inspectorId}</span>
                {r.certificateNo && <Typography.Text code>{r.certificateNo}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: t("conflictCategory"),
            dataIndex: "category",
            render: (c: string) => t(`conflict.${c}` as MessageKey) ?? c,
          },
          { title: t("conflictStatement"), dataIndex: "statement" },
          { title: t("board.contact"), dataIndex: "contact" },
          {
            title: t("status"),
            render: (_, r) => (
              <Space direction="vertical" size={0}>
                <Tag color={STATUS_COLOR[r.status]} data-request-status={r.status}>
                  {t(`board.request.${r.status}` as MessageKey)}
                </Tag>
                {r.decisionNote && <Typography.Text type="secondary">{r.decisionNote}</Typography.Text>}
              </Space>
            ),
          },
          {
            title: "",
            render: (_, r) =>
              r.status === "pending" && canDecide ? (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    data-action="accept-recusal"
                    onClick={() => setDeciding({ request: r, accept: true })}
                  >
                    {t("board.accept")}
                  </Button>
                  <Button
                    size="small"
                    data-action="reject-recusal"
                    onClick={() => setDeciding({ request: r, accept: false })}
                  >
                    {t("board.reject")}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <Modal
        open={deciding !== null}
        title={deciding?.accept ? t("board.acceptTitle") : t("board.rejectTitle")}
        okText={t("submit")}
        cancelText={t("cancel")}
        confirmLoading={decide.isPending}
        okButtonProps={{
          disabled: !deciding?.accept && note.trim() === "",
          ...({ "data-action": "confirm-decision" } as object),
        }}
        onOk={submit}
        onCancel={() => setDeciding(null)}
      >
        <Space direction="vertical" style={{ width: "100%" }}>
          <Typography.Paragraph>
            {deciding?.accept ? t("board.acceptHint") : t("board.rejectHint")}
          </Typography.Paragraph>
          <Input.TextArea
            rows={3}
            maxLength={2000}
            value={note}
            placeholder={t("board.note")}
            aria-label={t("board.note")}
            onChange={(e) => setNote(e.target.value)}
          />
          <ProblemAlert error={decide.error} />
        </Space>
      </Modal>
    </>
  );
}
