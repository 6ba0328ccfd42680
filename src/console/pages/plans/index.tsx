/**
 * Annual plan (年度抽查计划) of a year: the current version with its items and effective rules,
 * the draft (a first plan, or an amendment as a new version) with edit / approve / discard, and
 * the version history. Approved versions never change; amending makes the next version.
 */
import { Alert, Button, Card, Empty, Modal, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { accessOf } from "../../access";
import { ApiProblem } from "../../api/client";
import { type Plan, useApprovePlan, useDiscardPlanDraft, usePlans, usePlanVersions } from "../../api/plans";
import { useSession } from "../../api/session";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { beijingTime, beijingToday } from "../../time";
import { PlanForm, type PlanFormMode } from "./plan-form";
import { PlanView } from "./plan-view";

function yearsToOffer(planYears: number[]): number[] {
  const now = Number(beijingToday().slice(0, 4));
  return [...new Set([...planYears, now, now + 1])].sort((a, b) => b - a);
}

export default function PlansPage() {
  const { t } = useI18n();
  const canEdit = accessOf(useSession().data?.account).canOperate;
  const plans = usePlans();
  const [year, setYear] = useState(() => Number(beijingToday().slice(0, 4)));
  const versions = usePlanVersions(year);
  const approve = useApprovePlan();
  const discard = useDiscardPlanDraft();
  const [form, setForm] = useState<{ mode: PlanFormMode; from: Plan | null } | null>(null);

  const none = versions.error instanceof ApiProblem && versions.error.problem.status === 404;
  const all = none ? [] : (versions.data?.items ?? []);
  const current = all.findLast((p) => p.status === "approved") ?? null;
  const draft = all.find((p) => p.status === "draft") ?? null;

  const confirmApprove = (p: Plan) =>
    Modal.confirm({
      title: `${t("plans.approve")} ${year} v${p.version}`,
      content: t("plans.approveHint"),
      okText: t("plans.approve"),
      cancelText: t("cancel"),
      onOk: () => approve.mutateAsync(year),
    });

  const draftActions = (p: Plan) =>
    canEdit && (
      <Space wrap>
        <Button onClick={() => setForm({ mode: "edit", from: p })} data-action="edit-plan">
          {t("plans.editDraft")}
        </Button>
        <Button
          type="primary"
          loading={approve.isPending}
          onClick={() => confirmApprove(p)}
          data-action="approve-plan"
        >
          {t("plans.approve")}
        </Button>
        <Button danger loading={discard.isPending} onClick={() => discard.mutate(year)}>
          {t("plans.discardDraft")}
        </Button>
      </Space>
    );

  return (
    <Card
      title={t("plans.title")}
      extra={
        <Select
          aria-label={t("plans.year")}
          value={year}
          onChange={setYear}
          style={{ width: 120 }}
          options={yearsToOffer((plans.data?.items ?? []).map((p) => p.year)).map((y) => ({
            value: y,
            label: `${y}`,
          }))}
        />
      }
    >
      <Typography.Paragraph type="secondary">{t("plans.intro")}</Typography.Paragraph>
      <ProblemAlert error={(none ? null : versions.error) ?? approve.error ?? discard.error} />
      {none && (
        <Empty description={t("plans.empty")}>
          {canEdit && (
            <Button
              type="primary"
              onClick={() => setForm({ mode: "create", from: null })}
              data-action="new-plan"
            >
              {t("plans.new")}
            </Button>
          )}
        </Empty>
      )}
      {draft && current && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${t("plans.pendingAmendment")} v${draft.version}`}
          description={
            <Space direction="vertical">
              <span>
                {t("plans.reason")}：{draft.amendmentReason}
              </span>
              {draftActions(draft)}
            </Space>
          }
        />
      )}
      {current && (
        <>
          <Space style={{ marginBottom: 12 }}>
            <Typography.Text strong>{t("plans.current")}</Typography.Text>
            {canEdit && !draft && (
              <Button onClick={() => setForm({ mode: "amend", from: current })} data-action="amend-plan">
                {t("plans.amend")}
              </Button>
            )}
          </Space>
          <PlanView plan={current} />
        </>
      )}
      {draft && !current && (
        <>
          <Space style={{ marginBottom: 12 }}>{draftActions(draft)}</Space>
          <PlanView plan={draft} />
        </>
      )}
      {all.length > 0 && (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t("plans.history")}
          </Typography.Title>
          <Table<Plan>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={[...all].reverse()}
            expandable={{ expandedRowRender: (p) => <PlanView plan={p} /> }}
            columns={[
              { title: t("plans.version"), dataIndex: "version", render: (v: number) => `v${v}` },
              {
                title: t("status"),
                render: (_, p) => (
                  <Tag color={p.status === "draft" ? "gold" : p.supersededAt ? "default" : "green"}>
                    {p.status === "draft"
                      ? t("plans.status.draft")
                      : p.supersededAt
                        ? t("plans.superseded")
                        : t("plans.current")}
                  </Tag>
                ),
              },
              { title: t("plans.reason"), render: (_, p) => p.amendmentReason ?? "—" },
              { title: t("plans.items"), render: (_, p) => p.items.map((i) => i.code).join("、") },
              { title: t("plans.approvedAt"), render: (_, p) => beijingTime(p.approvedAt) },
              { title: t("plans.supersededAt"), render: (_, p) => beijingTime(p.supersededAt) },
            ]}
          />
        </>
      )}
      <PlanForm
        year={year}
        mode={form?.mode ?? null}
        from={form?.from ?? null}
        onClose={() => setForm(null)}
      />
    </Card>
  );
}
