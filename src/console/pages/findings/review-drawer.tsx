/**
 * One finding under review: what the team filed, its signed inspection timeline (hash chain
 * checked by the server), the deadline; and the decisions an admin or operator takes — approve (publishes to
 * the portal and the ledger), decide not to publish with a reason, retract a published decision.
 */
import { Alert, App, Button, Descriptions, Drawer, Popconfirm, Space, Tag, Timeline, Typography } from "antd";
import { useState } from "react";
import { accessOf } from "../../access";
import { type ReviewItem, useApprove, useFinding, useTimeline } from "../../api/findings-review";
import { useSession } from "../../api/session";
import { DeadlineTag } from "../../components/DeadlineTag";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { beijingTime } from "../../time";
import { RetractModal, WithholdModal } from "./decision-modals";

function FindingTimeline({ item }: { item: ReviewItem }) {
  const { t } = useI18n();
  const timeline = useTimeline({ roundId: item.roundId, entityId: item.entityId });
  const broken = timeline.data?.firstBrokenSeq ?? null;
  return (
    <>
      <ProblemAlert error={timeline.error} />
      {timeline.data && (
        <Alert
          style={{ marginBottom: 12 }}
          type={broken === null ? "success" : "error"}
          title={broken === null ? t("findings.chainIntact") : `${t("findings.chainBroken")} #${broken}`}
        />
      )}
      <Timeline
        items={(timeline.data?.items ?? []).map((e) => ({
          key: e.id,
          children: (
            <Space direction="vertical" size={0}>
              <Typography.Text strong>
                {t(`kind.${e.kind}` as MessageKey)} · {beijingTime(e.occurredAt)}
              </Typography.Text>
              <span>{e.summary}</span>
            </Space>
          ),
        }))}
      />
    </>
  );
}

export function ReviewDrawer({ item, onClose }: { item: ReviewItem | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const canDecide = accessOf(useSession().data?.account).canOperate;
  const finding = useFinding(item?.id ?? null);
  const approve = useApprove();
  const [modal, setModal] = useState<"withhold" | "retract" | null>(null);
  const f = finding.data;
  const done = (text: MessageKey) => () => {
    message.success(t(text));
    setModal(null);
    onClose();
  };

  return (
    <Drawer open={item !== null} onClose={onClose} width={720} title={item?.entityName} destroyOnHidden>
      {item && (
        <Space direction="vertical" size={16} style={{ width: "100%" }} data-review={item.id}>
          <ProblemAlert error={finding.error ?? approve.error} />
          <Space wrap>
            {item.state === "pending" ? (
              <DeadlineTag deadline={item.deadline} due={item.due} />
            ) : (
              <Tag>{t(`findings.state.${item.state}` as MessageKey)}</Tag>
            )}
            {item.state === "published" && (
              <a href={`/zh/results/${item.id}`} target="_blank" rel="noreferrer" data-link="public-finding">
                {t("findings.publicPage")}
              </a>
            )}
          </Space>
          {canDecide && item.state === "pending" && (
            <Space wrap>
              <Popconfirm
                title={t("findings.approveConfirm")}
                description={t("findings.approveHint")}
                okText={t("findings.approve")}
                cancelText={t("cancel")}
                okButtonProps={{
                  loading: approve.isPending,
                  ...({ "data-action": "confirm-approve" } as object),
                }}
                onConfirm={() => approve.mutateAsync(item.id).then(done("findings.published"))}
              >
                <Button type="primary" data-action="approve">
                  {t("findings.approve")}
                </Button>
              </Popconfirm>
              <Button danger data-action="withhold" onClick={() => setModal("withhold")}>
                {t("findings.withhold")}
              </Button>
            </Space>
          )}
          {canDecide && item.state === "published" && (
            <Button danger data-action="retract" onClick={() => setModal("retract")}>
              {t("findings.retract")}
            </Button>
          )}
          {item.withheld && (
            <Alert
              type="info"
              title={t(`findings.withhold.${item.withheld.reason}` as MessageKey)}
              description={item.withheld.note ?? t("findings.minorFlagged")}
            />
          )}
          {f && (
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t("creditCode")}>{f.entityId}</Descriptions.Item>
              <Descriptions.Item label={t("resultCode")}>{f.resultCode}</Descriptions.Item>
              <Descriptions.Item label={t("description")}>{f.description}</Descriptions.Item>
              <Descriptions.Item label={t("rectificationOrdered")}>
                {f.rectification.ordered ? (f.rectification.deadline ?? "✓") : "—"}
              </Descriptions.Item>
              <Descriptions.Item label={t("inspectionEndedOn")}>{f.inspectionEndedOn}</Descriptions.Item>
              <Descriptions.Item label={t("findings.decisionType")}>
                {t(`findings.decision.${f.decisionType}` as MessageKey)}
                {f.decidedOn ? ` · ${f.decidedOn}` : ""}
              </Descriptions.Item>
              <Descriptions.Item label={t("findings.redacted")}>
                {[...f.tradeSecretFields, ...f.privacyFields].join("、") || "—"}
                {f.withholdingNote ? ` (${f.withholdingNote})` : ""}
              </Descriptions.Item>
              <Descriptions.Item label={t("evidence")}>{f.evidenceHashes.length}</Descriptions.Item>
              <Descriptions.Item label={t("findings.filedAt")}>{beijingTime(f.filedAt)}</Descriptions.Item>
            </Descriptions>
          )}
          <Typography.Title level={5}>{t("timeline")}</Typography.Title>
          <FindingTimeline item={item} />
          <WithholdModal
            open={modal === "withhold"}
            findingId={item.id}
            onCancel={() => setModal(null)}
            onDone={done("findings.withheldDone")}
          />
          <RetractModal
            open={modal === "retract"}
            findingId={item.id}
            onCancel={() => setModal(null)}
            onDone={done("findings.retractedDone")}
          />
        </Space>
      )}
    </Drawer>
  );
}
