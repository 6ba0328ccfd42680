/**
 * Checklist editor (随机抽查事项清单): every item with its current published version and any
 * draft; create and edit drafts (floors checked in the form), publish (事前公开), discard a draft,
 * withdraw an item (动态调整), and read each item's version history.
 */
import { Button, Card, Empty, Input, Modal, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { accessOf } from "../../access";
import {
  type ChecklistItemSummary,
  type ChecklistItemVersion,
  useChecklist,
  useDiscardDraft,
  usePublishItem,
  useWithdrawItem,
} from "../../api/checklist";
import { useSession } from "../../api/session";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { beijingTime } from "../../time";
import { figures } from "./figures";
import { ItemForm } from "./item-form";
import { VersionHistory } from "./versions";

const shown = (s: ChecklistItemSummary) => (s.draft ?? s.published) as ChecklistItemVersion;

function StatusTags({ item }: { item: ChecklistItemSummary }) {
  const { t } = useI18n();
  const withdrawn = shown(item).withdrawnAt !== null;
  return (
    <Space size={4} wrap>
      {item.published && (
        <Tag color={withdrawn ? "default" : "green"}>
          {t("checklist.status.published")} v{item.published.version}
        </Tag>
      )}
      {item.draft && (
        <Tag color="gold">
          {t("checklist.status.draft")} v{item.draft.version}
        </Tag>
      )}
      {withdrawn && <Tag color="red">{t("checklist.status.withdrawn")}</Tag>}
    </Space>
  );
}

export default function ChecklistPage() {
  const { t } = useI18n();
  const canEdit = accessOf(useSession().data?.account).canOperate;
  const list = useChecklist();
  const publish = usePublishItem();
  const discard = useDiscardDraft();
  const withdraw = useWithdrawItem();
  const [editing, setEditing] = useState<ChecklistItemVersion | null | undefined>(undefined);
  const [history, setHistory] = useState<string | null>(null);
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  const [reason, setReason] = useState("");

  return (
    <Card
      title={t("checklist.title")}
      extra={
        canEdit && (
          <Button type="primary" onClick={() => setEditing(null)} data-action="new-item">
            {t("checklist.new")}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t("checklist.intro")}</Typography.Paragraph>
      <ProblemAlert error={list.error ?? publish.error ?? discard.error ?? withdraw.error} />
      <Table<ChecklistItemSummary>
        rowKey="itemId"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description={t("checklist.empty")} /> }}
        columns={[
          { title: t("checklist.code"), dataIndex: "code" },
          { title: t("checklist.name"), render: (_, s) => shown(s).name },
          { title: t("status"), render: (_, s) => <StatusTags item={s} /> },
          { title: t("checklist.figures"), render: (_, s) => figures(shown(s), t) },
          { title: t("checklist.publishedAt"), render: (_, s) => beijingTime(s.published?.publishedAt) },
          {
            title: t("checklist.actions"),
            render: (_, s) => {
              const withdrawn = shown(s).withdrawnAt !== null;
              return (
                <Space size={4} wrap>
                  {canEdit && !withdrawn && (
                    <Button size="small" onClick={() => setEditing(shown(s))}>
                      {s.draft ? t("checklist.editDraft") : t("checklist.newVersion")}
                    </Button>
                  )}
                  {canEdit && s.draft && !withdrawn && (
                    <Button
                      size="small"
                      type="primary"
                      loading={publish.isPending && publish.variables === s.code}
                      onClick={() =>
                        Modal.confirm({
                          title: `${t("checklist.publishConfirm")} ${s.code} v${s.draft?.version}`,
                          content: t("checklist.publishHint"),
                          okText: t("checklist.publish"),
                          cancelText: t("cancel"),
                          onOk: () => publish.mutateAsync(s.code),
                        })
                      }
                    >
                      {t("checklist.publish")}
                    </Button>
                  )}
                  {canEdit && s.draft && !withdrawn && (
                    <Button size="small" onClick={() => discard.mutate(s.code)}>
                      {t("checklist.discardDraft")}
                    </Button>
                  )}
                  {canEdit && s.published && !withdrawn && (
                    <Button size="small" danger onClick={() => setWithdrawing(s.code)}>
                      {t("checklist.withdraw")}
                    </Button>
                  )}
                  <Button size="small" type="link" onClick={() => setHistory(s.code)}>
                    {t("checklist.history")}
                  </Button>
                </Space>
              );
            },
          },
        ]}
      />
      <ItemForm
        open={editing !== undefined}
        editing={editing ?? null}
        onClose={() => setEditing(undefined)}
      />
      <VersionHistory itemCode={history} onClose={() => setHistory(null)} />
      <Modal
        open={withdrawing !== null}
        title={`${t("checklist.withdraw")} ${withdrawing ?? ""}`}
        okText={t("checklist.withdraw")}
        okButtonProps={{ danger: true, disabled: !reason.trim() }}
        cancelText={t("cancel")}
        confirmLoading={withdraw.isPending}
        onCancel={() => setWithdrawing(null)}
        onOk={async () => {
          await withdraw.mutateAsync({ itemCode: withdrawing ?? "", reason: reason.trim() });
          setWithdrawing(null);
          setReason("");
        }}
      >
        <Typography.Paragraph>{t("checklist.withdrawHint")}</Typography.Paragraph>
        <Input.TextArea
          aria-label={t("checklist.withdrawReason")}
          placeholder={t("checklist.withdrawReason")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Card>
  );
}
