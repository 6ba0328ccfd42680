/**
 * Step 1 of the round wizard: the round's item, plan year, team size, window, reveal deadline
 * and entropy contributors, and for a joint round (联合抽查) the departments invited, picked by
 * name. The server's preflight (GET /round-readiness) runs as the form
 * changes; the create button stays disabled while a check that POST /rounds or the commit
 * would refuse fails, and each failure links to its fix.
 */
import { MinusCircleOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Form, Input, InputNumber, Select, Space, Typography } from "antd";
import dayjs from "dayjs";
import { useNavigate } from "react-router";
import { useChecklist } from "../../api/checklist";
import { keepCredentials, type PlannedQuery, useCreateRound, usePlannedReadiness } from "../../api/rounds";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { BEIJING } from "../../time";
import { DepartmentPicker } from "./department-picker";
import { ReadinessList } from "./readiness-list";

interface Values {
  title: string;
  planYear: number;
  itemCode?: string;
  teamSize: number;
  windowFrom: string;
  windowUntil: string;
  /** datetime-local text, read as Beijing time. */
  revealDeadline: string;
  contributors: string[];
  /** Codes of the departments invited to a joint round (none: the department's own round). */
  jointDepartments: string[];
}

const beijing = () => dayjs().tz(BEIJING);

function initialValues(): Values {
  const now = beijing();
  return {
    title: "",
    planYear: now.year(),
    teamSize: 2,
    windowFrom: now.add(7, "day").format("YYYY-MM-DD"),
    windowUntil: now.add(60, "day").format("YYYY-MM-DD"),
    revealDeadline: now.add(2, "hour").format("YYYY-MM-DDTHH:mm"),
    contributors: ["市场监督管理局", "公证处"],
    jointDepartments: [],
  };
}

const names = (list: (string | undefined)[] | undefined) =>
  (list ?? []).map((s) => (s ?? "").trim()).filter((s) => s !== "");

function plannedQuery(v: Partial<Values>): PlannedQuery | null {
  if (!v.itemCode || !v.planYear) return null;
  return {
    planYear: v.planYear,
    itemCode: v.itemCode,
    contributors: names(v.contributors).join(","),
    teamSize: v.teamSize ?? undefined,
    windowFrom: v.windowFrom || undefined,
    windowUntil: v.windowUntil || undefined,
  };
}

export function CreateStep() {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const checklist = useChecklist();
  const create = useCreateRound();
  const watched = Form.useWatch([], form) as Partial<Values> | undefined;
  const readiness = usePlannedReadiness(watched ? plannedQuery(watched) : null);
  const items = (checklist.data?.items ?? []).filter((i) => i.published && i.published.withdrawnAt === null);

  const onFinish = async (v: Values) => {
    const created = await create.mutateAsync({
      title: v.title.trim(),
      planYear: v.planYear,
      itemCode: v.itemCode ?? "",
      teamSize: v.teamSize,
      windowFrom: v.windowFrom,
      windowUntil: v.windowUntil,
      revealDeadline: dayjs.tz(v.revealDeadline, BEIJING).toISOString(),
      contributors: names(v.contributors),
      ...((v.jointDepartments ?? []).length > 0 ? { jointDepartments: v.jointDepartments } : {}),
    });
    keepCredentials(created.round.id, created.credentials);
    navigate(`/rounds/${created.round.id}`);
  };

  return (
    <Card title={t("rounds.create")}>
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues()}
        onFinish={onFinish}
        style={{ maxWidth: 640 }}
      >
        <Form.Item
          name="title"
          label={t("rounds.titleField")}
          rules={[{ required: true, message: t("rounds.titleRequired") }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="planYear" label={t("rounds.planYear")} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item
            name="teamSize"
            label={t("rounds.teamSize")}
            dependencies={["jointDepartments"]}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                // A joint round's team has a member of every department (draw-spec §9).
                validator: (_, value: number) =>
                  !value || value >= 1 + (getFieldValue("jointDepartments") ?? []).length
                    ? Promise.resolve()
                    : Promise.reject(new Error(t("joint.teamTooSmall"))),
              }),
            ]}
          >
            <InputNumber min={2} max={20} />
          </Form.Item>
        </Space>
        <Form.Item
          name="itemCode"
          label={t("rounds.item")}
          rules={[{ required: true, message: t("rounds.itemRequired") }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={checklist.isPending}
            notFoundContent={t("rounds.noItems")}
            options={items.map((i) => ({
              value: i.code,
              label: `${i.code} ${i.published?.name ?? ""} v${i.published?.version ?? ""}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="jointDepartments" label={t("joint.inviteField")} extra={t("joint.inviteHint")}>
          <DepartmentPicker />
        </Form.Item>
        <Space wrap>
          <Form.Item name="windowFrom" label={t("rounds.windowFrom")} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item
            name="windowUntil"
            label={t("rounds.windowUntil")}
            dependencies={["windowFrom"]}
            rules={[
              { required: true },
              ({ getFieldValue }) => ({
                validator: (_, value: string) =>
                  !value || value >= getFieldValue("windowFrom")
                    ? Promise.resolve()
                    : Promise.reject(new Error(t("rounds.windowOrder"))),
              }),
            ]}
          >
            <Input type="date" />
          </Form.Item>
          <Form.Item
            name="revealDeadline"
            label={t("rounds.revealDeadline")}
            rules={[
              { required: true },
              {
                validator: (_, value: string) =>
                  value && dayjs.tz(value, BEIJING).isAfter(dayjs())
                    ? Promise.resolve()
                    : Promise.reject(new Error(t("rounds.deadlinePast"))),
              },
            ]}
          >
            <Input type="datetime-local" />
          </Form.Item>
        </Space>
        <Typography.Paragraph type="secondary">{t("rounds.contributorsHint")}</Typography.Paragraph>
        <Form.List name="contributors">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                // 320 px wide where there is room, narrower on a phone; the remove button beside
                // the input (30 px: the height of the vertical form's label above it).
                <Flex key={field.key} gap={4} align="start">
                  <Form.Item
                    name={field.name}
                    label={`${t("rounds.contributor")} ${i + 1}`}
                    rules={[{ required: true, whitespace: true, message: t("rounds.contributorRequired") }]}
                    style={{ flex: "0 1 320px", minWidth: 0 }}
                  >
                    <Input maxLength={100} />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      aria-label={t("rounds.removeContributor")}
                      onClick={() => remove(field.name)}
                      style={{ marginTop: 30 }}
                      data-action="remove-contributor"
                    />
                  )}
                </Flex>
              ))}
              <Form.Item>
                <Button
                  type="dashed"
                  onClick={() => add("")}
                  icon={<PlusOutlined />}
                  data-action="add-contributor"
                >
                  {t("rounds.addContributor")}
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        <Typography.Title level={5}>{t("rounds.preflight")}</Typography.Title>
        {readiness.data ? (
          <ReadinessList checks={readiness.data.checks} />
        ) : (
          <Typography.Paragraph type="secondary">{t("rounds.preflightPending")}</Typography.Paragraph>
        )}
        <ProblemAlert error={readiness.error ?? create.error} />
        <Form.Item style={{ marginTop: 16 }}>
          <Button
            type="primary"
            htmlType="submit"
            loading={create.isPending}
            disabled={!readiness.data?.ready}
            data-action="create-round"
          >
            {t("rounds.createSubmit")}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
