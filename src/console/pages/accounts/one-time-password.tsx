/** Shows a one-time password exactly once (create, reset, a new department's admin), with a copy button. */
import { Alert, Modal, Typography } from "antd";
import { useI18n } from "../../i18n";

export interface OneTimeSecret {
  login: string;
  password: string;
}

export function OneTimePasswordModal({ secret, onClose }: { secret: OneTimeSecret | null; onClose(): void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={secret !== null}
      title={t("accounts.otpTitle")}
      onOk={onClose}
      onCancel={onClose}
      cancelButtonProps={{ style: { display: "none" } }}
      okText={t("accounts.otpDone")}
      maskClosable={false}
    >
      <Alert type="warning" showIcon title={t("accounts.otpHint")} style={{ marginBottom: 12 }} />
      <Typography.Paragraph>
        {t("login")}: <Typography.Text strong>{secret?.login}</Typography.Text>
      </Typography.Paragraph>
      <Typography.Paragraph>
        {t("accounts.otp")}:{" "}
        <Typography.Text code copyable data-testid="one-time-password">
          {secret?.password}
        </Typography.Text>
      </Typography.Paragraph>
    </Modal>
  );
}
