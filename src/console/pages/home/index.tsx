/** Placeholder home of the department console (issue #12 builds it): the department and who is signed in. */
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Layout, Space, Typography } from "antd";
import { Link } from "react-router";
import { accessOf } from "../../access";
import { api, unwrap } from "../../api/client";
import { useSession, useSignOut } from "../../api/session";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";

export default function HomePage() {
  const { t } = useI18n();
  const session = useSession();
  const signOut = useSignOut();
  const department = useQuery({ queryKey: ["department"], queryFn: () => unwrap(api.GET("/department")) });
  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header style={{ display: "flex", alignItems: "center", justifyContent: "space-between" }}>
        <Typography.Text style={{ color: "#fff" }} strong>
          {t("appName")}
        </Typography.Text>
        <Space>
          <Typography.Text style={{ color: "#fff" }}>{session.data?.account.displayName}</Typography.Text>
          <LanguageSwitch onDark />
          <Button size="small" onClick={() => signOut.mutate()}>
            {t("signOut")}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <ProblemAlert error={department.error} />
        <Card title={department.data?.name ?? t("homeTitle")}>
          <Typography.Paragraph>{t("homeBody")}</Typography.Paragraph>
          <Space>
            <a href="/docs">{t("apiDocs")}</a>
            {accessOf(session.data?.account).canAdmin && <Link to="/webhooks">{t("webhooks")}</Link>}
          </Space>
        </Card>
      </Layout.Content>
    </Layout>
  );
}
