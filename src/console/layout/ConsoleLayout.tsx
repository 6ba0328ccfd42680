/**
 * The department console's shell: a side menu (nav.tsx, filtered by the account's abilities),
 * a header with the department, the signed-in person and role, Beijing time, the language
 * switch and sign-out; pages render in the content area. The phone workspace (/m) has its own.
 * On a phone-width screen the menu folds away entirely (antd's zero-width trigger) and the
 * header keeps the role, language and sign-out, so no page is wider than the screen.
 */
import { useQuery } from "@tanstack/react-query";
import { Button, Grid, Layout, Menu, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { accessOf } from "../access";
import { api, unwrap } from "../api/client";
import { useSession, useSignOut } from "../api/session";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/zh-CN";
import { navEntries, navEntryFor } from "../nav";
import { BeijingClock } from "./BeijingClock";

export function useDepartment() {
  return useQuery({
    queryKey: ["department"],
    queryFn: () => unwrap(api.GET("/department")),
    staleTime: 300_000,
  });
}

export default function ConsoleLayout() {
  const { t } = useI18n();
  const session = useSession();
  const signOut = useSignOut();
  const department = useDepartment();
  const location = useLocation();
  const navigate = useNavigate();
  const [collapsed, setCollapsed] = useState(false);
  const wide = Grid.useBreakpoint().md !== false;
  const account = session.data?.account;
  const access = accessOf(account);
  const items = navEntries
    .filter((e) => access[e.ability])
    .map((e) => ({ key: e.path, icon: e.icon, label: t(e.label), "data-nav": e.path }));
  const selected = navEntryFor(location.pathname)?.path;

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        width={200}
        collapsedWidth={wide ? 80 : 0}
        // Folded away, the menu's trigger sits in the header's left corner, not over the page.
        zeroWidthTriggerStyle={{ top: 12 }}
      >
        <div
          style={{
            color: "#fff",
            padding: "16px",
            fontWeight: 600,
            whiteSpace: "nowrap",
            overflow: "hidden",
          }}
        >
          {collapsed ? "Sortes" : t("appName")}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected] : []}
          items={items}
          onClick={({ key }) => navigate(key)}
          data-testid="console-nav"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: "#fff",
            padding: wide ? "0 16px" : "0 8px 0 48px",
            display: "flex",
            alignItems: "center",
            justifyContent: "space-between",
            gap: 16,
          }}
        >
          <Typography.Text strong ellipsis data-testid="department-name">
            {department.data?.name ?? ""}
          </Typography.Text>
          <Space size={wide ? "middle" : "small"}>
            {wide && <BeijingClock />}
            <span data-testid="signed-in" style={{ whiteSpace: "nowrap" }}>
              {wide && account?.displayName}{" "}
              {account && <Tag color="blue">{t(`role.${account.role}` as MessageKey)}</Tag>}
            </span>
            <LanguageSwitch />
            <Button size="small" onClick={() => signOut.mutate()} data-action="sign-out">
              {t("signOut")}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: wide ? 16 : 8, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
