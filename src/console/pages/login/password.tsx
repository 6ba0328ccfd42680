/** Replacing a one-time password (or changing one's own): current, new twice; then on to where the person was going. */
import { Button, Card, Form, Input, Typography } from "antd";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { homeFor, useChangePassword, useSession } from "../../api/session";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { safeNext } from "./safe-next";

interface Values {
  current: string;
  next: string;
  confirm: string;
}

export default function PasswordPage() {
  const { t } = useI18n();
  const session = useSession();
  const change = useChangePassword();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  if (session.isPending) return null;
  if (!session.data) return <Navigate to="/login" replace />;
  const to = safeNext(params.get("next")) ?? homeFor(session.data.account);
  return (
    <div
      style={{
        minHeight: "100vh",
        display: "flex",
        justifyContent: "center",
        alignItems: "center",
        padding: 16,
      }}
    >
      <Card style={{ width: "100%", maxWidth: 380 }}>
        <Typography.Title level={4}>{t("changePassword")}</Typography.Title>
        {session.data.account.mustChangePassword && (
          <Typography.Paragraph type="secondary">{t("oneTimePasswordHint")}</Typography.Paragraph>
        )}
        <Form<Values>
          layout="vertical"
          size="large"
          requiredMark={false}
          onFinish={(v) =>
            change.mutate(
              { current: v.current, next: v.next },
              { onSuccess: () => navigate(to, { replace: true }) },
            )
          }
        >
          <Form.Item
            name="current"
            label={t("currentPassword")}
            rules={[{ required: true, message: t("required") }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="next"
            label={t("newPassword")}
            rules={[{ required: true, min: 10, message: t("passwordRule") }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t("confirmPassword")}
            dependencies={["next"]}
            rules={[
              { required: true, message: t("required") },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  value === getFieldValue("next")
                    ? Promise.resolve()
                    : Promise.reject(new Error(t("passwordMismatch"))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {change.error && (
            <Form.Item>
              <ProblemAlert error={change.error} />
            </Form.Item>
          )}
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={change.isPending}
            data-action="change-password"
          >
            {t("submit")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
