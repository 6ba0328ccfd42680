import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { createToken, type Role } from "../../src/auth/tokens.js";
import { openDatabase } from "../../src/db/client.js";
import type { Database, Db } from "../../src/db/types.js";
import { createDepartment } from "../../src/departments/departments.js";
import { createInspector } from "../../src/rosters/inspectors/inspectors.js";
import { openTestPglite } from "./pglite-image.js";

export interface Driver {
  name: "pglite" | "postgres";
  open(): Promise<Database>;
}

/** PGlite always; real PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export function testDrivers(): Driver[] {
  const drivers: Driver[] = [{ name: "pglite", open: openTestPglite }];
  const url = inject("testDatabaseUrl");
  if (url) drivers.push({ name: "postgres", open: () => openDatabase({ url, max: 4 }) });
  return drivers;
}

/**
 * Runs the suite once per driver. Each suite gets its own database handle; tests isolate
 * themselves from each other by creating their own department (see `newDepartment`).
 */
export function describeEachDriver(
  title: string,
  body: (get: () => Database, driver: Driver["name"]) => void,
) {
  describeOnDrivers(testDrivers(), title, body);
}

/**
 * Runs the suite once: on PostgreSQL when TEST_DATABASE_URL is set (CI), else on PGlite. For
 * suites whose subject is not the database — the console in Chromium, a minute or more a run —
 * since the routes they call run on both drivers in the API suites.
 */
export function describeOnOneDriver(
  title: string,
  body: (get: () => Database, driver: Driver["name"]) => void,
) {
  describeOnDrivers(testDrivers().slice(-1), title, body);
}

function describeOnDrivers(
  drivers: Driver[],
  title: string,
  body: (get: () => Database, driver: Driver["name"]) => void,
) {
  for (const driver of drivers) {
    describe(`${title} [${driver.name}]`, () => {
      let database: Database | undefined;
      beforeAll(async () => {
        database = await driver.open();
      });
      afterAll(async () => {
        await database?.close();
      });
      body(() => {
        if (!database) throw new Error("database not open yet");
        return database;
      }, driver.name);
    });
  }
}

export function uniqueCode(prefix = "T"): string {
  return `${prefix}-${randomBytes(6).toString("hex")}`;
}

/** A fresh department with a token of each role, so no two tests share data. */
export async function newDepartment(db: Db) {
  const department = await createDepartment(db, {
    code: uniqueCode("DEPT"),
    name: "测试市场监督管理局",
    regionCode: "350100",
  });
  const tokens = {} as Record<Exclude<Role, "inspector">, string>;
  for (const role of ["admin", "auditor", "operator"] as const) {
    tokens[role] = (
      await createToken(db, { departmentId: department.id, role, label: `test ${role}` })
    ).token;
  }
  return { department, tokens };
}

/** A real inspector of `departmentId` and a token bound to it. */
export async function newInspectorToken(db: Db, departmentId: string) {
  const inspector = await createInspector(
    db,
    departmentId,
    {
      name: "检查员",
      certificateNo: uniqueCode("CERT"),
      certValidUntil: "2030-12-31",
      qualifications: ["食品安全"],
    },
    { tokenId: null, role: null },
  );
  const token = await createToken(db, {
    departmentId,
    role: "inspector",
    label: "检查员",
    inspectorId: inspector.id,
  });
  return { inspector, token: token.token };
}
