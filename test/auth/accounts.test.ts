/**
 * Staff accounts administered by a department's admin (issue 13, contract 1): one-time
 * passwords, roles, inspector binding, disabling, and department isolation.
 */
import { expect, it } from "vitest";
import { bootstrapIfEmpty } from "../../src/departments/departments.js";
import { describeEachDriver, newDepartment, newInspectorToken, uniqueCode } from "../helpers/db.js";
import { openTestPglite } from "../helpers/pglite-image.js";
import { newAccount, PASSWORD, sessionApp } from "./session-app.js";

describeEachDriver("staff accounts", (get) => {
  it("an admin creates an account with a one-time password the holder signs in with", async () => {
    const { department } = await newDepartment(get().db);
    const { login } = await newAccount(get().db, department.id, "admin");
    const { browser } = sessionApp(get());
    const admin = browser();
    await admin.signIn(login, PASSWORD);
    const newLogin = uniqueCode("zhang").toLowerCase();
    const made = await admin.call("POST", "/accounts", {
      json: { login: newLogin, displayName: "张三", role: "auditor" },
    });
    expect(made.status).toBe(201);
    expect(made.data.account).toMatchObject({ login: newLogin, role: "auditor", mustChangePassword: true });
    const oneTime: string = made.data.oneTimePassword;
    expect(oneTime).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(JSON.stringify(made.data.account)).not.toContain(oneTime);

    const holder = browser();
    const signedIn = await holder.signIn(newLogin, oneTime);
    expect(signedIn.status).toBe(200);
    expect(signedIn.data.account.mustChangePassword).toBe(true);

    const list = await admin.call("GET", "/accounts");
    expect(list.data.items.map((a: { login: string }) => a.login)).toEqual(
      expect.arrayContaining([login, newLogin]),
    );
    expect(JSON.stringify(list.data)).not.toMatch(/scrypt|passwordHash/);
    // Accounts' actor tokens are not API tokens anyone can list or revoke.
    const tokens = await admin.call("GET", "/tokens");
    const actorId = made.data.account.actorId;
    expect(tokens.data.items.map((t: { id: string }) => t.id)).not.toContain(actorId);
    expect((await admin.call("DELETE", `/tokens/${actorId}`)).status).toBe(404);

    const taken = await admin.call("POST", "/accounts", {
      json: {
        login: newLogin.toUpperCase(),
        displayName: "另一个",
        role: "auditor",
        password: "long enough pw",
      },
    });
    expect(taken.status).toBe(409);
    const short = await admin.call("POST", "/accounts", {
      json: { login: `${newLogin}x`, displayName: "短", role: "auditor", password: "short" },
    });
    expect(short.status).toBe(400);
  });

  it("the audit trail names the account's actor id for its writes", async () => {
    const { department } = await newDepartment(get().db);
    const { account, login } = await newAccount(get().db, department.id, "admin");
    const b = sessionApp(get()).browser();
    await b.signIn(login, PASSWORD);
    expect((await b.call("POST", "/tokens", { json: { role: "auditor", label: "by session" } })).status).toBe(
      201,
    );
    const audit = await b.call("GET", "/audit?limit=1000");
    const mine = audit.data.items.filter((i: { action: string }) => i.action === "POST /tokens");
    expect(mine.map((i: { tokenId: string }) => i.tokenId)).toEqual([account.actorId]);
  });

  it("an auditor account cannot create accounts, and an inspector account needs its department's inspector", async () => {
    const { department } = await newDepartment(get().db);
    const other = await newDepartment(get().db);
    const { login: auditorLogin } = await newAccount(get().db, department.id, "auditor");
    const { browser } = sessionApp(get());
    const auditor = browser();
    await auditor.signIn(auditorLogin, PASSWORD);
    const refused = await auditor.call("POST", "/accounts", {
      json: { login: uniqueCode("x").toLowerCase(), displayName: "x", role: "admin" },
    });
    expect(refused.status).toBe(403);
    expect((await auditor.call("GET", "/accounts")).status).toBe(403);

    const { login } = await newAccount(get().db, department.id, "admin");
    const admin = browser();
    await admin.signIn(login, PASSWORD);
    const unbound = await admin.call("POST", "/accounts", {
      json: { login: uniqueCode("i").toLowerCase(), displayName: "检查员", role: "inspector" },
    });
    expect(unbound.status).toBe(400);
    const foreign = await newInspectorToken(get().db, other.department.id);
    const crossed = await admin.call("POST", "/accounts", {
      json: {
        login: uniqueCode("i").toLowerCase(),
        displayName: "检查员",
        role: "inspector",
        inspectorId: foreign.inspector.id,
      },
    });
    expect(crossed.status).toBe(404);
    const own = await newInspectorToken(get().db, department.id);
    const bound = await admin.call("POST", "/accounts", {
      json: {
        login: uniqueCode("i").toLowerCase(),
        displayName: "检查员",
        role: "inspector",
        inspectorId: own.inspector.id,
      },
    });
    expect(bound.status).toBe(201);
    expect(bound.data.account.inspectorId).toBe(own.inspector.id);
  });

  it("an admin of one department neither sees nor touches another's accounts", async () => {
    const a = await newDepartment(get().db);
    const b = await newDepartment(get().db);
    const { account: aAccount } = await newAccount(get().db, a.department.id, "auditor");
    const { login: bLogin } = await newAccount(get().db, b.department.id, "admin");
    const bAdmin = sessionApp(get()).browser();
    await bAdmin.signIn(bLogin, PASSWORD);
    const list = await bAdmin.call("GET", "/accounts");
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.data)).not.toContain(aAccount.id);
    expect((await bAdmin.call("POST", `/accounts/${aAccount.id}/password`, { json: {} })).status).toBe(404);
    expect((await bAdmin.call("POST", `/accounts/${aAccount.id}/disable`)).status).toBe(404);
    // Same with B's admin token.
    const byToken = await bAdmin.call("GET", "/accounts", { token: b.tokens.admin });
    expect(JSON.stringify(byToken.data)).not.toContain(aAccount.id);
  });

  it("a password reset unlocks and ends sessions; disabling ends them for good", async () => {
    const { department } = await newDepartment(get().db);
    const { login: adminLogin, account: adminAccount } = await newAccount(get().db, department.id, "admin");
    const { account, login } = await newAccount(get().db, department.id, "auditor");
    const { browser } = sessionApp(get());
    const admin = browser();
    await admin.signIn(adminLogin, PASSWORD);
    const holder = browser();
    await holder.signIn(login, PASSWORD);
    for (let i = 0; i < 5; i++) await browser().signIn(login, "wrong");
    expect((await browser().signIn(login, PASSWORD)).status).toBe(423);

    const reset = await admin.call("POST", `/accounts/${account.id}/password`, { json: {} });
    expect(reset.status).toBe(200);
    expect(reset.data.account.lockedUntil).toBeNull();
    expect((await holder.call("GET", "/department")).status).toBe(401);
    expect((await browser().signIn(login, PASSWORD)).status).toBe(401);
    const again = browser();
    expect((await again.signIn(login, reset.data.oneTimePassword)).status).toBe(200);

    expect((await admin.call("POST", `/accounts/${adminAccount.id}/disable`)).status).toBe(409);
    const disabled = await admin.call("POST", `/accounts/${account.id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.data.disabledAt).not.toBeNull();
    expect((await again.call("GET", "/department")).status).toBe(401);
    expect((await browser().signIn(login, reset.data.oneTimePassword)).status).toBe(401);
  });

  it("an inspector account stops working when its inspector leaves", async () => {
    const { department, tokens } = await newDepartment(get().db);
    const { inspector } = await newInspectorToken(get().db, department.id);
    const { login } = await newAccount(get().db, department.id, "inspector", inspector.id);
    const { browser } = sessionApp(get());
    const b = browser();
    await b.signIn(login, PASSWORD);
    expect((await b.call("GET", "/me/assignments")).status).toBe(200);
    const left = await browser().call("POST", `/inspectors/${inspector.id}/leave`, {
      token: tokens.admin,
      json: { reason: "调离" },
    });
    expect(left.status).toBe(200);
    expect((await b.call("GET", "/me/assignments")).status).toBe(401);
    expect((await browser().signIn(login, PASSWORD)).status).toBe(401);
  });
});

it("the first start creates an admin account with a one-time password", async () => {
  const database = await openTestPglite();
  try {
    const boot = await bootstrapIfEmpty(database.db, { code: "BOOT", name: "测试局", regionCode: "350100" });
    expect(boot?.adminPassword).toMatch(/^[A-Za-z0-9]{16}$/);
    const b = sessionApp(database).browser();
    const r = await b.signIn("admin", boot!.adminPassword);
    expect(r.status).toBe(200);
    expect(r.data.account).toMatchObject({ login: "admin", role: "admin", mustChangePassword: true });
  } finally {
    await database.close();
  }
});
