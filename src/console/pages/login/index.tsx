/** Sign-in (POST /auth/sign-in); afterwards back to where the guard sent the person from, or home. */
import { Button, Card, Form, Input, Typography } from "antd";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { homeFor, useSession, useSignIn } from "../../api/session";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { safeNext } from "./safe-next";

export default function LoginPage() {
  const { t } = useI18n();
  const session = useSession();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));

  if (session.data) {
    const to = next ?? homeFor(session.data.account);
    if (session.data.account.mustChangePassword)
      return <Navigate to={`/password?next=${encodeURIComponent(to)}`} replace />;
    return <Navigate to={to} replace />;
  }

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
              onSuccess: (s) => {
                const to = next ?? homeFor(s.account);
                navigate(s.account.mustChangePassword ? `/password?next=${encodeURIComponent(to)}` : to, {
                  replace: true,
                });
              },
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
