/**
 * C2SP signed notes (c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank line,
 * then one or more lines `— <key name> base64(key ID ‖ signature)`.
 *
 * Verification follows the spec's rules: signatures whose (name, key ID) match no known key
 * are ignored (kept as `unverified`); a known key's signature that fails rejects the whole
 * note; a note with no verified signature is rejected. Ed25519 note signatures (0x01) and
 * Ed25519 cosignatures (0x04, see cosignature.ts) are understood.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { toBase64 } from "./base64.js";
import { verifyCosignatureBytes } from "./cosignature.js";
import {
  assertKeyName,
  equalBytes,
  formatSignatureLine,
  formatVerifierKeyOf,
  hasForbiddenControl,
  hex,
  keyHashOf,
  NoteError,
  type NoteSignature,
  parseKeyHashHex,
  parseSignatureLine,
  SIG_TYPE_ED25519,
  type SupportedSigType,
  splitKeyMaterial,
  splitPlus,
  toVerifierKey,
  utf8,
  type VerifierKey,
} from "./primitives.js";

export {
  formatSignatureLine,
  NoteError,
  type NoteErrorCode,
  type NoteSignature,
  parseSignatureLine,
  parseVerifierKey,
  SIG_TYPE_COSIGNATURE_V1,
  SIG_TYPE_ED25519,
  SIGNATURE_PREFIX,
  type VerifierKey,
} from "./primitives.js";

/**
 * Most signatures a note may carry. The spec requires accepting at least 16; a log's own
 * signature plus a few dozen witnesses stays far below this, and the bound keeps a hostile
 * note from costing unbounded verification work.
 */
export const MAX_NOTE_SIGNATURES = 100;

/** SHA-256(name ‖ 0x0A ‖ 0x01 ‖ publicKey)[:4]. */
export function ed25519KeyHash(name: string, publicKey: Uint8Array): Uint8Array {
  return keyHashOf(name, SIG_TYPE_ED25519, publicKey);
}

/** `name+hex8+base64(0x01 ‖ publicKey)`. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  return formatVerifierKeyOf(name, SIG_TYPE_ED25519, publicKey);
}

export interface SignerKey {
  name: string;
  keyHash: Uint8Array;
  alg: SupportedSigType;
  /** 32-byte Ed25519 seed. */
  secretKey: Uint8Array;
  publicKey: Uint8Array;
}

/** `PRIVATE+KEY+name+hex8+base64(type ‖ seed)`; type 0x01 (note signer) unless a cosigner's 0x04. */
export function formatSignerKey(
  name: string,
  secretKey: Uint8Array,
  alg: SupportedSigType = SIG_TYPE_ED25519,
): string {
  assertKeyName(name);
  if (secretKey.length !== 32) throw new NoteError("malformed-key", "an Ed25519 seed is 32 bytes");
  const publicKey = ed25519.getPublicKey(secretKey);
  const material = new Uint8Array(33);
  material[0] = alg;
  material.set(secretKey, 1);
  return `PRIVATE+KEY+${name}+${hex(keyHashOf(name, alg, publicKey))}+${toBase64(material)}`;
}

export function parseSignerKey(skey: string): SignerKey {
  const parts = typeof skey === "string" ? splitPlus(skey.trim(), 5) : null;
  if (parts?.[0] !== "PRIVATE" || parts[1] !== "KEY") {
    throw new NoteError("malformed-key", "a signer key must have the form PRIVATE+KEY+name+keyid+base64key");
  }
  const [, , name, hash16, b64] = parts as [string, string, string, string, string];
  assertKeyName(name);
  const keyHash = parseKeyHashHex(hash16, `signer key ${name}`);
  const { alg, key: secretKey } = splitKeyMaterial(b64, `signer key ${name}`);
  const publicKey = ed25519.getPublicKey(secretKey);
  if (!equalBytes(keyHash, keyHashOf(name, alg, publicKey))) {
    throw new NoteError("key-hash-mismatch", `signer key ${name}: key ID ${hash16} does not match the key`);
  }
  return { name, keyHash, alg, secretKey, publicKey };
}

function assertNoteText(text: string): void {
  if (typeof text !== "string" || !text.endsWith("\n")) {
    throw new NoteError("malformed-note", "note text must end with a newline");
  }
  if (hasForbiddenControl(text)) {
    throw new NoteError(
      "malformed-note",
      "note text must be valid UTF-8 without control characters other than newline",
    );
  }
}

/**
 * Signs `text` with Ed25519 note keys (type 0x01) and returns the whole signed note: text,
 * blank line, one signature line per signer in the given order.
 */
export function signNote(text: string, signers: { name: string; secretKey: Uint8Array }[]): string {
  assertNoteText(text);
  if (signers.length === 0) throw new NoteError("malformed-note", "a signed note needs at least one signer");
  const msg = utf8(text);
  let out = `${text}\n`;
  for (const s of signers) {
    const publicKey = ed25519.getPublicKey(s.secretKey);
    out += formatSignatureLine(s.name, ed25519KeyHash(s.name, publicKey), ed25519.sign(msg, s.secretKey));
  }
  return out;
}

export interface ParsedNote {
  /** The note text, final newline included, separating blank line excluded. */
  text: string;
  signatures: NoteSignature[];
}

/** Splits a signed note into text and signature lines without checking any signature. */
export function parseNote(note: string | Uint8Array): ParsedNote {
  let s: string;
  if (typeof note === "string") s = note;
  else {
    try {
      s = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(note);
    } catch {
      throw new NoteError("malformed-note", "note is not valid UTF-8");
    }
  }
  if (hasForbiddenControl(s)) {
    throw new NoteError(
      "malformed-note",
      "note must be valid UTF-8 without control characters other than newline",
    );
  }
  if (!s.endsWith("\n")) throw new NoteError("malformed-note", "note must end with a newline");
  const split = s.lastIndexOf("\n\n");
  if (split < 0) throw new NoteError("malformed-note", "note has no blank line before its signatures");
  const text = s.slice(0, split + 1);
  const lines = s.slice(split + 2, -1).split("\n");
  if (lines.length > MAX_NOTE_SIGNATURES) {
    throw new NoteError(
      "too-many-signatures",
      `note has ${lines.length} signatures (at most ${MAX_NOTE_SIGNATURES})`,
    );
  }
  const signatures = lines.map((l) => parseSignatureLine(l));
  return { text, signatures };
}

export interface VerifiedSignature {
  name: string;
  keyHash: Uint8Array;
  alg: SupportedSigType;
  /** Cosignatures (type 0x04) only: their POSIX timestamp. */
  timestamp?: number;
  line: string;
}

export interface OpenedNote {
  text: string;
  verified: VerifiedSignature[];
  /** Signatures from keys not given: ignored, kept so callers can pass them on. */
  unverified: NoteSignature[];
}

/**
 * Parses a note and verifies it against known keys (vkey strings or parsed keys). Throws
 * NoteError "bad-signature" when a known key's signature fails (keyName says which),
 * "unverified-note" when no known key signed it, "ambiguous-key" when two given keys share
 * name and key ID.
 */
export function openNote(note: string | Uint8Array, verifiers: (string | VerifierKey)[]): OpenedNote {
  const { text, signatures } = parseNote(note);
  const keys = verifiers.map(toVerifierKey);
  const msg = utf8(text);
  const verified: VerifiedSignature[] = [];
  const unverified: NoteSignature[] = [];
  for (const sig of signatures) {
    const matching = keys.filter((k) => k.name === sig.name && equalBytes(k.keyHash, sig.keyHash));
    if (matching.length === 0) {
      unverified.push(sig);
      continue;
    }
    if (matching.length > 1 && new Set(matching.map((k) => k.vkey)).size > 1) {
      throw new NoteError(
        "ambiguous-key",
        `two given keys share name and key ID ${sig.name}+${hex(sig.keyHash)}`,
        sig.name,
      );
    }
    const key = matching[0]!;
    if (verified.some((v) => v.name === key.name && equalBytes(v.keyHash, key.keyHash))) continue;
    if (key.alg === SIG_TYPE_ED25519) {
      const ok =
        sig.signature.length === 64 && ed25519.verify(sig.signature, msg, key.publicKey, { zip215: false });
      if (!ok) throw new NoteError("bad-signature", `signature of ${key.name} does not verify`, key.name);
      verified.push({ name: key.name, keyHash: key.keyHash, alg: key.alg, line: sig.line });
    } else {
      const r = verifyCosignatureBytes(text, sig.signature, key.publicKey);
      if (!r.ok) throw new NoteError("bad-signature", `cosignature of ${key.name} does not verify`, key.name);
      verified.push({
        name: key.name,
        keyHash: key.keyHash,
        alg: key.alg,
        timestamp: r.timestamp,
        line: sig.line,
      });
    }
  }
  if (verified.length === 0) {
    throw new NoteError("unverified-note", "no signature on the note is from a known key");
  }
  return { text, verified, unverified };
}

/** Appends signature lines to a signed note, skipping lines it already carries. */
export function addSignatureLines(note: string, lines: string[]): string {
  parseNote(note);
  let out = note;
  for (const l of lines) {
    const line = parseSignatureLine(l).line;
    if (!out.includes(`\n${line}`)) out += line;
  }
  return out;
}
