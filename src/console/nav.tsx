/**
 * The department console's side menu, in the order a section chief works: each entry is one
 * line (path, text key, icon, the ability that shows it). Pages register their route in
 * routes.tsx; add the menu line here at its place in the list.
 */
import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  DatabaseOutlined,
  FileDoneOutlined,
  SendOutlined,
  TeamOutlined,
  ThunderboltOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";
import type { Ability } from "./access";
import type { MessageKey } from "./i18n/zh-CN";

export interface NavEntry {
  /** Route path under /console (also the menu key). */
  path: string;
  label: MessageKey;
  icon: ReactNode;
  ability: Ability;
}

export const navEntries: NavEntry[] = [
  { path: "/", label: "nav.dashboard", icon: <BarChartOutlined />, ability: "canViewDepartment" },
  { path: "/rosters", label: "nav.rosters", icon: <DatabaseOutlined />, ability: "canViewDepartment" },
  { path: "/checklist", label: "nav.checklist", icon: <CheckSquareOutlined />, ability: "canViewDepartment" },
  { path: "/plans", label: "nav.plans", icon: <CalendarOutlined />, ability: "canViewDepartment" },
  { path: "/rounds", label: "nav.rounds", icon: <ThunderboltOutlined />, ability: "canViewDepartment" },
  { path: "/joint-rounds", label: "nav.joint", icon: <ApartmentOutlined />, ability: "canAdmin" },
  { path: "/findings", label: "nav.findings", icon: <FileDoneOutlined />, ability: "canViewDepartment" },
  { path: "/audit", label: "nav.audit", icon: <AuditOutlined />, ability: "canViewDepartment" },
  { path: "/accounts", label: "nav.accounts", icon: <TeamOutlined />, ability: "canAdmin" },
  { path: "/webhooks", label: "nav.webhooks", icon: <SendOutlined />, ability: "canAdmin" },
];

/** The entry a location belongs to: the longest path that prefixes it ("/" only for "/"). */
export function navEntryFor(pathname: string): NavEntry | undefined {
  return navEntries
    .filter((e) => pathname === e.path || (e.path !== "/" && pathname.startsWith(`${e.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
