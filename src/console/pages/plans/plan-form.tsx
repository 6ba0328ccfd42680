/**
 * The plan form: a new plan, its draft, or an amendment of the approved plan (a new version,
 * with its reason). Items come from the published checklist; the 细则第九条 floors are
 * checked here before saving (plan-rules.ts) and again by the server.
 */
import { Alert, Button, Drawer, Form, Input, InputNumber, Select, Space, Typography } from "antd";
import { useEffect, useMemo } from "react";
import { useChecklist } from "../../api/checklist";
import { type Plan, type PlanBody, useAmendPlan, useCreatePlan, useReplacePlan } from "../../api/plans";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { CLASSES, planFloorProblems, type Rates } from "./plan-rules";

export type PlanFormMode = "create" | "edit" | "amend";

interface ItemValues {
  itemCode: string;
  roundsPerYear?: number | null;
  rates?: Partial<Record<(typeof CLASSES)[number], number | null>>;
}

interface Values {
  reason?: string;
  title?: string;
  roundsPerYear: number;
  rates: Record<(typeof CLASSES)[number], number>;
  cooldownDays?: number;
  maxInspectionsPerEntityPerYear?: number | null;
  notes?: string;
  items: ItemValues[];
}

const bp = (percent: number | null | undefined) => Math.round((percent ?? 0) * 100);

function itemRates(r: ItemValues["rates"]): Rates | null {
  if (!r || CLASSES.some((k) => r[k] === null || r[k] === undefined)) return null;
  return { A: bp(r.A), B: bp(r.B), C: bp(r.C), D: bp(r.D) };
}

function toBody(v: Values): PlanBody {
  return {
    title: v.title ?? "",
    roundsPerYear: v.roundsPerYear,
    ratesBp: { A: bp(v.rates.A), B: bp(v.rates.B), C: bp(v.rates.C), D: bp(v.rates.D) },
    cooldownDays: v.cooldownDays ?? 0,
    maxInspectionsPerEntityPerYear: v.maxInspectionsPerEntityPerYear ?? null,
    notes: v.notes ?? "",
    items: v.items.map((i) => ({
      itemCode: i.itemCode,
      roundsPerYear: i.roundsPerYear ?? null,
      ratesBp: itemRates(i.rates),
    })),
  };
}

function toValues(p: Plan | null): Partial<Values> {
  if (!p) return { roundsPerYear: 2, rates: { A: 3, B: 5, C: 10, D: 30 }, cooldownDays: 0, items: [] };
  return {
    title: p.title,
    roundsPerYear: p.roundsPerYear,
    rates: { A: p.ratesBp.A / 100, B: p.ratesBp.B / 100, C: p.ratesBp.C / 100, D: p.ratesBp.D / 100 },
    cooldownDays: p.cooldownDays,
    maxInspectionsPerEntityPerYear: p.maxInspectionsPerEntityPerYear,
    notes: p.notes,
    items: p.items.map((i) => ({
      itemCode: i.code,
      roundsPerYear: i.roundsPerYear,
      rates: i.ratesBp
        ? { A: i.ratesBp.A / 100, B: i.ratesBp.B / 100, C: i.ratesBp.C / 100, D: i.ratesBp.D / 100 }
        : undefined,
    })),
  };
}

export function PlanForm(props: {
  year: number;
  mode: PlanFormMode | null;
  /** The plan the form starts from (the draft, or the approved version being amended). */
  from: Plan | null;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const checklist = useChecklist();
  const create = useCreatePlan();
  const replace = useReplacePlan();
  const amend = useAmendPlan();
  const open = props.mode !== null;
  const published = useMemo(
    () => (checklist.data?.items ?? []).filter((s) => s.published && s.published.withdrawnAt === null),
    [checklist.data],
  );
  const watched = Form.useWatch([], form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(toValues(props.from));
  }, [open, props.from, form]);

  const problems = useMemo(() => {
    if (!watched?.rates || !watched.items) return [];
    const body = toBody({ ...watched, items: watched.items.filter((i) => i?.itemCode) });
    return planFloorProblems(
      body,
      body.items.map((i) => ({
        code: i.itemCode,
        legalOverride: published.find((s) => s.code === i.itemCode)?.published?.legalOverride ?? null,
        roundsPerYear: i.roundsPerYear ?? null,
        ratesBp: i.ratesBp ?? null,
      })),
    );
  }, [watched, published]);

  async function save(v: Values) {
    if (problems.length) return;
    const body = toBody(v);
    if (props.mode === "create") await create.mutateAsync({ year: props.year, body });
    else if (props.mode === "edit") await replace.mutateAsync({ year: props.year, body });
    else await amend.mutateAsync({ year: props.year, body, reason: v.reason ?? "" });
    props.onClose();
  }

  const pending = create.isPending || replace.isPending || amend.isPending;
  const title =
    props.mode === "amend"
      ? t("plans.amendTitle")
      : props.mode === "edit"
        ? t("plans.editDraft")
        : t("plans.new");
  const percent = { min: 0, max: 100, precision: 2, suffix: "%", style: { width: 110 } } as const;
  return (
    <Drawer
      open={open}
      onClose={props.onClose}
      size="large"
      title={`${props.year} ${title}`}
      extra={
        <Space>
          <Button onClick={props.onClose}>{t("cancel")}</Button>
          <Button type="primary" loading={pending} onClick={() => form.submit()} data-action="save-plan">
            {t("plans.saveDraft")}
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t("plans.floorsHint")} />
      <ProblemAlert error={create.error ?? replace.error ?? amend.error} />
      <Form<Values> form={form} layout="vertical" name="plan" onFinish={(v) => save(v).catch(() => {})}>
        {props.mode === "amend" && (
          <Form.Item
            name="reason"
            label={t("plans.reason")}
            rules={[{ required: true, whitespace: true, message: t("plans.reasonRequired") }]}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        )}
        <Form.Item name="title" label={t("plans.planTitle")}>
          <Input />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item
            name="roundsPerYear"
            label={t("plans.roundsPerYear")}
            rules={[{ required: true, message: t("plans.roundsRequired") }]}
          >
            <InputNumber min={1} max={366} precision={0} />
          </Form.Item>
          {CLASSES.map((k) => (
            <Form.Item
              key={k}
              name={["rates", k]}
              label={`${t("plans.rate")} ${k}`}
              rules={[{ required: true, message: t("plans.rateRequired") }]}
            >
              <InputNumber {...percent} />
            </Form.Item>
          ))}
        </Space>
        <Space wrap align="start">
          <Form.Item name="cooldownDays" label={t("plans.cooldownDays")} extra={t("plans.cooldownHint")}>
            <InputNumber min={0} max={3660} precision={0} />
          </Form.Item>
          <Form.Item
            name="maxInspectionsPerEntityPerYear"
            label={t("plans.yearlyCap")}
            extra={t("plans.yearlyCapHint")}
          >
            <InputNumber min={1} max={366} precision={0} />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>{t("plans.items")}</Typography.Title>
        <Form.List
          name="items"
          rules={[
            {
              validator: (_, items: ItemValues[] | undefined) =>
                items?.length ? Promise.resolve() : Promise.reject(new Error(t("plans.itemsRequired"))),
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((f) => (
                <Space
                  key={f.key}
                  wrap
                  align="start"
                  style={{ borderBottom: "1px solid #f0f0f0", marginBottom: 8 }}
                >
                  <Form.Item
                    name={[f.name, "itemCode"]}
                    label={t("plans.item")}
                    rules={[{ required: true, message: t("plans.itemRequired") }]}
                  >
                    <Select
                      style={{ width: 260 }}
                      showSearch
                      optionFilterProp="label"
                      options={published.map((s) => ({
                        value: s.code,
                        label: `${s.code} ${s.published?.name ?? ""}`,
                      }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, "roundsPerYear"]} label={t("plans.itemRounds")}>
                    <InputNumber min={1} max={366} precision={0} placeholder={t("plans.inherit")} />
                  </Form.Item>
                  {CLASSES.map((k) => (
                    <Form.Item key={k} name={[f.name, "rates", k]} label={`${t("plans.itemRate")} ${k}`}>
                      <InputNumber {...percent} placeholder={t("plans.inherit")} />
                    </Form.Item>
                  ))}
                  <Button danger type="link" onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                    {t("plans.removeItem")}
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add({})} data-action="add-plan-item">
                {t("plans.addItem")}
              </Button>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
        {problems.length > 0 && (
          <Alert
            type="error"
            showIcon
            role="alert"
            style={{ marginTop: 12 }}
            title={t("plans.floorProblems")}
            description={problems.map((p) => <div key={p}>{p}</div>)}
          />
        )}
        <Form.Item name="notes" label={t("plans.notes")} style={{ marginTop: 12 }}>
          <Input.TextArea autoSize={{ minRows: 1 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
