import { expect, it } from "vitest";
import { authenticateToken } from "../../src/auth/tokens.js";
import { importInspectorFile, textArrayLiteral } from "../../src/rosters/imports/inspectors-import.js";
import { createInspector, getInspector } from "../../src/rosters/inspectors/inspectors.js";
import { getInspectorHistory, listInspectors } from "../../src/rosters/inspectors/inspectors-query.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { inspectorToken, tokenId } from "./inspectors-helpers.js";

async function* bytes(text: string) {
  yield Buffer.from(text, "utf8");
}

const HEADER = "姓名,职务,执法证号,证件有效期起,证件有效期止,执法类型,片区,状态";

describeEachDriver("inspector import", (get) => {
  it("adds and updates by certificate number, writing import history", async () => {
    const db = get().db;
    const { department, tokens } = await newDepartment(db);
    const actor = { tokenId: tokenId(tokens.admin), role: "admin" as const };
    const existing = await createInspector(
      db,
      department.id,
      { name: "王芳", certificateNo: "FJ-002", certValidUntil: "2027-12-31" },
      actor,
    );
    const file = [
      HEADER,
      `林志明,科员,FJ-001,2024-01-01,2028-12-31,"食品安全；特种设备, ""A"" \\ 类",鼓楼,在岗`,
      "王芳,副科长,ＦＪ-002,,2027-12-31,,台江,暂停",
      "",
    ].join("\r\n");
    const report = await importInspectorFile(get(), {
      departmentId: department.id,
      source: bytes(file),
      format: "csv",
      actor,
    });
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({
      ok: true,
      kind: "inspectors",
      mode: "upsert",
      rows: 2,
      written: { inserted: 1, updated: 1, deleted: 0 },
    });

    const { items } = await listInspectors(db, department.id);
    expect(items.map((i) => [i.certificateNo, i.status, i.version])).toEqual([
      ["FJ-001", "active", 1],
      ["FJ-002", "suspended", 2],
    ]);
    expect(items[0]!.qualifications).toEqual(["食品安全", `特种设备, "A" \\ 类`]);
    const added = await getInspectorHistory(db, department.id, items[0]!.id);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      action: "import",
      version: 1,
      before: null,
      actorRole: "admin",
      actorTokenId: actor.tokenId,
    });
    expect(added[0]!.changedFields).toHaveLength(8);
    expect(added[0]!.after).toEqual({
      name: "林志明",
      post: "科员",
      certificateNo: "FJ-001",
      certValidFrom: "2024-01-01",
      certValidUntil: "2028-12-31",
      qualifications: items[0]!.qualifications,
      district: "鼓楼",
      status: "active",
    });
    const changed = await getInspectorHistory(db, department.id, existing.id);
    expect(changed.map((h) => h.action)).toEqual(["create", "import"]);
    expect(changed[1]!.changedFields).toEqual(["post", "district", "status"]);
    expect(changed[1]!.before).toEqual(changed[0]!.after);

    // The same file again changes nothing and writes no history.
    const again = await importInspectorFile(get(), {
      departmentId: department.id,
      source: bytes(file),
      format: "csv",
      actor,
    });
    expect(again.written).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    expect(await getInspectorHistory(db, department.id, existing.id)).toHaveLength(2);
  });

  it("rejects a file with any bad row and writes nothing", async () => {
    const db = get().db;
    const { department, tokens } = await newDepartment(db);
    const actor = { tokenId: tokenId(tokens.admin), role: "admin" as const };
    const file = [
      HEADER,
      "林志明,科员,FJ-001,2024-01-01,2028-12-31,,鼓楼,在岗",
      "陈静,科员,FJ-003,2029-01-01,2028-12-31,,鼓楼,在岗",
      "黄伟,科员,FJ-004,,2028-12-31,,鼓楼,休假",
      "王芳,科员,FJ-001,,2028-12-31,,鼓楼,",
    ].join("\n");
    const report = await importInspectorFile(get(), {
      departmentId: department.id,
      source: bytes(file),
      format: "csv",
      actor,
    });
    expect(report.ok).toBe(false);
    expect(report.written).toBeNull();
    expect(report.errors.map((e) => [e.line, e.column])).toEqual([
      [3, "证件有效期止"],
      [4, "状态"],
    ]);
    const dups = await importInspectorFile(get(), {
      departmentId: department.id,
      source: bytes([HEADER, "林志明,,FJ-001,,2028-12-31,,,", "王芳,,FJ-001,,2028-12-31,,,"].join("\n")),
      format: "csv",
      actor,
    });
    expect(dups.errors.map((e) => e.line)).toEqual([2, 3]);
    expect(dups.errors[0]!.reason).toContain("duplicate certificate number FJ-001");
    expect((await listInspectors(db, department.id)).items).toEqual([]);
  });

  it("in replace mode marks inspectors missing from the file as left and revokes their tokens", async () => {
    const db = get().db;
    const { department, tokens } = await newDepartment(db);
    const actor = { tokenId: tokenId(tokens.admin), role: "admin" as const };
    const stays = await createInspector(
      db,
      department.id,
      { name: "林志明", certificateNo: "R-1", certValidUntil: "2028-12-31" },
      actor,
    );
    const goes = await createInspector(
      db,
      department.id,
      { name: "王芳", certificateNo: "R-2", certValidUntil: "2028-12-31" },
      actor,
    );
    const token = await inspectorToken(db, department.id, goes.id);
    const report = await importInspectorFile(get(), {
      departmentId: department.id,
      source: bytes(`${HEADER}\n林志明,,R-1,,2028-12-31,,,\n陈静,,R-3,,2029-06-30,执法,,\n`),
      format: "csv",
      actor,
      mode: "replace",
    });
    expect(report.written).toEqual({ inserted: 1, updated: 0, deleted: 1 });
    expect((await getInspector(db, department.id, stays.id)).version).toBe(1);
    const gone = await getInspector(db, department.id, goes.id);
    expect(gone).toMatchObject({ status: "left", version: 2 });
    const history = await getInspectorHistory(db, department.id, goes.id);
    expect(history[1]).toMatchObject({
      action: "import",
      changedFields: ["status"],
      reason: expect.stringContaining("absent"),
    });
    await expect(authenticateToken(db, token)).rejects.toThrow("revoked");
  });

  it("encodes text[] literals exactly", () => {
    expect(textArrayLiteral([])).toBe("{}");
    expect(textArrayLiteral(['a"b', "c\\d", "e,f"])).toBe('{"a\\"b","c\\\\d","e,f"}');
  });
});
