/**
 * Administrative CLI: departments and API tokens, straight against the configured database
 * (DATABASE_URL, or the PGlite data dir under DATA_DIR). The functions are exported for the
 * `sortes` dispatcher and for tests; the file also runs on its own:
 *
 *   tsx src/cli/admin.ts department create --code FZ --name 福州市市场监管局 --region 350100
 *   tsx src/cli/admin.ts department create --code FZ-GL --name 鼓楼区市场监管局 --region 350102 --parent FZ
 *   tsx src/cli/admin.ts token create --department FZ --role admin --label ops
 *   tsx src/cli/admin.ts token list --department FZ
 *   tsx src/cli/admin.ts token revoke <token-id> --department FZ
 *   tsx src/cli/admin.ts account create --department FZ --login zhangsan --role admin [--name 张三]
 *
 * (`sortes admin account create …` runs the same; so does `sortes department|token …`.)
 *
 * With PGlite, stop the server first: an embedded data dir must have one process at a time.
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createAccount } from "../auth/accounts.js";
import { roleEnum } from "../auth/schema.js";
import { createToken, listTokens, type Role, revokeToken } from "../auth/tokens.js";
import { parseConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import type { Db } from "../db/types.js";
import { createDepartment, departmentByCode } from "../departments/departments.js";
import { createSubordinate } from "../departments/tree.js";
import { AppError, Invalid, Unprocessable } from "../errors.js";
import { getInspector } from "../rosters/inspectors/inspectors.js";

const ROLES = roleEnum.enumValues;

export async function departmentCreateCommand(
  db: Db,
  input: { code: string; name: string; regionCode: string; parentCode?: string },
) {
  const code = input.code.trim();
  const name = input.name.trim();
  const errors = [];
  if (code === "") errors.push({ field: "code", reason: "required" });
  if (name === "") errors.push({ field: "name", reason: "required" });
  if (!/^\d{6}$/.test(input.regionCode)) {
    errors.push({ field: "region", reason: "an administrative region code is 6 digits, e.g. 350100" });
  }
  if (errors.length) throw new Invalid("invalid department", errors);
  if (input.parentCode) {
    // Same rules as POST /departments: the region must lie under the parent's.
    const parent = await departmentByCode(db, input.parentCode);
    return createSubordinate(db, parent.id, { code, name, regionCode: input.regionCode });
  }
  return createDepartment(db, { code, name, regionCode: input.regionCode });
}

export interface TokenCreateInput {
  departmentCode: string;
  role: Role;
  label: string;
  inspectorId?: string | null;
}

/**
 * Creates a token and returns its plaintext (shown once). An inspector token must name an
 * inspector of the same department who has not left.
 */
export async function tokenCreateCommand(db: Db, input: TokenCreateInput) {
  const dept = await departmentByCode(db, input.departmentCode);
  if (!ROLES.includes(input.role)) {
    throw new Invalid(`unknown role ${input.role}`, [
      { field: "role", reason: `one of ${ROLES.join(", ")}` },
    ]);
  }
  if (input.label.trim() === "")
    throw new Invalid("a token needs a label", [{ field: "label", reason: "required" }]);
  if (input.role === "inspector" && !input.inspectorId) {
    throw new Invalid("an inspector token must be bound to an inspector", [
      { field: "inspector", reason: "required for role inspector: --inspector <inspector id>" },
    ]);
  }
  if (input.inspectorId) {
    if (!/^[0-9a-f-]{36}$/i.test(input.inspectorId)) {
      throw new Invalid("inspector id must be a UUID", [{ field: "inspector", reason: "not a UUID" }]);
    }
    const inspector = await getInspector(db, dept.id, input.inspectorId);
    if (inspector.status === "left") {
      throw new Unprocessable(`inspector ${inspector.name} (${inspector.certificateNo}) has left`);
    }
  }
  const created = await createToken(db, {
    departmentId: dept.id,
    role: input.role,
    label: input.label.trim(),
    inspectorId: input.inspectorId ?? null,
  });
  return { ...created, department: dept.code };
}

export async function tokenRevokeCommand(db: Db, input: { departmentCode: string; tokenId: string }) {
  const dept = await departmentByCode(db, input.departmentCode);
  if (!/^[0-9a-f-]{36}$/i.test(input.tokenId)) {
    throw new Invalid("token id must be a UUID (the part after srt_)", [
      { field: "id", reason: "not a UUID" },
    ]);
  }
  await revokeToken(db, { departmentId: dept.id, tokenId: input.tokenId });
  return { id: input.tokenId, revoked: true };
}

export async function tokenListCommand(db: Db, input: { departmentCode: string }) {
  const dept = await departmentByCode(db, input.departmentCode);
  return listTokens(db, dept.id);
}

export interface AccountCreateInput {
  departmentCode: string;
  login: string;
  role: Role;
  displayName?: string;
  inspectorId?: string | null;
}

/**
 * Creates a staff account with a generated one-time password (returned to print once; the
 * holder must change it at first sign-in). Same rules as POST /accounts.
 */
export async function accountCreateCommand(db: Db, input: AccountCreateInput) {
  const dept = await departmentByCode(db, input.departmentCode);
  if (!ROLES.includes(input.role)) {
    throw new Invalid(`unknown role ${input.role}`, [
      { field: "role", reason: `one of ${ROLES.join(", ")}` },
    ]);
  }
  if (input.inspectorId && !/^[0-9a-f-]{36}$/i.test(input.inspectorId)) {
    throw new Invalid("inspector id must be a UUID", [{ field: "inspector", reason: "not a UUID" }]);
  }
  const created = await createAccount(db, {
    departmentId: dept.id,
    login: input.login,
    displayName: input.displayName?.trim() || input.login,
    role: input.role,
    inspectorId: input.inspectorId ?? null,
  });
  return { ...created.account, department: dept.code, oneTimePassword: created.oneTimePassword as string };
}

const USAGE = `usage:
  department create --code CODE --name NAME --region NNNNNN [--parent CODE]
  token create --department CODE --role admin|inspector|auditor --label TEXT [--inspector UUID]
  token revoke TOKEN_ID --department CODE
  token list --department CODE
  account create --department CODE --login LOGIN --role admin|inspector|auditor [--name DISPLAY] [--inspector UUID]
options: --json  print JSON instead of text`;

export interface CliIo {
  env: Record<string, string | undefined>;
  out: (line: string) => void;
  err: (line: string) => void;
}

class Usage extends Error {}

function need(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || v === "") throw new Usage(`missing --${name}`);
  return v;
}

/** Runs one admin command; returns the process exit code (0 ok, 1 refused, 2 usage). */
export async function runAdminCli(
  argv: string[],
  io: CliIo = { env: process.env, out: console.log, err: console.error },
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        department: { type: "string" },
        role: { type: "string" },
        label: { type: "string" },
        login: { type: "string" },
        inspector: { type: "string" },
        code: { type: "string" },
        name: { type: "string" },
        region: { type: "string" },
        parent: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  try {
    parsed = parse();
  } catch (e) {
    io.err(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [noun, verb, arg] = positionals;
  if (values.help || !noun || !verb) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  const config = parseConfig(io.env);
  let database: Awaited<ReturnType<typeof openDatabase>> | undefined;
  const open = async () => {
    database = await openDatabase({
      url: config.DATABASE_URL,
      dataDir: join(config.DATA_DIR, "pglite"),
      max: 1,
    });
    return database.db;
  };
  try {
    const key = `${noun} ${verb}`;
    let result: unknown;
    let text: string[];
    if (key === "department create") {
      const input = {
        code: need(values, "code"),
        name: need(values, "name"),
        regionCode: need(values, "region"),
        parentCode: typeof values.parent === "string" ? values.parent : undefined,
      };
      const d = await departmentCreateCommand(await open(), input);
      result = d;
      text = [`created department ${d.code} (${d.name}, region ${d.regionCode}) id ${d.id}`];
    } else if (key === "token create") {
      const input = {
        departmentCode: need(values, "department"),
        role: need(values, "role") as Role,
        label: need(values, "label"),
        inspectorId: values.inspector ?? null,
      };
      const t = await tokenCreateCommand(await open(), input);
      result = t;
      text = [
        `created ${t.role} token ${t.id} (${t.label}) in ${t.department}`,
        `token (shown once, store it now): ${t.token}`,
      ];
    } else if (key === "account create") {
      const a = await accountCreateCommand(await open(), {
        departmentCode: need(values, "department"),
        login: need(values, "login"),
        role: need(values, "role") as Role,
        displayName: values.name,
        inspectorId: values.inspector ?? null,
      });
      result = a;
      text = [
        `created ${a.role} account ${a.login} (${a.displayName}) in ${a.department}, id ${a.id}`,
        `one-time password (shown once; change it at first sign-in): ${a.oneTimePassword}`,
      ];
    } else if (key === "token revoke") {
      if (!arg) throw new Usage("missing TOKEN_ID");
      result = await tokenRevokeCommand(await open(), {
        departmentCode: need(values, "department"),
        tokenId: arg,
      });
      text = [`revoked token ${arg}`];
    } else if (key === "token list") {
      const rows = await tokenListCommand(await open(), { departmentCode: need(values, "department") });
      result = rows;
      text = rows.map(
        (t) =>
          `${t.id}  ${t.role.padEnd(9)} ${t.revokedAt ? "revoked " : "active  "} ${t.label}${t.inspectorId ? ` inspector=${t.inspectorId}` : ""}`,
      );
      if (rows.length === 0) text = ["no tokens"];
    } else {
      throw new Usage(`unknown command: ${key}`);
    }
    for (const line of values.json ? [JSON.stringify(result, null, 2)] : text) io.out(line);
    return 0;
  } catch (e) {
    if (e instanceof Usage) {
      io.err(`${e.message}\n${USAGE}`);
      return 2;
    }
    if (e instanceof AppError) {
      io.err(`error: ${e.message}`);
      for (const fe of e.errors) io.err(`  ${fe.field ?? ""}: ${fe.reason}`);
      return 1;
    }
    throw e;
  } finally {
    await database?.close();
  }
}

const invokedPath = process.argv[1];
if (invokedPath && import.meta.url === pathToFileURL(resolve(invokedPath)).href) {
  process.exitCode = await runAdminCli(process.argv.slice(2));
}
