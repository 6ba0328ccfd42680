/**
 * Password sign-in and sessions (issue 13, contract 1): the cookie's attributes, the session
 * on existing routes, lock-out, idle and absolute expiry, sign-out and CSRF. The clock is the
 * app's injected one; nothing sleeps.
 */
import { eq } from "drizzle-orm";
import { expect, it } from "vitest";
import { accounts, sessions } from "../../src/auth/accounts.schema.js";
import { verifyPassword } from "../../src/auth/passwords.js";
import { teamFixture } from "../findings/helpers.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { newAccount, PASSWORD, sessionApp } from "./session-app.js";

describeEachDriver("staff sessions", (get) => {
  it("sign-in sets an HttpOnly SameSite=Strict cookie and the session works on existing routes", async () => {
    const { department } = await newDepartment(get().db);
    const { account, login } = await newAccount(get().db, department.id, "admin");
    const { browser } = sessionApp(get());
    const b = browser();
    const r = await b.signIn(login.toUpperCase(), PASSWORD);
    expect(r.status).toBe(200);
    expect(r.data.account).toMatchObject({
      id: account.id,
      login,
      role: "admin",
      departmentId: department.id,
    });
    expect(r.data.account.inspectorId).toBeNull();
    expect(r.data.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(r.setCookie).toMatch(/^sortes_session=[0-9a-f-]{36}\.[A-Za-z0-9_-]{43};/);
    expect(r.setCookie).toContain("HttpOnly");
    expect(r.setCookie).toContain("SameSite=Strict");
    expect(r.setCookie).toContain("Path=/");
    expect(r.setCookie).not.toContain("Secure");

    const dept = await b.call("GET", "/department");
    expect(dept.status).toBe(200);
    expect(dept.data.id).toBe(department.id);
    const me = await b.call("GET", "/me");
    expect(me.data).toMatchObject({ via: "session", accountId: account.id, tokenId: account.actorId });
    const again = await b.call("GET", "/auth/session");
    expect(again.status).toBe(200);
    expect(again.data.csrfToken).toBe(r.data.csrfToken);
    expect(again.data.account.mustChangePassword).toBe(true);

    // Only hashes are stored: not the password, not the cookie's secret, not the CSRF token.
    const [row] = await get().db.select().from(accounts).where(eq(accounts.id, account.id));
    expect(row!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(row!.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, row!.passwordHash)).toBe(true);
    const [s] = await get().db.select().from(sessions).where(eq(sessions.accountId, account.id));
    const secret = b.cookie!.split(".")[1]!;
    expect(s!.secretHash).not.toContain(secret);
    expect(s!.csrfHash).not.toBe(r.data.csrfToken);
  });

  it("COOKIE_SECURE adds Secure", async () => {
    const { department } = await newDepartment(get().db);
    const { login } = await newAccount(get().db, department.id, "auditor");
    const r = await sessionApp(get(), { COOKIE_SECURE: "true" }).browser().signIn(login, PASSWORD);
    expect(r.status).toBe(200);
    expect(r.setCookie).toContain("Secure");
  });

  it("an inspector account sees the same assignments as its inspector's token", async () => {
    const fx = await teamFixture(get().db);
    const member = fx.members[0]!;
    const { login } = await newAccount(get().db, fx.department.id, "inspector", member.id);
    const { browser } = sessionApp(get());
    const b = browser();
    expect((await b.signIn(login, PASSWORD)).data.account.inspectorId).toBe(member.id);
    const viaSession = await b.call("GET", "/me/assignments");
    expect(viaSession.status).toBe(200);
    const viaToken = await browser().call("GET", "/me/assignments", { token: member.token });
    expect(viaSession.data.items.length).toBe(1);
    expect(viaSession.data.items[0].roundId).toBe(fx.roundId);
    expect(viaSession.data).toEqual(viaToken.data);
    // An inspector's role limits apply to the session as to the token.
    expect((await b.call("GET", "/tokens")).status).toBe(403);
  });

  it("a wrong password and an unknown login get the same 401", async () => {
    const { department } = await newDepartment(get().db);
    const { login } = await newAccount(get().db, department.id);
    const b = sessionApp(get()).browser();
    const wrong = await b.signIn(login, "not the password");
    const unknown = await b.signIn(`${login}-nobody`, "not the password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.headers.get("content-type")).toContain("application/problem+json");
    expect(wrong.data.detail).toBe(unknown.data.detail);
    expect(wrong.setCookie).toBeNull();
    expect((await b.call("GET", "/auth/session")).status).toBe(401);
  });

  it("five failures lock the account for 15 minutes, even against the right password", async () => {
    const { department } = await newDepartment(get().db);
    const { login } = await newAccount(get().db, department.id);
    const { browser, advance, now } = sessionApp(get());
    const b = browser();
    for (let i = 1; i <= 4; i++) expect((await b.signIn(login, `wrong ${i}`)).status).toBe(401);
    const fifth = await b.signIn(login, "wrong 5");
    expect(fifth.status).toBe(423);
    const until = new Date(now().getTime() + 15 * 60_000).toISOString();
    expect(fifth.data.lockedUntil).toBe(until);
    expect(fifth.data.type).toMatch(/\/locked$/);
    advance(14);
    const right = await b.signIn(login, PASSWORD);
    expect(right.status).toBe(423);
    expect(right.data.lockedUntil).toBe(until);
    expect(right.setCookie).toBeNull();
    advance(1);
    expect((await b.signIn(login, PASSWORD)).status).toBe(200);
  });

  it("a success resets the failure count", async () => {
    const { department } = await newDepartment(get().db);
    const { login } = await newAccount(get().db, department.id);
    const b = sessionApp(get()).browser();
    for (let i = 0; i < 4; i++) expect((await b.signIn(login, "wrong")).status).toBe(401);
    expect((await b.signIn(login, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await b.signIn(login, "wrong")).status).toBe(401);
    expect((await b.signIn(login, PASSWORD)).status).toBe(200);
  });

  it("a session ends after 30 idle minutes, and 12 hours after sign-in however active", async () => {
    const { department } = await newDepartment(get().db);
    const { login } = await newAccount(get().db, department.id);
    const { browser, advance } = sessionApp(get());
    const idle = browser();
    await idle.signIn(login, PASSWORD);
    const active = browser();
    await active.signIn(login, PASSWORD);
    advance(29);
    expect((await active.call("GET", "/department")).status).toBe(200);
    advance(2);
    // 31 minutes unused: gone (and the browser is told to forget the cookie).
    const dead = await idle.call("GET", "/department");
    expect(dead.status).toBe(401);
    expect(dead.setCookie).toMatch(/^sortes_session=;/);
    // Used 2 minutes ago: alive; keep it busy until the absolute end.
    for (let t = 31; t < 12 * 60 - 20; t += 20) {
      advance(20);
      expect((await active.call("GET", "/department")).status, `after ${t + 20} minutes`).toBe(200);
    }
    advance(25);
    expect((await active.call("GET", "/department")).status).toBe(401);
  });

  it("sign-out ends the session; the old cookie no longer works", async () => {
    const { department } = await newDepartment(get().db);
    const { login } = await newAccount(get().db, department.id);
    const b = sessionApp(get()).browser();
    await b.signIn(login, PASSWORD);
    const kept = b.cookie;
    const out = await b.call("POST", "/auth/sign-out");
    expect(out.status).toBe(204);
    expect(out.setCookie).toMatch(/^sortes_session=;/);
    b.cookie = kept;
    expect((await b.call("GET", "/department")).status).toBe(401);
    expect((await b.call("GET", "/auth/session")).status).toBe(401);
    b.cookie = kept;
    // Signing in again while the browser still sends the dead cookie: the new one sticks.
    expect((await b.signIn(login, PASSWORD)).status).toBe(200);
    expect(b.cookie).not.toBe(kept);
    expect((await b.call("GET", "/department")).status).toBe(200);
  });

  it("a write with the cookie needs the session's x-csrf-token; bearer requests need none", async () => {
    const { department, tokens } = await newDepartment(get().db);
    const { login } = await newAccount(get().db, department.id);
    const b = sessionApp(get()).browser();
    await b.signIn(login, PASSWORD);
    const body = { json: { role: "auditor", label: "csrf test" } };
    const none = await b.call("POST", "/tokens", { ...body, csrf: false });
    expect(none.status).toBe(403);
    expect(none.data.type).toMatch(/\/csrf$/);
    const wrong = await b.call("POST", "/tokens", { ...body, csrf: "x".repeat(43) });
    expect(wrong.status).toBe(403);
    expect(wrong.data.type).toMatch(/\/csrf$/);
    const right = await b.call("POST", "/tokens", body);
    expect(right.status).toBe(201);
    // Another session's token is no good either.
    const other = sessionApp(get()).browser();
    await other.signIn(login, PASSWORD);
    expect((await b.call("POST", "/tokens", { ...body, csrf: other.csrf! })).status).toBe(403);
    // Reads need no header; a bearer write needs none.
    expect((await b.call("GET", "/tokens", { csrf: false })).status).toBe(200);
    const bearer = await sessionApp(get())
      .browser()
      .call("POST", "/tokens", { ...body, token: tokens.admin });
    expect(bearer.status).toBe(201);
  });

  it("sign-in from another site is refused; same-origin and scripts are not", async () => {
    const { department } = await newDepartment(get().db);
    const { login } = await newAccount(get().db, department.id);
    const b = sessionApp(get()).browser();
    const json = { login, password: PASSWORD };
    const crossSite = await b.call("POST", "/auth/sign-in", {
      json,
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.data.type).toMatch(/\/csrf$/);
    const evilOrigin = await b.call("POST", "/auth/sign-in", {
      json,
      headers: { origin: "https://evil.example", host: "localhost:8080" },
    });
    expect(evilOrigin.status).toBe(403);
    const sameOrigin = await b.call("POST", "/auth/sign-in", {
      json,
      headers: { origin: "http://localhost:8080", host: "localhost:8080", "sec-fetch-site": "same-origin" },
    });
    expect(sameOrigin.status).toBe(200);
  });

  it("the holder changes a one-time password; other sessions end, this one stays", async () => {
    const { department } = await newDepartment(get().db);
    const { login } = await newAccount(get().db, department.id, "auditor");
    const { browser } = sessionApp(get());
    const here = browser();
    const elsewhere = browser();
    await here.signIn(login, PASSWORD);
    await elsewhere.signIn(login, PASSWORD);
    const short = await here.call("POST", "/auth/password", { json: { current: PASSWORD, next: "short" } });
    expect(short.status).toBe(400);
    const wrong = await here.call("POST", "/auth/password", {
      json: { current: "nope", next: "a new long password" },
    });
    expect(wrong.status).toBe(400);
    const ok = await here.call("POST", "/auth/password", {
      json: { current: PASSWORD, next: "a new long password" },
    });
    expect(ok.status).toBe(204);
    expect((await here.call("GET", "/auth/session")).data.account.mustChangePassword).toBe(false);
    expect((await elsewhere.call("GET", "/department")).status).toBe(401);
    expect((await browser().signIn(login, PASSWORD)).status).toBe(401);
    expect((await browser().signIn(login, "a new long password")).status).toBe(200);
  });
});
