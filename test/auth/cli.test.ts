/**
 * `sortes admin account create`: a staff account with a one-time password printed once.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { accountCreateCommand } from "../../src/cli/admin.js";
import { openDatabase } from "../../src/db/client.js";
import { Invalid, NotFound } from "../../src/errors.js";
import { describeEachDriver, newDepartment, newInspectorToken, uniqueCode } from "../helpers/db.js";
import { sessionApp } from "./session-app.js";

const run = promisify(execFile);

describeEachDriver("account create command", (get) => {
  it("creates an account whose one-time password signs in; refuses bad input", async () => {
    const db = get().db;
    const { department } = await newDepartment(db);
    const login = uniqueCode("li").toLowerCase();
    const made = await accountCreateCommand(db, { departmentCode: department.code, login, role: "auditor" });
    expect(made).toMatchObject({ login, role: "auditor", department: department.code, displayName: login });
    const r = await sessionApp(get()).browser().signIn(login, made.oneTimePassword);
    expect(r.status).toBe(200);
    expect(r.data.account.mustChangePassword).toBe(true);

    const { inspector } = await newInspectorToken(db, department.id);
    const bound = await accountCreateCommand(db, {
      departmentCode: department.code,
      login: `${login}-i`,
      role: "inspector",
      inspectorId: inspector.id,
    });
    expect(bound.inspectorId).toBe(inspector.id);
    await expect(
      accountCreateCommand(db, { departmentCode: department.code, login: `${login}-x`, role: "inspector" }),
    ).rejects.toBeInstanceOf(Invalid);
    await expect(
      accountCreateCommand(db, { departmentCode: "NOPE-DEPT", login: `${login}-y`, role: "admin" }),
    ).rejects.toBeInstanceOf(NotFound);
  });
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

it("sortes admin account create prints the one-time password", { timeout: 180_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sortes-account-cli-"));
  dirs.push(dataDir);
  const { DATABASE_URL: _url, ...env } = process.env;
  const sortes = (...args: string[]) =>
    run(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
      env: { ...env, DATA_DIR: dataDir },
      cwd: process.cwd(),
    });
  await sortes(
    "department",
    "create",
    "--code",
    "QZ",
    "--name",
    "泉州市市场监督管理局",
    "--region",
    "350500",
  );
  const out = await sortes(
    "admin",
    "account",
    "create",
    "--department",
    "QZ",
    "--login",
    "Wang.Wu",
    "--role",
    "admin",
    "--name",
    "王五",
  );
  expect(out.stdout).toContain("created admin account wang.wu (王五) in QZ");
  const password = /one-time password \(shown once; change it at first sign-in\): ([A-Za-z0-9]{16})$/m.exec(
    out.stdout,
  )?.[1];
  expect(password).toBeDefined();
  const database = await openDatabase({ dataDir: join(dataDir, "pglite") });
  try {
    const r = await sessionApp(database).browser().signIn("wang.wu", password!);
    expect(r.status).toBe(200);
    expect(r.data.account).toMatchObject({ login: "wang.wu", displayName: "王五", role: "admin" });
  } finally {
    await database.close();
  }
});
