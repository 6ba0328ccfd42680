/**
 * The team's inspection record on the phone: the timeline (Beijing time), a record form, a
 * camera upload for evidence, and the sign-off. Every write goes to the server, which keeps
 * the hash chain and refuses what is out of order; its problem is shown as it is.
 */
import { CameraOutlined, CheckCircleOutlined } from "@ant-design/icons";
import { Button, Card, Flex, Form, Input, Select, Tag, Timeline, Typography, Upload } from "antd";
import { EVENT_KINDS } from "../../../findings/result-codes";
import {
  type EventInput,
  hasSignedCurrent,
  type TeamKey,
  useAppendEvent,
  useSignOff,
  useTimeline,
  useUploadEvidence,
} from "../../api/inspections";
import { useSession } from "../../api/session";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { beijingNowIso, beijingTime } from "../../time";

/** What a person records by hand; evidence files and sign-offs have their own buttons. */
const WRITABLE = EVENT_KINDS.filter((k) => k !== "sign_off" && k !== "evidence_file") as EventInput["kind"][];

export function Inspection({ team }: { team: TeamKey }) {
  const { t } = useI18n();
  const me = useSession().data?.account.inspectorId ?? "";
  const timeline = useTimeline(team);
  const append = useAppendEvent(team);
  const upload = useUploadEvidence(team);
  const signOff = useSignOff(team);
  const [form] = Form.useForm<{ kind: EventInput["kind"]; summary: string }>();
  const events = timeline.data?.items ?? [];
  const signed = hasSignedCurrent(events, me);

  return (
    <Card size="small" title={t("inspection")}>
      <ProblemAlert error={timeline.error} />
      {events.length === 0 ? (
        <Typography.Paragraph type="secondary">{t("noEvents")}</Typography.Paragraph>
      ) : (
        <Timeline
          data-timeline
          items={events.map((e) => ({
            key: e.id,
            color: e.kind === "sign_off" ? "green" : "blue",
            content: (
              <div data-event-kind={e.kind} style={{ overflowWrap: "anywhere" }}>
                <Tag>{t(`kind.${e.kind}`)}</Tag>
                <Typography.Text type="secondary">{beijingTime(e.occurredAt)}</Typography.Text>
                <div>{e.summary}</div>
              </div>
            ),
          }))}
        />
      )}

      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: "arrival" }}
        onFinish={(v) =>
          append.mutate(
            { kind: v.kind, summary: v.summary, occurredAt: beijingNowIso() },
            { onSuccess: () => form.resetFields(["summary"]) },
          )
        }
      >
        <Form.Item name="kind" label={t("eventKind")} rules={[{ required: true }]}>
          <Select size="large" options={WRITABLE.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
        </Form.Item>
        <Form.Item
          name="summary"
          label={t("summary")}
          rules={[{ required: true, whitespace: true, message: t("summaryRequired") }, { max: 4000 }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Button htmlType="submit" size="large" block loading={append.isPending} data-action="add-event">
          {t("addEvent")}
        </Button>
      </Form>
      <ProblemAlert error={append.error} />

      <Flex vertical gap={8} style={{ marginTop: 12 }}>
        <Upload
          rootClassName="sortes-block-upload"
          accept="image/*"
          capture="environment"
          showUploadList={false}
          customRequest={({ file, onSuccess, onError }) =>
            upload.mutate(
              { file: file as Blob },
              { onSuccess: (r) => onSuccess?.(r), onError: (e) => onError?.(e as Error) },
            )
          }
        >
          <Button
            icon={<CameraOutlined />}
            size="large"
            block
            loading={upload.isPending}
            data-action="upload"
          >
            {t("uploadEvidence")}
          </Button>
        </Upload>
        {upload.isSuccess && <Typography.Text type="success">{t("uploaded")}</Typography.Text>}
        <ProblemAlert error={upload.error} />

        <Button
          type="primary"
          size="large"
          block
          icon={<CheckCircleOutlined />}
          disabled={signed}
          loading={signOff.isPending}
          onClick={() => signOff.mutate(undefined)}
          data-action="sign-off"
          data-signed={signed}
        >
          {signed ? t("signedOff") : t("signOff")}
        </Button>
        <Typography.Text type="secondary">{t("signOffHint")}</Typography.Text>
        <ProblemAlert error={signOff.error} />
      </Flex>
    </Card>
  );
}
