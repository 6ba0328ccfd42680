/**
 * Filing the team's finding with a national result code (RULES §8). The server requires every
 * member's sign-off of the current timeline first; its refusal is shown as it states it.
 */
import { Alert, Button, Card, Checkbox, Form, Input, Select, Typography } from "antd";
import { RESULT_CODES } from "../../../findings/result-codes";
import {
  type FindingInput,
  type TeamKey,
  useFileFinding,
  useTeamFindings,
  useTimeline,
} from "../../api/inspections";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { beijingTime, beijingToday } from "../../time";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Values {
  resultCode: FindingInput["resultCode"];
  description: string;
  ordered: boolean;
  deadline?: string;
  inspectionEndedOn: string;
  evidenceHashes: string[];
}

export function FindingForm({ team }: { team: TeamKey }) {
  const { t } = useI18n();
  const findings = useTeamFindings(team);
  const evidence = (useTimeline(team).data?.items ?? []).filter((e) => e.evidence);
  const file = useFileFinding(team);
  const [form] = Form.useForm<Values>();
  const ordered = Form.useWatch("ordered", form);
  const filed = findings.data?.items[0];

  if (filed)
    return (
      <Card size="small" title={t("finding")}>
        <Alert
          type="success"
          showIcon
          data-finding={filed.id}
          title={`${t("findingFiled")}: ${filed.resultCode}`}
          description={beijingTime(filed.filedAt)}
        />
      </Card>
    );

  return (
    <Card size="small" title={t("fileFinding")}>
      <Typography.Paragraph type="secondary">{t("findingOrder")}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ ordered: false, inspectionEndedOn: beijingToday(), evidenceHashes: [] }}
        onFinish={(v) =>
          file.mutate({
            resultCode: v.resultCode,
            description: v.description,
            rectification: { ordered: v.ordered, deadline: v.ordered ? (v.deadline ?? null) : null },
            inspectionEndedOn: v.inspectionEndedOn,
            evidenceHashes: v.evidenceHashes,
          } as FindingInput)
        }
      >
        <Form.Item
          name="resultCode"
          label={t("resultCode")}
          rules={[{ required: true, message: t("required") }]}
        >
          <Select size="large" options={RESULT_CODES.map((c) => ({ value: c, label: c }))} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t("description")}
          rules={[{ required: true, whitespace: true, message: t("descriptionRequired") }, { max: 8000 }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="ordered" valuePropName="checked">
          <Checkbox>{t("rectificationOrdered")}</Checkbox>
        </Form.Item>
        {ordered && (
          <Form.Item
            name="deadline"
            label={t("rectificationDeadline")}
            rules={[{ required: true, pattern: DATE, message: "YYYY-MM-DD" }]}
          >
            {/* The phone's own date picker. */}
            <Input type="date" size="large" />
          </Form.Item>
        )}
        <Form.Item
          name="inspectionEndedOn"
          label={t("inspectionEndedOn")}
          rules={[{ required: true, pattern: DATE, message: "YYYY-MM-DD" }]}
        >
          <Input type="date" size="large" />
        </Form.Item>
        {evidence.length > 0 && (
          <Form.Item name="evidenceHashes" label={t("evidence")}>
            <Checkbox.Group
              style={{ display: "flex", flexDirection: "column" }}
              options={evidence.map((e) => ({
                value: e.evidence!.sha256,
                label: <span style={{ overflowWrap: "anywhere" }}>{e.summary}</span>,
              }))}
            />
          </Form.Item>
        )}
        <ProblemAlert error={file.error} />
        <Button
          type="primary"
          htmlType="submit"
          size="large"
          block
          loading={file.isPending}
          data-action="file-finding"
        >
          {t("fileFinding")}
        </Button>
      </Form>
    </Card>
  );
}
