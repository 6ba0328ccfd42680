/** Sign-in (POST /auth/sign-in); afterwards back to where the guard sent the person from, or home. */
import { Button, Card, Form, Input, Typography } from "antd";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { homeFor, useSession, useSignIn } from "../../api/session";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";

/** Only paths inside the console are followed (no open redirect through ?next=). */
function safeNext(next: string | null): string | null {
  return next?.startsWith("/") && !next.startsWith("//") ? next : null;
}

export default function LoginPage() {
  const { t } = useI18n();
  const session = useSession();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));

  if (session.data) return <Navigate to={next ?? homeFor(session.data.account)} replace />;

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
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center" }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t("signInTitle")}
          </Typography.Title>
          <LanguageSwitch />
        </div>
        <Typography.Paragraph type="secondary">{t("signInHint")}</Typography.Paragraph>
        <Form
          layout="vertical"
          size="large"
          requiredMark={false}
          onFinish={(values: { login: string; password: string }) =>
            signIn.mutate(values, {
              onSuccess: (s) => navigate(next ?? homeFor(s.account), { replace: true }),
            })
          }
        >
          <Form.Item
            name="login"
            label={t("login")}
            rules={[{ required: true, message: t("loginRequired") }]}
          >
            <Input autoComplete="username" autoCapitalize="none" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t("password")}
            rules={[{ required: true, message: t("passwordRequired") }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {signIn.error && (
            <Form.Item>
              <ProblemAlert error={signIn.error} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
            {t("signIn")}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
