/**
 * C2SP checkpoints of the department logs (docs/ledger.md "Checkpoints"). Each signed JSON
 * tree head gets a checkpoint of the same size and root, signed as a C2SP note with the same
 * Ed25519 key under the key name = origin. Cosignatures from witnesses are stored apart and
 * appended to the note when it is served.
 */
import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { Config } from "../config.js";
import type { Db } from "../db/types.js";
import { departments } from "../departments/schema.js";
import { fromHex } from "../draw-engine/bytes.js";
import { NotFound } from "../errors.js";
import { formatCheckpoint, formatVerifierKey, signNote } from "./c2sp/index.js";
import type { TreeHead } from "./canonical.js";
import { ledgerCheckpoints, ledgerCosignatures } from "./checkpoints.schema.js";
import { getSigningKey, type SigningKey } from "./keys.js";

export type OriginConfig = Partial<Pick<Config, "LEDGER_ORIGIN_HOST" | "PUBLIC_BASE_URL">>;

/**
 * The host part of new origins: LEDGER_ORIGIN_HOST, else the host of PUBLIC_BASE_URL, else
 * `localhost` (tests and a bare local start).
 */
export function originHost(config: OriginConfig): string {
  if (config.LEDGER_ORIGIN_HOST) return config.LEDGER_ORIGIN_HOST;
  if (config.PUBLIC_BASE_URL) return new URL(config.PUBLIC_BASE_URL).host;
  return "localhost";
}

/**
 * `<host>/sortes/<department code>`. The code is percent-encoded so that the origin, which is
 * also the note key name, never holds a space or a `+` (signed-note forbids both in names).
 */
export function formatOrigin(host: string, departmentCode: string): string {
  return `${host}/sortes/${encodeURIComponent(departmentCode)}`;
}

/**
 * A log's origin: the one its first checkpoint fixed (so a later change of configuration or
 * host never renames a log under its witnesses), else the one the configuration gives now.
 */
export async function logOrigin(db: Db, config: OriginConfig, departmentId: string): Promise<string> {
  const [first] = await db
    .select({ origin: ledgerCheckpoints.origin })
    .from(ledgerCheckpoints)
    .where(eq(ledgerCheckpoints.departmentId, departmentId))
    .orderBy(asc(ledgerCheckpoints.treeSize))
    .limit(1);
  if (first) return first.origin;
  const [dept] = await db
    .select({ code: departments.code })
    .from(departments)
    .where(eq(departments.id, departmentId));
  if (!dept) throw new NotFound(`department ${departmentId} not found`);
  return formatOrigin(originHost(config), dept.code);
}

/** The log's note verifier key (`origin+hash+base64(0x01‖key)`) for a signing key. */
export function logVerifierKey(origin: string, key: Pick<SigningKey, "publicKey">): string {
  return formatVerifierKey(origin, fromHex(key.publicKey, 32));
}

/**
 * Signs and stores the checkpoint of a tree head just signed (called by createTreeHead inside
 * its transaction). A head re-signed at an unchanged size reuses the stored checkpoint; only a
 * new signing key replaces its note (Ed25519 is deterministic, so the same key gives the same
 * note anyway).
 */
export async function storeCheckpoint(db: Db, config: OriginConfig, key: SigningKey, sth: TreeHead) {
  const origin = await logOrigin(db, config, sth.log);
  const body = formatCheckpoint({ origin, size: sth.treeSize, rootHash: fromHex(sth.rootHash, 32) });
  const note = signNote(body, [{ name: origin, secretKey: key.secretKey }]);
  await db
    .insert(ledgerCheckpoints)
    .values({
      departmentId: sth.log,
      treeSize: sth.treeSize,
      origin,
      rootHash: sth.rootHash,
      keyId: key.keyId,
      note,
      timestamp: sth.timestamp,
    })
    .onConflictDoUpdate({
      target: [ledgerCheckpoints.departmentId, ledgerCheckpoints.treeSize],
      set: { note, keyId: key.keyId },
      setWhere: sql`${ledgerCheckpoints.keyId} <> ${key.keyId}`,
    });
}

export type CheckpointRow = typeof ledgerCheckpoints.$inferSelect;

/** The checkpoint of that size, or the newest; null when none has been signed. */
export async function findCheckpoint(
  db: Db,
  departmentId: string,
  size?: number,
): Promise<CheckpointRow | null> {
  const where =
    size === undefined
      ? eq(ledgerCheckpoints.departmentId, departmentId)
      : and(eq(ledgerCheckpoints.departmentId, departmentId), eq(ledgerCheckpoints.treeSize, size));
  const [row] = await db
    .select()
    .from(ledgerCheckpoints)
    .where(where)
    .orderBy(desc(ledgerCheckpoints.treeSize))
    .limit(1);
  return row ?? null;
}

/** The note text a checkpoint's signatures cover: everything before the blank line, plus "\n". */
export function checkpointBody(note: string): string {
  const end = note.indexOf("\n\n");
  if (end < 0) throw new Error("stored checkpoint note has no signature block");
  return note.slice(0, end + 1);
}

async function cosignaturesOf(db: Db, departmentId: string, sizes: number[]) {
  if (sizes.length === 0) return [];
  return db
    .select()
    .from(ledgerCosignatures)
    .where(
      and(eq(ledgerCosignatures.departmentId, departmentId), inArray(ledgerCosignatures.treeSize, sizes)),
    )
    .orderBy(asc(ledgerCosignatures.witnessName), asc(ledgerCosignatures.keyHash));
}

/**
 * The signed note as served: the log's own note, then every stored cosignature line of that
 * checkpoint (witness name order). 404 when no checkpoint (of that size) exists.
 */
export async function servedCheckpointNote(db: Db, departmentId: string, size?: number): Promise<string> {
  const cp = await findCheckpoint(db, departmentId, size);
  if (!cp) {
    throw new NotFound(
      size === undefined
        ? "no checkpoint has been signed for this log yet"
        : `no checkpoint of size ${size} has been signed for this log`,
    );
  }
  const cosigs = await cosignaturesOf(db, departmentId, [cp.treeSize]);
  return cp.note + cosigs.map((c) => `${c.signatureLine}\n`).join("");
}

/** Checkpoints newest first, `limit` at a time, below `before` (a tree size) when given. */
export async function listCheckpoints(
  db: Db,
  departmentId: string,
  page: { limit: number; before?: number },
) {
  const where =
    page.before === undefined
      ? eq(ledgerCheckpoints.departmentId, departmentId)
      : and(eq(ledgerCheckpoints.departmentId, departmentId), lt(ledgerCheckpoints.treeSize, page.before));
  const rows = await db
    .select()
    .from(ledgerCheckpoints)
    .where(where)
    .orderBy(desc(ledgerCheckpoints.treeSize))
    .limit(page.limit);
  const cosigs = await cosignaturesOf(
    db,
    departmentId,
    rows.map((r) => r.treeSize),
  );
  const items = rows.map((r) => ({
    size: r.treeSize,
    rootHash: r.rootHash,
    timestamp: r.timestamp,
    origin: r.origin,
    cosigners: cosigs
      .filter((c) => c.treeSize === r.treeSize)
      .map((c) => ({ name: c.witnessName, keyHash: c.keyHash, timestamp: c.timestamp })),
  }));
  const last = rows.at(-1);
  return { items, nextBefore: rows.length === page.limit && last ? last.treeSize : null };
}

/** The log identity to publish: origin and note verifier key under the current signing key. */
export async function logKey(
  db: Db,
  config: OriginConfig & Pick<Config, "SIGNING_KEY_HEX">,
  departmentId: string,
) {
  const origin = await logOrigin(db, config, departmentId);
  const key = await getSigningKey(db, config);
  return { origin, verifierKey: logVerifierKey(origin, key), keyId: key.keyId, publicKey: key.publicKey };
}
