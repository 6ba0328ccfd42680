/**
 * Create or edit a checklist item (a draft version). The 细则第九条 floors are explained beside
 * the figures and checked before saving (floor-rules.ts); the server checks them again.
 */
import { Alert, Button, Checkbox, Drawer, Form, Input, InputNumber, Select, Space, Switch } from "antd";
import { useEffect } from "react";
import {
  type ChecklistItemVersion,
  type CreateItemBody,
  useCreateItem,
  useUpdateItem,
} from "../../api/checklist";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import {
  bpToPercent,
  MIN_RATE_BP,
  MIN_ROUNDS_PER_YEAR,
  overrideProblem,
  percentToBp,
  rateProblem,
  roundsProblem,
} from "./floor-rules";

interface Values {
  code: string;
  inspectingBody: string;
  name: string;
  legalBasis: string;
  content: string;
  methods: ("written" | "on_site")[];
  targetDescription?: string;
  targetEntityTypes?: string[];
  targetIndustries?: string[];
  targetRegionCodes?: string[];
  requiredQualification?: string;
  entityCount?: number | null;
  defaultRatePercent?: number | null;
  defaultRoundsPerYear?: number | null;
  hasOverride: boolean;
  overrideRatePercent?: number | null;
  overrideRoundsPerYear?: number | null;
  overrideBasis?: string;
  notes?: string;
}

function toValues(v: ChecklistItemVersion | null): Partial<Values> {
  if (!v) return { methods: ["on_site"], hasOverride: false, defaultRatePercent: 3, defaultRoundsPerYear: 2 };
  return {
    ...v,
    requiredQualification: v.requiredQualification ?? undefined,
    defaultRatePercent: bpToPercent(v.defaultRateBp),
    hasOverride: v.legalOverride !== null,
    overrideRatePercent: bpToPercent(v.legalOverride?.rateBp),
    overrideRoundsPerYear: v.legalOverride?.roundsPerYear ?? null,
    overrideBasis: v.legalOverride?.basis ?? "",
  };
}

function toBody(v: Values): CreateItemBody {
  return {
    code: v.code,
    inspectingBody: v.inspectingBody,
    name: v.name,
    legalBasis: v.legalBasis,
    content: v.content,
    methods: v.methods,
    targetDescription: v.targetDescription ?? "",
    targetEntityTypes: v.targetEntityTypes ?? [],
    targetIndustries: v.targetIndustries ?? [],
    targetRegionCodes: v.targetRegionCodes ?? [],
    requiredQualification: v.requiredQualification?.trim() || null,
    entityCount: v.entityCount ?? null,
    defaultRateBp: percentToBp(v.defaultRatePercent),
    defaultRoundsPerYear: v.defaultRoundsPerYear ?? null,
    legalOverride: v.hasOverride
      ? {
          rateBp: percentToBp(v.overrideRatePercent),
          roundsPerYear: v.overrideRoundsPerYear ?? null,
          basis: v.overrideBasis ?? "",
        }
      : null,
    notes: v.notes ?? "",
  };
}

/** The floors as the form's current values state them (override figures in bp). */
function floorInput(get: (name: keyof Values) => unknown) {
  const has = get("hasOverride") === true;
  return {
    defaultRateBp: percentToBp(get("defaultRatePercent") as number | null),
    defaultRoundsPerYear: (get("defaultRoundsPerYear") as number | null | undefined) ?? null,
    override: has
      ? {
          rateBp: percentToBp(get("overrideRatePercent") as number | null),
          roundsPerYear: (get("overrideRoundsPerYear") as number | null | undefined) ?? null,
        }
      : null,
  };
}

const rule =
  (check: (get: (n: keyof Values) => unknown) => string | null) =>
  ({ getFieldValue }: { getFieldValue: (n: keyof Values) => unknown }) => ({
    validator: () => {
      const problem = check(getFieldValue);
      return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
    },
  });

export function ItemForm(props: {
  open: boolean;
  /** The version to edit (the draft, or the published text a new version starts from); null = new item. */
  editing: ChecklistItemVersion | null;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const create = useCreateItem();
  const update = useUpdateItem();
  const hasOverride = Form.useWatch("hasOverride", form);
  const isNew = props.editing === null;

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    form.setFieldsValue(toValues(props.editing));
    create.reset();
    update.reset();
  }, [props.open, props.editing, form, create.reset, update.reset]);

  async function save(values: Values) {
    const body = toBody(values);
    if (isNew) await create.mutateAsync(body);
    else {
      const { code: _code, ...patch } = body;
      await update.mutateAsync({ itemCode: props.editing?.code ?? "", body: patch });
    }
    props.onClose();
  }

  const required = (message: string) => ({ required: true, whitespace: true, message });
  return (
    <Drawer
      open={props.open}
      onClose={props.onClose}
      size="large"
      title={isNew ? t("checklist.new") : `${t("checklist.edit")} ${props.editing?.code ?? ""}`}
      extra={
        <Space>
          <Button onClick={props.onClose}>{t("cancel")}</Button>
          <Button
            type="primary"
            loading={create.isPending || update.isPending}
            onClick={() => form.submit()}
            data-action="save-item"
          >
            {t("checklist.saveDraft")}
          </Button>
        </Space>
      }
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t("checklist.floorsTitle")}
        description={t("checklist.floorsBody")}
      />
      <ProblemAlert error={create.error ?? update.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(v) => save(v).catch(() => {})}
        name="checklist-item"
      >
        <Form.Item
          name="code"
          label={t("checklist.code")}
          extra={t("checklist.codeHint")}
          rules={[
            required(t("checklist.codeRequired")),
            { pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, message: t("checklist.codePattern") },
          ]}
        >
          <Input disabled={!isNew} />
        </Form.Item>
        <Form.Item name="name" label={t("checklist.name")} rules={[required(t("checklist.nameRequired"))]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="inspectingBody"
          label={t("checklist.inspectingBody")}
          rules={[required(t("checklist.inspectingBodyRequired"))]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="legalBasis"
          label={t("checklist.legalBasis")}
          extra={t("checklist.legalBasisHint")}
          rules={[required(t("checklist.legalBasisRequired"))]}
        >
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item
          name="content"
          label={t("checklist.content")}
          rules={[required(t("checklist.contentRequired"))]}
        >
          <Input.TextArea autoSize={{ minRows: 2 }} />
        </Form.Item>
        <Form.Item
          name="methods"
          label={t("checklist.methods")}
          rules={[{ required: true, type: "array", min: 1, message: t("checklist.methodsRequired") }]}
        >
          <Checkbox.Group
            options={[
              { value: "written", label: t("method.written") },
              { value: "on_site", label: t("method.on_site") },
            ]}
          />
        </Form.Item>
        <Form.Item name="targetDescription" label={t("checklist.target")}>
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="targetEntityTypes" label={t("checklist.targetEntityTypes")}>
            <Select mode="tags" style={{ minWidth: 200 }} open={false} />
          </Form.Item>
          <Form.Item name="targetIndustries" label={t("checklist.targetIndustries")}>
            <Select mode="tags" style={{ minWidth: 200 }} open={false} />
          </Form.Item>
          <Form.Item name="targetRegionCodes" label={t("checklist.targetRegionCodes")}>
            <Select mode="tags" style={{ minWidth: 200 }} open={false} />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="requiredQualification" label={t("checklist.requiredQualification")}>
            <Input />
          </Form.Item>
          <Form.Item name="entityCount" label={t("checklist.entityCount")}>
            <InputNumber min={0} precision={0} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item
            name="defaultRatePercent"
            label={t("checklist.rate")}
            extra={`${t("checklist.rateHint")} ${MIN_RATE_BP / 100}%`}
            dependencies={["hasOverride", "overrideRatePercent"]}
            rules={[rule((get) => rateProblem(floorInput(get)))]}
          >
            <InputNumber min={0} max={100} step={0.5} precision={2} suffix="%" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="defaultRoundsPerYear"
            label={t("checklist.rounds")}
            extra={`${t("checklist.roundsHint")} ${MIN_ROUNDS_PER_YEAR}`}
            dependencies={["hasOverride", "overrideRoundsPerYear"]}
            rules={[rule((get) => roundsProblem(floorInput(get)))]}
          >
            <InputNumber min={0} max={366} precision={0} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="hasOverride" label={t("checklist.override")} valuePropName="checked">
          <Switch />
        </Form.Item>
        {hasOverride && (
          <>
            <Space wrap align="start">
              <Form.Item name="overrideRatePercent" label={t("checklist.overrideRate")}>
                <InputNumber min={0.01} max={100} precision={2} suffix="%" style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="overrideRoundsPerYear" label={t("checklist.overrideRounds")}>
                <InputNumber min={1} max={366} precision={0} style={{ width: 160 }} />
              </Form.Item>
            </Space>
            <Form.Item
              name="overrideBasis"
              label={t("checklist.overrideBasis")}
              dependencies={["overrideRatePercent", "overrideRoundsPerYear"]}
              rules={[
                rule((get) =>
                  overrideProblem({
                    rateBp: percentToBp(get("overrideRatePercent") as number | null),
                    roundsPerYear: (get("overrideRoundsPerYear") as number | null | undefined) ?? null,
                    basis: String(get("overrideBasis") ?? ""),
                  }),
                ),
              ]}
            >
              <Input.TextArea autoSize={{ minRows: 2 }} />
            </Form.Item>
          </>
        )}
        <Form.Item name="notes" label={t("checklist.notes")}>
          <Input.TextArea autoSize={{ minRows: 1 }} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
