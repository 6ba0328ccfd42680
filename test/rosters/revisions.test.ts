import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { toHex } from "../../src/draw-engine/bytes.js";
import { merkleEmptyRoot, merkleLeafHash, merkleNodeHash, merkleRoot } from "../../src/draw-engine/merkle.js";
import { listEntities } from "../../src/rosters/entities/entities.js";
import { entityLeaf, type LeafEntity } from "../../src/rosters/entities/entities-leaf.js";
import { freezeRoster } from "../../src/rosters/entities/revisions.js";
import { importEntities } from "../../src/rosters/imports/entities-import.js";
import { ENTITY_HEADERS } from "../../src/rosters/synthetic.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";
import { chunked, csvText, smallRows, syntheticCsv, uscc } from "./entities-fixtures.js";

interface Vector {
  entities: LeafEntity[];
  sortedLeaves: string[];
  leafHashes: string[];
  node01: string;
  root: string;
}

function docVector(): Vector {
  const doc = readFileSync(new URL("../../docs/roster-commitment.md", import.meta.url), "utf8");
  const block = doc.split("## 4. Worked test vector")[1]?.match(/```json\n([\s\S]*?)\n```/)?.[1];
  if (!block) throw new Error("no JSON vector in docs/roster-commitment.md §4");
  return JSON.parse(block) as Vector;
}

/** The vector's entities as roster file cells (blank = absent). */
function vectorCells(e: LeafEntity): string[] {
  return [
    e.creditCode,
    e.name,
    e.legalRepresentative,
    e.address,
    e.registrationAuthority,
    e.entityType ?? "",
    e.industry ?? "",
    e.regionCode ?? "",
    e.registrationStatus ?? "",
    e.riskClass ?? "",
    e.naturalPerson ? "1" : "0",
    String(e.complaintCount),
    e.lastInspected ?? "",
  ];
}

it("the documented vector holds for the TypeScript encoder", () => {
  const v = docVector();
  const leaves = v.entities.map(entityLeaf);
  expect([...leaves].map(toHex).sort()).toEqual([...v.sortedLeaves].sort());
  const sorted = v.sortedLeaves.map((h) => Uint8Array.from(Buffer.from(h, "hex")));
  const hashes = sorted.map(merkleLeafHash);
  expect(hashes.map(toHex)).toEqual(v.leafHashes);
  expect(toHex(merkleNodeHash(hashes[0]!, hashes[1]!))).toBe(v.node01);
  expect(toHex(merkleRoot(leaves))).toBe(v.root);
  expect(toHex(merkleRoot([...leaves].reverse()))).toBe(v.root);
});

describeEachDriver("entity roster revisions", (get) => {
  it("freezing gives the documented root for the documented vector, whatever the row order", async () => {
    const v = docVector();
    const orders = [v.entities, [...v.entities].reverse(), [v.entities[1]!, v.entities[2]!, v.entities[0]!]];
    for (const order of orders) {
      const { department, tokens } = await newDepartment(get().db);
      const { call } = testApp(get());
      const file = Buffer.from(csvText(ENTITY_HEADERS, order.map(vectorCells)));
      await importEntities(get(), { departmentId: department.id, source: chunked(file), format: "csv" });
      const res = await call("POST", "/entities/revisions", {
        token: tokens.admin,
        json: { label: "2026-06" },
      });
      expect(res.status).toBe(201);
      expect(res.data).toMatchObject({
        label: "2026-06",
        entityCount: 3,
        riskCounts: { A: 1, B: 1, C: 0, D: 0, none: 1 },
        encoding: "sortes-roster/v1/entity-leaf",
        merkleRoot: v.root,
      });
    }
  });

  it("the SQL leaves equal the TypeScript leaves on a generated roster; an empty roster has the empty root", async () => {
    const { department } = await newDepartment(get().db);
    const empty = await freezeRoster(get().db, { departmentId: department.id, label: "2025-12" });
    expect(empty.merkleRoot).toBe(toHex(merkleEmptyRoot()));
    await importEntities(get(), {
      departmentId: department.id,
      source: chunked(syntheticCsv(700, "leaves")),
      format: "csv",
    });
    const all = await listEntities(get().db, department.id, { limit: 1000 });
    expect(all.items).toHaveLength(700);
    const rev = await freezeRoster(get().db, { departmentId: department.id, label: "2026-06" });
    expect(rev.merkleRoot).toBe(toHex(merkleRoot(all.items.map(entityLeaf))));
    expect(Object.values(rev.riskCounts).reduce((a, b) => a + b, 0)).toBe(700);
  });

  it("labels: YYYY-06/12 freely, others with a reason, never twice", async () => {
    const { tokens } = await newDepartment(get().db);
    const { call } = testApp(get());
    const post = (json: unknown) => call("POST", "/entities/revisions", { token: tokens.admin, json });
    const noReason = await post({ label: "2026-03" });
    expect(noReason.status).toBe(400);
    expect(noReason.data.errors[0].field).toBe("reason");
    expect((await post({ label: "2026-03", reason: "区划调整后的补充修订" })).status).toBe(201);
    expect((await post({ label: "2026-12" })).status).toBe(201);
    expect((await post({ label: "2026-12" })).status).toBe(409);
    const list = await call("GET", "/entities/revisions", { token: tokens.auditor });
    expect(list.data.items.map((r: { label: string }) => r.label).sort()).toEqual(["2026-03", "2026-12"]);
    expect(
      (await call("POST", "/entities/revisions", { token: tokens.auditor, json: { label: "2027-06" } }))
        .status,
    ).toBe(403);
  });

  it("diffs two revisions (added, removed, changed), page by page", async () => {
    const { department, tokens } = await newDepartment(get().db);
    const other = await newDepartment(get().db);
    const { call } = testApp(get());
    const rows = smallRows();
    const load = (r: string[][]) =>
      importEntities(get(), {
        departmentId: department.id,
        source: chunked(Buffer.from(csvText(ENTITY_HEADERS, r))),
        format: "csv",
      });
    await load(rows);
    const a = await freezeRoster(get().db, { departmentId: department.id, label: "2026-06" });
    const next = [rows[0]!.slice(), rows[2]!.slice(), smallRows()[1]!.slice()];
    next[0]![9] = "D"; // changed risk class
    next[2]![0] = uscc("91350100MA0000002"); // rows[1] is removed, this code is added
    await load(next);
    const b = await freezeRoster(get().db, { departmentId: department.id, label: "2026-12" });
    expect(b.merkleRoot).not.toBe(a.merkleRoot);

    const url = `/entities/revisions/${a.id}/diff/${b.id}`;
    const first = await call("GET", `${url}?limit=2`, { token: tokens.auditor });
    expect(first.status).toBe(200);
    expect(first.data.summary).toEqual({ added: 1, removed: 1, changed: 1 });
    expect(first.data.items).toHaveLength(2);
    const second = await call("GET", `${url}?limit=2&cursor=${first.data.nextCursor}`, {
      token: tokens.auditor,
    });
    expect(second.data.nextCursor).toBeNull();
    const items = [...first.data.items, ...second.data.items];
    const byCode = Object.fromEntries(items.map((i: { creditCode: string }) => [i.creditCode, i]));
    expect(byCode[rows[1]![0]!]).toMatchObject({ change: "removed", after: null });
    expect(byCode[next[2]![0]!]).toMatchObject({ change: "added", before: null });
    expect(byCode[rows[0]![0]!]).toMatchObject({
      change: "changed",
      changedFields: ["riskClass"],
      before: { riskClass: "A" },
      after: { riskClass: "D" },
    });
    expect((await call("GET", url, { token: other.tokens.admin })).status).toBe(404);
    expect((await call("GET", `/entities/revisions/${a.id}`, { token: other.tokens.auditor })).status).toBe(
      404,
    );
  });
});
