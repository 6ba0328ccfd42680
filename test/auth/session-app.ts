/**
 * The real app with a movable clock, and a browser-like client that keeps the session cookie
 * and can send the CSRF header. Tests move the clock instead of sleeping.
 */
import pino from "pino";
import { createAccount } from "../../src/auth/accounts.js";
import type { Role } from "../../src/auth/tokens.js";
import type { Database } from "../../src/db/types.js";
import { createApp } from "../../src/http/app.js";
import { testConfig } from "../helpers/app.js";
import { uniqueCode } from "../helpers/db.js";

export function sessionApp(database: Database, overrides: Record<string, string> = {}) {
  let nowMs = Date.parse("2027-03-01T01:00:00Z");
  const config = testConfig(overrides);
  const { app } = createApp({
    database,
    config,
    log: pino({ level: "silent" }),
    version: "test",
    clock: () => new Date(nowMs),
  });
  const advance = (minutes: number) => {
    nowMs += minutes * 60_000;
  };

  /** One browser: its cookie jar holds sortes_session once signed in. */
  const browser = () => {
    let cookie: string | null = null;
    let csrf: string | null = null;
    const call = async (
      method: string,
      path: string,
      opts: { json?: unknown; headers?: Record<string, string>; csrf?: string | false; token?: string } = {},
    ) => {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (cookie) headers.cookie = cookie;
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      const sendCsrf = opts.csrf === undefined ? csrf : opts.csrf;
      if (sendCsrf) headers["x-csrf-token"] = sendCsrf;
      let body: string | undefined;
      if (opts.json !== undefined) {
        headers["content-type"] = "application/json";
        body = JSON.stringify(opts.json);
      }
      const res = await app.request(path, { method, headers, body });
      const setCookie = res.headers.get("set-cookie");
      if (setCookie?.startsWith("sortes_session=")) {
        const value = setCookie.split(";")[0] as string;
        cookie = value === "sortes_session=" || /max-age=0/i.test(setCookie) ? null : value;
      }
      const text = await res.text();
      // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
      const data: any = text ? JSON.parse(text) : null;
      return { status: res.status, headers: res.headers, data, setCookie };
    };
    const signIn = async (login: string, password: string) => {
      const r = await call("POST", "/auth/sign-in", { json: { login, password } });
      if (r.status === 200) csrf = r.data.csrfToken;
      return r;
    };
    return {
      call,
      signIn,
      get cookie() {
        return cookie;
      },
      set cookie(v: string | null) {
        cookie = v;
      },
      get csrf() {
        return csrf;
      },
    };
  };
  return { app, config, advance, browser, now: () => new Date(nowMs) };
}

export const PASSWORD = "correct horse battery";

/** An account in `departmentId` with a known password. */
export async function newAccount(
  db: Database["db"],
  departmentId: string,
  role: Role = "admin",
  inspectorId?: string,
) {
  const login = uniqueCode(role).toLowerCase();
  const { account } = await createAccount(db, {
    departmentId,
    login,
    displayName: `测试 ${role}`,
    role,
    inspectorId,
    password: PASSWORD,
  });
  return { account, login };
}
