/**
 * Checkpoint cosignatures, c2sp.org/tlog-cosignature, Ed25519 type (signature type 0x04).
 *
 *   key ID    = SHA-256(name ‖ "\n" ‖ 0x04 ‖ 32-byte public key)[:4]
 *   message   = "cosignature/v1\n" ‖ "time " ‖ decimal(timestamp) ‖ "\n" ‖ checkpoint note text
 *   signature = timestamp (u64, big-endian) ‖ Ed25519 signature (64 bytes)
 *   line      = "— " name " " base64(key ID ‖ signature) "\n"
 *
 * A v1 cosignature says: as of `timestamp`, the largest consistent tree the cosigner has seen
 * for this origin has this root. The message does not name the cosigner, so one key must
 * never serve two cosigner names (the spec's rule; `sortes witness keygen` makes one key each).
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { parseCheckpoint } from "./checkpoint.js";
import {
  equalBytes,
  formatSignatureLine,
  formatVerifierKeyOf,
  keyHashOf,
  NoteError,
  parseSignatureLine,
  SIG_TYPE_COSIGNATURE_V1,
  toVerifierKey,
  utf8,
  type VerifierKey,
} from "./primitives.js";

export const COSIGNATURE_HEADER = "cosignature/v1";
/** Timestamps must not exceed 2^63 − 1; we also stay within exact JS integers. */
const MAX_TIMESTAMP = Number.MAX_SAFE_INTEGER;

export function cosignatureKeyHash(name: string, publicKey: Uint8Array): Uint8Array {
  return keyHashOf(name, SIG_TYPE_COSIGNATURE_V1, publicKey);
}

/** `name+hex8+base64(0x04 ‖ publicKey)`, the form a witness publishes and clients pass to --witness. */
export function formatCosignatureVerifierKey(name: string, publicKey: Uint8Array): string {
  return formatVerifierKeyOf(name, SIG_TYPE_COSIGNATURE_V1, publicKey);
}

/** The exact bytes a cosigner signs. `checkpointText` is the note text (ends in a newline). */
export function cosignatureMessage(checkpointText: string, timestampSec: number): Uint8Array {
  return utf8(`${COSIGNATURE_HEADER}\ntime ${timestampSec}\n${checkpointText}`);
}

function checkTimestamp(ts: number): void {
  if (!Number.isSafeInteger(ts) || ts <= 0 || ts > MAX_TIMESTAMP) {
    throw new NoteError(
      "malformed-cosignature",
      `cosignature timestamp ${ts} is not a positive whole number of seconds`,
    );
  }
}

/**
 * The checkpoint's note text. Accepts the text itself or a whole signed note (a checkpoint body
 * never holds an empty line, so the first "\n\n" can only be the note's separator).
 */
export function checkpointTextOf(textOrNote: string): string {
  const blank = textOrNote.indexOf("\n\n");
  return blank < 0 ? textOrNote : textOrNote.slice(0, blank + 1);
}

export interface CosignerKey {
  name: string;
  /** 32-byte Ed25519 seed. */
  secretKey: Uint8Array;
}

/**
 * Cosigns a checkpoint at `timestampSec` (POSIX seconds, > 0). Returns the signature line,
 * final newline included. The text is checked to be a well-formed checkpoint first: a witness
 * must never sign anything else with this key.
 */
export function cosignCheckpoint(checkpointText: string, signer: CosignerKey, timestampSec: number): string {
  const text = checkpointTextOf(checkpointText);
  parseCheckpoint(text);
  checkTimestamp(timestampSec);
  const publicKey = ed25519.getPublicKey(signer.secretKey);
  const sig = ed25519.sign(cosignatureMessage(text, timestampSec), signer.secretKey);
  const body = new Uint8Array(72);
  new DataView(body.buffer).setBigUint64(0, BigInt(timestampSec), false);
  body.set(sig, 8);
  return formatSignatureLine(signer.name, cosignatureKeyHash(signer.name, publicKey), body);
}

/** Splits a 72-byte cosignature into its timestamp and Ed25519 signature (null when malformed). */
export function splitCosignature(signature: Uint8Array): { timestamp: number; sig: Uint8Array } | null {
  if (signature.length !== 72) return null;
  const ts = new DataView(signature.buffer, signature.byteOffset, 8).getBigUint64(0, false);
  if (ts === 0n || ts > BigInt(MAX_TIMESTAMP)) return null;
  return { timestamp: Number(ts), sig: signature.slice(8) };
}

/** Verifies raw cosignature bytes (after the key ID) over a checkpoint text. */
export function verifyCosignatureBytes(
  checkpointText: string,
  signature: Uint8Array,
  publicKey: Uint8Array,
): { ok: boolean; timestamp?: number } {
  const parts = splitCosignature(signature);
  if (!parts) return { ok: false };
  const ok = ed25519.verify(parts.sig, cosignatureMessage(checkpointText, parts.timestamp), publicKey, {
    zip215: false,
  });
  return { ok, timestamp: parts.timestamp };
}

export interface CosignatureCheck {
  ok: boolean;
  /** POSIX seconds from the cosignature, when it could be read. */
  timestamp?: number;
  /** Why not ok, in words. */
  reason?: string;
}

/**
 * Checks one cosignature line against a witness's verifier key (type 0x04). Never throws for
 * a bad line or signature (ok: false with a reason); throws NoteError for a bad key or text.
 */
export function verifyCosignature(
  checkpointText: string,
  sigLine: string,
  vkey: string | VerifierKey,
): CosignatureCheck {
  const key = toVerifierKey(vkey);
  if (key.alg !== SIG_TYPE_COSIGNATURE_V1) {
    throw new NoteError(
      "unsupported-algorithm",
      `key ${key.name} is not a cosignature key (type 0x04)`,
      key.name,
    );
  }
  const text = checkpointTextOf(checkpointText);
  let line: ReturnType<typeof parseSignatureLine>;
  try {
    line = parseSignatureLine(sigLine);
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
  if (line.name !== key.name || !equalBytes(line.keyHash, key.keyHash)) {
    return { ok: false, reason: `the line is signed by ${line.name}, not by the key ${key.name}` };
  }
  const r = verifyCosignatureBytes(text, line.signature, key.publicKey);
  if (r.timestamp === undefined)
    return { ok: false, reason: `cosignature of ${key.name} is not 8+64 bytes with a timestamp` };
  return r.ok
    ? r
    : { ok: false, timestamp: r.timestamp, reason: `cosignature of ${key.name} does not verify` };
}
