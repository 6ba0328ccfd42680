/**
 * Who is calling: a bearer token (automation) or, without one, the staff session cookie (the
 * console). Both give the same AuthContext, so every route works with either. Session-
 * authenticated writes must carry the session's `x-csrf-token`: SameSite=Strict already keeps
 * the cookie off cross-site requests in current browsers, and the header covers older ones and
 * same-site subdomains. Bearer requests are exempt: a browser never attaches a bearer token.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Config } from "../config.js";
import type { Memo } from "../db/change-feed.js";
import type { Db } from "../db/types.js";
import { CsrfRejected } from "../errors.js";
import { csrfMatches, resolveSession, SESSION_COOKIE, type SessionInfo } from "./sessions.js";
import { type AuthContext, authenticateToken, type TokenRow } from "./tokens.js";

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Sign-in opens a session, so it cannot present one; it checks the request's origin instead. */
const CSRF_EXEMPT = new Set(["/auth/sign-in"]);

export interface RequestAuth {
  auth: AuthContext | null;
  session: SessionInfo | null;
  /** A session cookie was sent that resolves to no live session: the answer should clear it. */
  deadCookie: boolean;
}

export async function authenticateRequest(
  c: Context,
  deps: { db: Db; config: Config; tokens: Memo<TokenRow | undefined>; now: Date },
): Promise<RequestAuth> {
  const bearer = c.req
    .header("authorization")
    ?.match(/^Bearer\s+(.+)$/i)?.[1]
    ?.trim();
  if (bearer) {
    return { auth: await authenticateToken(deps.db, bearer, deps.tokens), session: null, deadCookie: false };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) return { auth: null, session: null, deadCookie: false };
  const resolved = await resolveSession(deps.db, cookie, deps.now, deps.config);
  if (!resolved) return { auth: null, session: null, deadCookie: true };
  if (MUTATING.has(c.req.method) && !CSRF_EXEMPT.has(c.req.path)) {
    if (!csrfMatches(resolved.session, c.req.header("x-csrf-token"))) {
      throw new CsrfRejected("a signed-in write needs the session's x-csrf-token header");
    }
  }
  return { ...resolved, deadCookie: false };
}

export function setSessionCookie(c: Context, value: string, config: Config, expiresAt: Date, now: Date) {
  setCookie(c, SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: "Strict",
    path: "/",
    secure: config.COOKIE_SECURE,
    // The browser drops the cookie when the session's absolute lifetime ends.
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - now.getTime()) / 1000)),
  });
}

/** After the answer to a request that sent a dead cookie: clear it, unless the answer set a new one (sign-in). */
export function forgetDeadCookie(c: Context, config: Config) {
  const setting = c.res.headers.getSetCookie().some((h) => h.startsWith(`${SESSION_COOKIE}=`));
  if (!setting) clearSessionCookie(c, config);
}

export function clearSessionCookie(c: Context, config: Config) {
  deleteCookie(c, SESSION_COOKIE, {
    path: "/",
    secure: config.COOKIE_SECURE,
    httpOnly: true,
    sameSite: "Strict",
  });
}

/**
 * Sign-in refuses cross-site posts (login CSRF: signing a victim into the attacker's account).
 * Browsers that send Sec-Fetch-Site are believed; otherwise an Origin header must name this
 * host or PUBLIC_BASE_URL. Requests with neither (curl, scripts) pass.
 */
export function checkSignInOrigin(c: Context, config: Config) {
  const site = c.req.header("sec-fetch-site");
  if (site) {
    if (site === "cross-site") throw new CsrfRejected("sign-in from another site is refused");
    return;
  }
  const origin = c.req.header("origin");
  if (!origin || origin === "null") {
    if (origin === "null") throw new CsrfRejected("sign-in from an opaque origin is refused");
    return;
  }
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new CsrfRejected("sign-in with a malformed Origin header is refused");
  }
  const allowed = [c.req.header("host"), new URL(config.PUBLIC_BASE_URL).host];
  if (!allowed.includes(host)) throw new CsrfRejected(`sign-in from origin ${origin} is refused`);
}
