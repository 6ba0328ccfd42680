/**
 * Re-checks a department's log from the database: every leaf against its canonical JSON,
 * every stored content against the leaf's content hash, dense indices, and every stored
 * tree head (signature and root). Reports the first problem with its index.
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "../db/types.js";
import { fromHex, toHex } from "../draw-engine/bytes.js";
import { MerkleRootBuilder } from "../draw-engine/merkle.js";
import { canonicalJson, type LedgerLeaf, leafHashHex, sha256Hex, treeHeadMessage } from "./canonical.js";
import { publicKeyById, verifySignature } from "./keys.js";
import { ledgerEntries } from "./schema.js";
import { allTreeHeads, headView } from "./tree.js";

export interface LedgerProblem {
  /** The first leaf index involved. */
  index: number;
  reason: string;
  /** For a tree-head mismatch: the head's size; the altered leaf lies in [index, treeSize). */
  treeSize?: number;
}

export interface LedgerReport {
  ok: boolean;
  size: number;
  treeHeadsChecked: number;
  firstProblem: LedgerProblem | null;
}

type Row = typeof ledgerEntries.$inferSelect;

function checkRow(row: Row, position: number, departmentId: string): string | null {
  if (row.index !== position) return `expected index ${position}, found ${row.index} (entries missing)`;
  if (leafHashHex(row.leafJson) !== row.leafHash) return "leaf hash does not match the leaf's canonical JSON";
  let leaf: LedgerLeaf;
  try {
    leaf = JSON.parse(row.leafJson) as LedgerLeaf;
  } catch {
    return "leaf JSON does not parse";
  }
  if (canonicalJson(leaf, "leaf") !== row.leafJson) return "leaf JSON is not canonical";
  if (
    leaf.log !== departmentId ||
    leaf.index !== row.index ||
    leaf.kind !== row.kind ||
    leaf.artefactId !== row.artefactId
  ) {
    return "leaf fields disagree with the row's columns";
  }
  if (row.contentJson !== null && sha256Hex(row.contentJson) !== leaf.contentHash) {
    return "content does not match the leaf's content hash";
  }
  if (row.contentJson === null && row.takenDownAt === null)
    return "content missing without a recorded take-down";
  return null;
}

export async function verifyLedger(db: Db, departmentId: string): Promise<LedgerReport> {
  const rows = await db
    .select()
    .from(ledgerEntries)
    .where(eq(ledgerEntries.departmentId, departmentId))
    .orderBy(asc(ledgerEntries.index));
  const heads = await allTreeHeads(db, departmentId);
  const report = (firstProblem: LedgerProblem | null, checked: number): LedgerReport => ({
    ok: firstProblem === null,
    size: rows.length,
    treeHeadsChecked: checked,
    firstProblem,
  });

  for (let i = 0; i < rows.length; i++) {
    const reason = checkRow(rows[i] as Row, i, departmentId);
    if (reason) return report({ index: i, reason }, 0);
  }

  // One streaming pass over the leaves; compare the root whenever a stored head's size is reached.
  const builder = new MerkleRootBuilder();
  let lastGood = 0;
  let checked = 0;
  for (const head of heads) {
    const signed = headView(head);
    const pub = await publicKeyById(db, head.keyId);
    if (!pub || !verifySignature(pub, treeHeadMessage(signed.sth), head.signature)) {
      return report(
        {
          index: lastGood,
          treeSize: head.treeSize,
          reason: `tree head of size ${head.treeSize} has a bad signature`,
        },
        checked,
      );
    }
    if (head.treeSize > rows.length) {
      return report(
        {
          index: rows.length,
          treeSize: head.treeSize,
          reason: `tree head of size ${head.treeSize} exceeds the log (entries missing)`,
        },
        checked,
      );
    }
    while (builder.size < head.treeSize)
      builder.addLeafHash(fromHex((rows[builder.size] as Row).leafHash, 32));
    if (toHex(builder.root()) !== head.rootHash) {
      return report(
        {
          index: lastGood,
          treeSize: head.treeSize,
          reason: `leaves in [${lastGood}, ${head.treeSize}) no longer match the signed tree head of size ${head.treeSize}`,
        },
        checked,
      );
    }
    lastGood = head.treeSize;
    checked++;
  }
  return report(null, checked);
}
