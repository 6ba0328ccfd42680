import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { authenticateToken } from "../../src/auth/tokens.js";
import {
  departmentCreateCommand,
  runAdminCli,
  tokenCreateCommand,
  tokenListCommand,
  tokenRevokeCommand,
} from "../../src/cli/admin.js";
import { openDatabase } from "../../src/db/client.js";
import { Conflict, Invalid, NotFound, Unauthorized, Unprocessable } from "../../src/errors.js";
import { changeInspectorStatus, createInspector } from "../../src/rosters/inspectors/inspectors.js";
import { describeEachDriver, newDepartment, uniqueCode } from "../helpers/db.js";

const run = promisify(execFile);
const actor = { tokenId: null, role: null };
const inspectorInput = (certificateNo: string) => ({
  name: "黄伟",
  certificateNo,
  certValidUntil: "2029-12-31",
});

describeEachDriver("admin CLI functions", (get) => {
  it("creates departments and refuses duplicates and bad region codes", async () => {
    const db = get().db;
    const code = uniqueCode("FZ");
    const d = await departmentCreateCommand(db, { code, name: "福州市市场监督管理局", regionCode: "350100" });
    expect(d).toMatchObject({ code, regionCode: "350100" });
    await expect(
      departmentCreateCommand(db, { code, name: "again", regionCode: "350100" }),
    ).rejects.toBeInstanceOf(Conflict);
    await expect(
      departmentCreateCommand(db, { code: uniqueCode(), name: "x", regionCode: "35" }),
    ).rejects.toBeInstanceOf(Invalid);
  });

  it("creates, lists and revokes tokens by department code", async () => {
    const db = get().db;
    const { department } = await newDepartment(db);
    const other = await newDepartment(db);
    const created = await tokenCreateCommand(db, {
      departmentCode: department.code,
      role: "auditor",
      label: "审计处",
    });
    const auth = await authenticateToken(db, created.token);
    expect(auth).toMatchObject({ departmentId: department.id, role: "auditor", inspectorId: null });

    const listed = await tokenListCommand(db, { departmentCode: department.code });
    expect(listed.find((t) => t.id === created.id)).toMatchObject({ label: "审计处", revokedAt: null });
    expect(
      (await tokenListCommand(db, { departmentCode: other.department.code })).map((t) => t.id),
    ).not.toContain(created.id);

    await expect(
      tokenRevokeCommand(db, { departmentCode: other.department.code, tokenId: created.id }),
    ).rejects.toBeInstanceOf(NotFound);
    await tokenRevokeCommand(db, { departmentCode: department.code, tokenId: created.id });
    await expect(authenticateToken(db, created.token)).rejects.toBeInstanceOf(Unauthorized);
    await expect(tokenListCommand(db, { departmentCode: "NO-SUCH-DEPT" })).rejects.toBeInstanceOf(NotFound);
  });

  it("binds inspector tokens only to current inspectors of the same department", async () => {
    const db = get().db;
    const { department } = await newDepartment(db);
    const other = await newDepartment(db);
    const inspector = await createInspector(db, department.id, inspectorInput(uniqueCode("CERT")), actor);
    const base = { departmentCode: department.code, role: "inspector" as const, label: "黄伟" };
    await expect(tokenCreateCommand(db, base)).rejects.toBeInstanceOf(Invalid);
    await expect(
      tokenCreateCommand(db, { ...base, departmentCode: other.department.code, inspectorId: inspector.id }),
    ).rejects.toBeInstanceOf(NotFound);
    const t = await tokenCreateCommand(db, { ...base, inspectorId: inspector.id });
    expect((await authenticateToken(db, t.token)).inspectorId).toBe(inspector.id);
    await changeInspectorStatus(db, department.id, inspector.id, "leave", actor, "退休");
    await expect(tokenCreateCommand(db, { ...base, inspectorId: inspector.id })).rejects.toBeInstanceOf(
      Unprocessable,
    );
  });
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

it("reports usage errors without touching a database", async () => {
  const lines: string[] = [];
  const io = { env: {}, out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
  expect(await runAdminCli(["token"], io)).toBe(2);
  expect(await runAdminCli(["token", "create", "--role", "admin"], io)).toBe(2);
  expect(lines.join("\n")).toContain("missing --department");
  expect(await runAdminCli(["token", "list", "--bogus"], io)).toBe(2);
});

it("runs as a program against a PGlite data dir", { timeout: 180_000 }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "sortes-cli-"));
  dirs.push(dataDir);
  const { DATABASE_URL: _url, ...env } = process.env;
  const cli = (...args: string[]) =>
    run("npx", ["tsx", "src/cli/admin.ts", ...args], {
      env: { ...env, DATA_DIR: dataDir },
      cwd: process.cwd(),
    });

  const dept = await cli(
    "department",
    "create",
    "--code",
    "XM",
    "--name",
    "厦门市市场监督管理局",
    "--region",
    "350200",
  );
  expect(dept.stdout).toContain("created department XM");
  const created = JSON.parse(
    (await cli("token", "create", "--department", "XM", "--role", "admin", "--label", "运维", "--json"))
      .stdout,
  );
  expect(created).toMatchObject({ role: "admin", label: "运维", department: "XM" });
  const failed = await cli(
    "token",
    "create",
    "--department",
    "NOPE",
    "--role",
    "admin",
    "--label",
    "x",
  ).catch((e) => e);
  expect(failed.code).toBe(1);
  expect(failed.stderr).toContain("department NOPE not found");

  const database = await openDatabase({ dataDir: join(dataDir, "pglite") });
  try {
    expect((await authenticateToken(database.db, created.token)).role).toBe("admin");
  } finally {
    await database.close();
  }
  expect((await cli("token", "revoke", created.id, "--department", "XM")).stdout).toContain("revoked");
  const reopened = await openDatabase({ dataDir: join(dataDir, "pglite") });
  try {
    await expect(authenticateToken(reopened.db, created.token)).rejects.toThrow("revoked");
  } finally {
    await reopened.close();
  }
});
