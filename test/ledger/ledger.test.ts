import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "../../src/db/rows.js";
import { fromHex, utf8 } from "../../src/draw-engine/bytes.js";
import {
  merkleLeafHash,
  verifyMerkleConsistency,
  verifyMerkleInclusion,
} from "../../src/draw-engine/merkle.js";
import { Conflict } from "../../src/errors.js";
import { canonicalJson, sha256Hex, treeHeadMessage } from "../../src/ledger/canonical.js";
import { ensureStoredKey, getSigningKey, verifySignature } from "../../src/ledger/keys.js";
import { appendToLedger, getLedgerEntry, takeDownLedgerEntry } from "../../src/ledger/log.js";
import { ledgerEntries } from "../../src/ledger/schema.js";
import { consistencyProof, createTreeHead, inclusionProof } from "../../src/ledger/tree.js";
import { testConfig } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

const config = testConfig();
const hex = (h: string) => fromHex(h, 32);

describeEachDriver("transparency ledger", (get) => {
  it("appends dense indices, hashes canonical leaves and commits with the caller's transaction", async () => {
    const db = get().db;
    const { department } = await newDepartment(db);
    const a = await appendToLedger(db, {
      departmentId: department.id,
      kind: "publication",
      artefactId: "p1",
      content: { b: 2, a: "一" },
    });
    expect(a.index).toBe(0);
    expect(a.leaf.contentHash).toBe(sha256Hex('{"a":"一","b":2}'));
    expect(a.leafHash).toBe(Buffer.from(merkleLeafHash(utf8(canonicalJson(a.leaf)))).toString("hex"));
    // A rolled-back caller transaction leaves no leaf and no gap.
    await expect(
      db.transaction(async (tx) => {
        await appendToLedger(tx, {
          departmentId: department.id,
          kind: "publication",
          artefactId: "p2",
          content: 1,
        });
        throw new Error("caller fails");
      }),
    ).rejects.toThrow("caller fails");
    const b = await appendToLedger(db, {
      departmentId: department.id,
      kind: "round.commitment",
      artefactId: "r1",
      content: [1],
    });
    expect(b.index).toBe(1);
  });

  it("never forks under concurrent appends", async () => {
    const db = get().db;
    const { department } = await newDepartment(db);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        appendToLedger(db, {
          departmentId: department.id,
          kind: "publication",
          artefactId: `c${i}`,
          content: i,
        }),
      ),
    );
    expect(results.map((r) => r.index).sort((x, y) => x - y)).toEqual([...Array(12).keys()]);
  });

  it("signs tree heads and serves inclusion and consistency proofs that verify", async () => {
    const db = get().db;
    const { department } = await newDepartment(db);
    const leaves = [];
    for (let i = 0; i < 5; i++) {
      leaves.push(
        await appendToLedger(db, {
          departmentId: department.id,
          kind: "publication",
          artefactId: `a${i}`,
          content: { i },
        }),
      );
    }
    const first = await createTreeHead(db, config, department.id);
    for (let i = 5; i < 11; i++) {
      leaves.push(
        await appendToLedger(db, {
          departmentId: department.id,
          kind: "publication",
          artefactId: `a${i}`,
          content: { i },
        }),
      );
    }
    const second = await createTreeHead(db, config, department.id);
    const key = await getSigningKey(db, config);
    expect(second.sth).toMatchObject({ treeSize: 11, keyId: key.keyId, log: department.id });
    expect(verifySignature(hex(key.publicKey), treeHeadMessage(second.sth), second.signature)).toBe(true);

    const leaf = leaves[3]!;
    const inc = await inclusionProof(db, department.id, { leafHash: leaf.leafHash, treeSize: 11 });
    const ok = verifyMerkleInclusion({
      leafHash: hex(leaf.leafHash),
      index: inc.index,
      treeSize: 11,
      proof: inc.proof.map(hex),
      root: hex(second.sth.rootHash),
    });
    expect(ok).toBe(true);
    const cons = await consistencyProof(db, department.id, { from: 5, to: 11 });
    const consistent = (root: string) =>
      verifyMerkleConsistency({
        firstSize: 5,
        secondSize: 11,
        firstRoot: hex(root),
        secondRoot: hex(second.sth.rootHash),
        proof: cons.proof.map(hex),
      });
    expect(consistent(first.sth.rootHash)).toBe(true);
    expect(consistent(second.sth.rootHash)).toBe(false);
    await expect(consistencyProof(db, department.id, { from: 5, to: 12 })).rejects.toThrow(/exceeds/);
  });

  it("hides taken-down content, keeps the leaf and logs the take-down", async () => {
    const db = get().db;
    const { department } = await newDepartment(db);
    const pub = await appendToLedger(db, {
      departmentId: department.id,
      kind: "publication",
      artefactId: "f1",
      content: { name: "张三" },
    });
    const down = await takeDownLedgerEntry(db, {
      departmentId: department.id,
      index: pub.index,
      reason: "retention period ended",
    });
    const entry = await getLedgerEntry(db, department.id, pub.index);
    expect(entry.content).toBeNull();
    expect(entry.leafHash).toBe(pub.leafHash);
    expect(entry.takenDown?.byIndex).toBe(down.index);
    const record = await getLedgerEntry(db, department.id, down.index);
    expect(record.leaf.kind).toBe("take-down");
    expect(record.content).toMatchObject({
      index: pub.index,
      leafHash: pub.leafHash,
      reason: "retention period ended",
    });
    await expect(
      takeDownLedgerEntry(db, { departmentId: department.id, index: pub.index, reason: "again" }),
    ).rejects.toBeInstanceOf(Conflict);
  });

  it("generates one stored key even when started concurrently", async () => {
    const db = get().db;
    // Uncached calls race on the advisory lock; all must come back with the same key.
    const keys = await Promise.all([ensureStoredKey(db), ensureStoredKey(db), ensureStoredKey(db)]);
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(1);
    expect((await getSigningKey(db, {})).keyId).toBe(keys[0]!.keyId);
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from signing_keys where origin = 'generated'`,
    );
    expect(row?.n).toBe(1);
  });

  it("stores leaves as canonical JSON text", async () => {
    const db = get().db;
    const { department } = await newDepartment(db);
    await appendToLedger(db, {
      departmentId: department.id,
      kind: "publication",
      artefactId: "x",
      content: { z: 1, y: [true, null] },
    });
    const [row] = await db
      .select()
      .from(ledgerEntries)
      .where(sql`${ledgerEntries.departmentId} = ${department.id}`);
    expect(row?.contentJson).toBe('{"y":[true,null],"z":1}');
  });
});
