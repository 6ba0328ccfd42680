/**
 * The service's Ed25519 signing key: tree heads here, proof bundles in src/draws.
 * From SIGNING_KEY_HEX when configured (recommended: the secret then never touches the
 * database); otherwise generated once and stored, under an advisory lock so that several
 * instances starting together end up with the same key.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { asc, eq, sql } from "drizzle-orm";
import type { Config } from "../config.js";
import type { Db } from "../db/types.js";
import { fromHex, toHex } from "../draw-engine/bytes.js";
import { sha256 } from "../draw-engine/hash.js";
import { signingKeys } from "./schema.js";

export interface SigningKey {
  /** Hex SHA-256 of the raw 32-byte public key. */
  keyId: string;
  secretKey: Uint8Array;
  /** Raw public key, lower-case hex. */
  publicKey: string;
}

/** Advisory lock key (single bigint form) for generating the stored key. */
const KEYGEN_LOCK = 7_243_101;

export function keyIdOf(publicKey: Uint8Array): string {
  return toHex(sha256(publicKey));
}

function fromSecret(secretKey: Uint8Array): SigningKey {
  const pub = ed25519.getPublicKey(secretKey);
  return { keyId: keyIdOf(pub), secretKey, publicKey: toHex(pub) };
}

async function configuredKey(db: Db, hex: string): Promise<SigningKey> {
  const key = fromSecret(fromHex(hex.toLowerCase(), 32));
  await db
    .insert(signingKeys)
    .values({ keyId: key.keyId, publicKey: key.publicKey, secretKey: null, origin: "config" })
    .onConflictDoNothing();
  return key;
}

/** Loads the stored key, generating it first if there is none (not cached: use getSigningKey). */
export async function ensureStoredKey(db: Db): Promise<SigningKey> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${KEYGEN_LOCK})`);
    const [row] = await tx
      .select()
      .from(signingKeys)
      .where(eq(signingKeys.origin, "generated"))
      .orderBy(asc(signingKeys.createdAt))
      .limit(1);
    if (row?.secretKey) return fromSecret(fromHex(row.secretKey, 32));
    const key = fromSecret(ed25519.utils.randomSecretKey());
    await tx.insert(signingKeys).values({
      keyId: key.keyId,
      publicKey: key.publicKey,
      secretKey: toHex(key.secretKey),
      origin: "generated",
    });
    return key;
  });
}

const cache = new WeakMap<object, Map<string, Promise<SigningKey>>>();

/** The current signing key (cached per database handle and configuration). */
export function getSigningKey(db: Db, config: Pick<Config, "SIGNING_KEY_HEX">): Promise<SigningKey> {
  const tag = config.SIGNING_KEY_HEX?.toLowerCase() ?? "stored";
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let p = perDb.get(tag);
  if (!p) {
    p = config.SIGNING_KEY_HEX ? configuredKey(db, config.SIGNING_KEY_HEX) : ensureStoredKey(db);
    p.catch(() => perDb.delete(tag));
    perDb.set(tag, p);
  }
  return p;
}

/** Every key the service has signed with, for GET /public/keys. Never the secrets. */
export async function listPublicKeys(db: Db) {
  const rows = await db
    .select({
      keyId: signingKeys.keyId,
      algorithm: signingKeys.algorithm,
      publicKey: signingKeys.publicKey,
      origin: signingKeys.origin,
      createdAt: signingKeys.createdAt,
    })
    .from(signingKeys)
    .orderBy(asc(signingKeys.createdAt), asc(signingKeys.keyId));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function publicKeyById(db: Db, keyId: string): Promise<Uint8Array | null> {
  const [row] = await db
    .select({ publicKey: signingKeys.publicKey })
    .from(signingKeys)
    .where(eq(signingKeys.keyId, keyId));
  return row ? fromHex(row.publicKey, 32) : null;
}

export function signBytes(key: SigningKey, message: Uint8Array): string {
  return toHex(ed25519.sign(message, key.secretKey));
}

export function verifySignature(publicKey: Uint8Array, message: Uint8Array, signatureHex: string): boolean {
  try {
    return ed25519.verify(fromHex(signatureHex, 64), message, publicKey);
  } catch {
    return false;
  }
}
