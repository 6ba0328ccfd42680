/**
 * Guards a route: signed out → the sign-in page, a one-time password → the change-password
 * page (both remembering where to return); lacking the ability → 403.
 */
import { Result, Spin } from "antd";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { type Ability, accessOf } from "../access";
import { useSession } from "../api/session";
import { useI18n } from "../i18n";
import { ProblemAlert } from "./ProblemAlert";

export function RequireAccess({ ability, children }: { ability: Ability; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  const { t } = useI18n();
  if (session.isPending) return <Spin fullscreen tip={t("loading")} />;
  if (session.error) return <ProblemAlert error={session.error} />;
  if (!session.data) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/login?next=${next}`} replace />;
  }
  if (session.data.account.mustChangePassword) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/password?next=${next}`} replace />;
  }
  if (!accessOf(session.data.account)[ability]) return <Result status="403" title={t("forbidden")} />;
  return <>{children}</>;
}
