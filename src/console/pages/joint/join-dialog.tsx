/**
 * Joining a joint round: the department picks its own published checklist item (its approved
 * plan must cover it; the server says so otherwise) and may name entropy contributors. Their
 * one-time invite links are shown once, right after joining.
 */
import { Alert, Button, Form, Modal, Select, Typography } from "antd";
import { useState } from "react";
import { useChecklist } from "../../api/checklist";
import { type Joined, type JointInvitation, useJoinRound } from "../../api/joint";
import { inviteLink } from "../../api/rounds";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";

interface Values {
  itemCode: string;
  contributors: string[];
}

export function JoinDialog({ invitation, onClose }: { invitation: JointInvitation; onClose(): void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const checklist = useChecklist();
  const join = useJoinRound();
  const [joined, setJoined] = useState<Joined | null>(null);
  const items = (checklist.data?.items ?? []).filter((i) => i.published && i.published.withdrawnAt === null);

  const onFinish = async (v: Values) => {
    const names = (v.contributors ?? []).map((n) => n.trim()).filter((n) => n !== "");
    setJoined(
      await join.mutateAsync({ id: invitation.roundId, body: { itemCode: v.itemCode, contributors: names } }),
    );
  };

  if (joined)
    return (
      <Modal
        open
        title={t("joint.joinedTitle")}
        onCancel={onClose}
        footer={
          <Button type="primary" onClick={onClose} data-action="joined-done">
            {t("joint.linksNoted")}
          </Button>
        }
      >
        <Alert type="success" showIcon message={t("joint.joinedBody")} style={{ marginBottom: 12 }} />
        {joined.credentials.length === 0 ? (
          <Typography.Paragraph type="secondary">{t("joint.noContributors")}</Typography.Paragraph>
        ) : (
          <>
            <Typography.Paragraph type="warning">{t("joint.linksOnce")}</Typography.Paragraph>
            {joined.credentials.map((c) => (
              <Typography.Paragraph key={c.name}>
                <Typography.Text strong>{c.name}</Typography.Text>
                <br />
                <Typography.Text copyable data-invite={c.name} style={{ wordBreak: "break-all" }}>
                  {inviteLink(c.credential)}
                </Typography.Text>
              </Typography.Paragraph>
            ))}
          </>
        )}
      </Modal>
    );

  return (
    <Modal
      open
      title={`${t("joint.join")}：${invitation.title}`}
      onCancel={onClose}
      okText={t("joint.joinSubmit")}
      okButtonProps={{ loading: join.isPending, id: "join-submit" }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ contributors: [] }}>
        <Form.Item
          name="itemCode"
          label={t("joint.ownItem")}
          extra={t("joint.ownItemHint")}
          rules={[{ required: true, message: t("rounds.itemRequired") }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            loading={checklist.isPending}
            notFoundContent={t("rounds.noItems")}
            data-field="join-item"
            options={items.map((i) => ({
              value: i.code,
              label: `${i.code} ${i.published?.name ?? ""} v${i.published?.version ?? ""}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="contributors" label={t("joint.contributors")} extra={t("joint.contributorsHint")}>
          <Select mode="tags" open={false} tokenSeparators={[",", "，"]} data-field="join-contributors" />
        </Form.Item>
      </Form>
      <ProblemAlert error={join.error} />
    </Modal>
  );
}
