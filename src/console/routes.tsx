/**
 * The console's one route table (basename /console): pages are loaded lazily so the phone
 * workspace does not download the department console and the reverse. Each entry names the
 * ability it needs (access.ts); guards read it from here.
 */
import { lazy, type ReactNode, Suspense } from "react";
import { createBrowserRouter, type RouteObject } from "react-router";
import type { Ability } from "./access";
import { RequireAccess } from "./components/RequireAccess";

const LoginPage = lazy(() => import("./pages/login"));
const PasswordPage = lazy(() => import("./pages/login/password"));
const ConsoleLayout = lazy(() => import("./layout/ConsoleLayout"));
const MobileLayout = lazy(() => import("./pages/me/layout"));
const MyAssignments = lazy(() => import("./pages/me/assignments"));
const AssignmentPage = lazy(() => import("./pages/me/assignment"));
const WebhooksPage = lazy(() => import("./pages/webhooks"));
const AccountsPage = lazy(() => import("./pages/accounts"));
const AuditPage = lazy(() => import("./pages/audit"));
const ChecklistPage = lazy(() => import("./pages/checklist"));
const PlansPage = lazy(() => import("./pages/plans"));
const RostersPage = lazy(() => import("./pages/rosters"));
const RoundsPage = lazy(() => import("./pages/rounds"));
const RoundWizardPage = lazy(() => import("./pages/rounds/wizard"));
const ContributePage = lazy(() => import("./pages/contribute"));
const DashboardPage = lazy(() => import("./pages/dashboard"));
const FindingsPage = lazy(() => import("./pages/findings"));
const BoardPage = lazy(() => import("./pages/board"));
const JointInvitationsPage = lazy(() => import("./pages/joint"));
const NotFoundPage = lazy(() => import("./pages/not-found"));

function page(element: ReactNode, ability?: Ability) {
  const body = <Suspense fallback={null}>{element}</Suspense>;
  return ability ? <RequireAccess ability={ability}>{body}</RequireAccess> : body;
}

export const routeTable: RouteObject[] = [
  { path: "/login", element: page(<LoginPage />) },
  { path: "/password", element: page(<PasswordPage />) },
  // An entropy contributor's page: no sign-in, the credential is in the URL fragment.
  { path: "/contribute", element: page(<ContributePage />) },
  {
    // The department console: every page below renders inside the shell (side menu, header).
    path: "/",
    element: page(<ConsoleLayout />, "canViewDepartment"),
    children: [
      { index: true, element: page(<DashboardPage />) },
      { path: "webhooks", element: page(<WebhooksPage />, "canAdmin") },
      { path: "accounts", element: page(<AccountsPage />, "canAdmin") },
      { path: "audit", element: page(<AuditPage />, "canViewDepartment") },
      { path: "checklist", element: page(<ChecklistPage />, "canViewDepartment") },
      { path: "findings", element: page(<FindingsPage />, "canViewDepartment") },
      { path: "rounds/:id/board", element: page(<BoardPage />, "canViewDepartment") },
      { path: "plans", element: page(<PlansPage />, "canViewDepartment") },
      { path: "rosters", element: page(<RostersPage />, "canViewDepartment") },
      { path: "rounds", element: page(<RoundsPage />, "canViewDepartment") },
      { path: "rounds/:id", element: page(<RoundWizardPage />, "canViewDepartment") },
      { path: "joint-rounds", element: page(<JointInvitationsPage />, "canAdmin") },
    ],
  },
  {
    path: "/m",
    element: page(<MobileLayout />, "canInspect"),
    children: [
      { index: true, element: page(<MyAssignments />) },
      { path: "assignments/:id", element: page(<AssignmentPage />) },
    ],
  },
  { path: "*", element: page(<NotFoundPage />) },
];

export const router = createBrowserRouter(routeTable, { basename: "/console" });
