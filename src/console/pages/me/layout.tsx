/**
 * The phone workspace's shell: a slim sticky header (title, language, sign-out) over one
 * column no wider than a phone; nothing may be wider than the screen (tested at 375 px).
 */
import { Button, Space, Typography } from "antd";
import { Outlet } from "react-router";
import { useSession, useSignOut } from "../../api/session";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { useI18n } from "../../i18n";

export default function MobileLayout() {
  const { t } = useI18n();
  const session = useSession();
  const signOut = useSignOut();
  return (
    <div style={{ minHeight: "100vh", background: "#f5f5f5", overflowX: "hidden" }}>
      <header
        style={{
          position: "sticky",
          top: 0,
          zIndex: 10,
          background: "#1677ff",
          color: "#fff",
          padding: "8px 12px",
          display: "flex",
          alignItems: "center",
          justifyContent: "space-between",
          gap: 8,
        }}
      >
        <Typography.Text strong style={{ color: "#fff", minWidth: 0 }} ellipsis>
          {session.data?.account.displayName ?? t("appName")}
        </Typography.Text>
        <Space size={4}>
          <LanguageSwitch onDark />
          <Button size="small" onClick={() => signOut.mutate()} data-action="sign-out">
            {t("signOut")}
          </Button>
        </Space>
      </header>
      <main style={{ maxWidth: 640, margin: "0 auto", padding: 12 }}>
        <Outlet />
      </main>
    </div>
  );
}
