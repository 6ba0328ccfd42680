/** The two decisions that need a reason: not publishing a finding, and retracting a published one. */
import { DatePicker, Form, Input, Modal, Select } from "antd";
import type { Dayjs } from "dayjs";
import {
  type RetractBody,
  useRetract,
  useWithhold,
  WITHHOLD_REASONS,
  type WithholdReason,
} from "../../api/findings-review";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";

interface Props {
  open: boolean;
  findingId: string;
  onCancel: () => void;
  onDone: () => void;
}

export function WithholdModal({ open, findingId, onCancel, onDone }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: WithholdReason; note: string }>();
  const withhold = useWithhold();
  return (
    <Modal
      open={open}
      title={t("findings.withholdTitle")}
      okText={t("submit")}
      cancelText={t("cancel")}
      confirmLoading={withhold.isPending}
      okButtonProps={{ danger: true, ...({ "data-action": "confirm-withhold" } as object) }}
      onCancel={onCancel}
      onOk={() =>
        form.validateFields().then((v) => withhold.mutate({ id: findingId, ...v }, { onSuccess: onDone }))
      }
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t("findings.withholdReason")}
          rules={[{ required: true, message: t("required") }]}
        >
          <Select
            data-field="withhold-reason"
            options={WITHHOLD_REASONS.map((r) => ({
              value: r,
              label: t(`findings.withhold.${r}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t("findings.withholdNote")}
          rules={[{ required: true, whitespace: true, message: t("findings.noteRequired") }]}
        >
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
      <ProblemAlert error={withhold.error} />
    </Modal>
  );
}

const RETRACT_REASONS: RetractBody["reason"][] = ["revoked", "unlawful", "remade"];

export function RetractModal({ open, findingId, onCancel, onDone }: Props) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: RetractBody["reason"]; revokedOn: Dayjs; explanation: string }>();
  const retract = useRetract();
  return (
    <Modal
      open={open}
      title={t("findings.retractTitle")}
      okText={t("submit")}
      cancelText={t("cancel")}
      confirmLoading={retract.isPending}
      okButtonProps={{ danger: true, ...({ "data-action": "confirm-retract" } as object) }}
      onCancel={onCancel}
      onOk={() =>
        form.validateFields().then((v) =>
          retract.mutate(
            {
              id: findingId,
              reason: v.reason,
              revokedOn: v.revokedOn.format("YYYY-MM-DD"),
              explanation: v.explanation,
            },
            { onSuccess: onDone },
          ),
        )
      }
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t("findings.retractReason")}
          rules={[{ required: true, message: t("required") }]}
        >
          <Select
            options={RETRACT_REASONS.map((r) => ({
              value: r,
              label: t(`findings.retract.${r}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="revokedOn"
          label={t("findings.revokedOn")}
          rules={[{ required: true, message: t("required") }]}
        >
          <DatePicker />
        </Form.Item>
        <Form.Item
          name="explanation"
          label={t("findings.explanation")}
          extra={t("findings.explanationHint")}
          rules={[{ required: true, whitespace: true, message: t("findings.noteRequired") }]}
        >
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </Form>
      <ProblemAlert error={retract.error} />
    </Modal>
  );
}
