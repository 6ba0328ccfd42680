/**
 * Shared pieces of the C2SP signed-note family (c2sp.org/signed-note): the error type, key
 * names, key IDs, verifier-key text and signature lines. note.ts, checkpoint.ts and
 * cosignature.ts build on these; everything here is pure (browser-safe).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { toBase64, tryFromBase64 } from "./base64.js";

/** Any malformed or unverifiable note, key, checkpoint or cosignature. `code` is stable for callers. */
export class NoteError extends Error {
  constructor(
    readonly code: NoteErrorCode,
    message: string,
    /** The key name concerned, when one is (e.g. the signer whose signature failed). */
    readonly keyName?: string,
  ) {
    super(message);
    this.name = "NoteError";
  }
}

export type NoteErrorCode =
  | "malformed-key"
  | "unsupported-algorithm"
  | "key-hash-mismatch"
  | "malformed-note"
  | "too-many-signatures"
  | "ambiguous-key"
  | "bad-signature"
  | "unverified-note"
  | "malformed-checkpoint"
  | "malformed-cosignature";

/** Signature type bytes (signed-note §Signature types). Only these two are implemented. */
export const SIG_TYPE_ED25519 = 0x01;
export const SIG_TYPE_COSIGNATURE_V1 = 0x04;
export type SupportedSigType = typeof SIG_TYPE_ED25519 | typeof SIG_TYPE_COSIGNATURE_V1;

/** U+2014 EM DASH then a space: the start of every signature line. */
export const SIGNATURE_PREFIX = "\u2014 ";

const encoder = new TextEncoder();
export const utf8 = (s: string): Uint8Array => encoder.encode(s);

// Unicode spaces (JS \s is White_Space plus BOM; U+0085 NEL is White_Space too but not in \s).
const SPACE_OR_PLUS = /[\s\u0085+]/u;
// Lone surrogates cannot be encoded as UTF-8; with the u flag this class only matches lone ones.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/** ASCII controls other than newline (signed-note §Format), or a lone surrogate (not UTF-8). */
export function hasForbiddenControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return true;
  }
  return LONE_SURROGATE.test(s);
}

/** Key names: non-empty, no Unicode spaces, no '+', valid UTF-8, no control characters. */
export function isValidKeyName(name: unknown): name is string {
  return (
    typeof name === "string" &&
    name.length > 0 &&
    !SPACE_OR_PLUS.test(name) &&
    !hasForbiddenControl(name) &&
    !name.includes("\u007F")
  );
}

export function assertKeyName(name: unknown): asserts name is string {
  if (!isValidKeyName(name)) {
    throw new NoteError(
      "malformed-key",
      `key name ${JSON.stringify(name)} is not valid: it must be non-empty, without spaces, '+' or control characters`,
    );
  }
}

/** key ID = SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4] (signed-note, tlog-cosignature). */
export function keyHashOf(name: string, sigType: number, publicKey: Uint8Array): Uint8Array {
  const n = utf8(name);
  const msg = new Uint8Array(n.length + 2 + publicKey.length);
  msg.set(n, 0);
  msg[n.length] = 0x0a;
  msg[n.length + 1] = sigType;
  msg.set(publicKey, n.length + 2);
  return sha256(msg).slice(0, 4);
}

export function hex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A parsed verifier key (vkey): `name+hex(keyHash)+base64(type ‖ publicKey)`. */
export interface VerifierKey {
  name: string;
  /** 4-byte key ID. */
  keyHash: Uint8Array;
  /** Signature type byte: 0x01 Ed25519 note signatures, 0x04 Ed25519 cosignatures. */
  alg: SupportedSigType;
  /** 32-byte Ed25519 public key. */
  publicKey: Uint8Array;
  /** The vkey text, canonical form. */
  vkey: string;
}

export function formatVerifierKeyOf(name: string, sigType: SupportedSigType, publicKey: Uint8Array): string {
  assertKeyName(name);
  if (publicKey.length !== 32) {
    throw new NoteError("malformed-key", `an Ed25519 public key is 32 bytes, got ${publicKey.length}`);
  }
  const material = new Uint8Array(33);
  material[0] = sigType;
  material.set(publicKey, 1);
  return `${name}+${hex(keyHashOf(name, sigType, publicKey))}+${toBase64(material)}`;
}

/** Splits `type ‖ key` key material and checks type and length. */
export function splitKeyMaterial(b64: string, what: string): { alg: SupportedSigType; key: Uint8Array } {
  const material = tryFromBase64(b64);
  if (!material || material.length === 0) {
    throw new NoteError("malformed-key", `${what}: key material is not standard base64`);
  }
  const alg = material[0]!;
  if (alg !== SIG_TYPE_ED25519 && alg !== SIG_TYPE_COSIGNATURE_V1) {
    throw new NoteError(
      "unsupported-algorithm",
      `${what}: signature type 0x${alg.toString(16).padStart(2, "0")} is not supported (only 0x01 Ed25519 and 0x04 Ed25519 cosignature)`,
    );
  }
  const key = material.slice(1);
  if (key.length !== 32) {
    throw new NoteError("malformed-key", `${what}: an Ed25519 key is 32 bytes, got ${key.length}`);
  }
  return { alg, key };
}

export function parseKeyHashHex(h: string, what: string): Uint8Array {
  if (!/^[0-9a-fA-F]{8}$/.test(h)) {
    throw new NoteError(
      "malformed-key",
      `${what}: the key ID must be 8 hex digits, got ${JSON.stringify(h)}`,
    );
  }
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) out[i] = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** One parsed signature line: `— name base64(keyHash ‖ signature)`. */
export interface NoteSignature {
  name: string;
  keyHash: Uint8Array;
  /** The signature bytes after the 4-byte key ID. */
  signature: Uint8Array;
  /** The line as it appeared, including its final newline. */
  line: string;
}

/** Formats one signature line, final newline included. */
export function formatSignatureLine(name: string, keyHash: Uint8Array, signature: Uint8Array): string {
  assertKeyName(name);
  if (keyHash.length !== 4) throw new NoteError("malformed-key", "a key ID is 4 bytes");
  const all = new Uint8Array(4 + signature.length);
  all.set(keyHash, 0);
  all.set(signature, 4);
  return `${SIGNATURE_PREFIX}${name} ${toBase64(all)}\n`;
}

/** Parses one signature line (with or without its final newline). */
export function parseSignatureLine(line: string): NoteSignature {
  const body = line.endsWith("\n") ? line.slice(0, -1) : line;
  if (!body.startsWith(SIGNATURE_PREFIX) || body.includes("\n")) {
    throw new NoteError("malformed-note", `not a signature line (must be "— name base64"): ${preview(body)}`);
  }
  const rest = body.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(" ");
  const name = space < 0 ? "" : rest.slice(0, space);
  const b64 = space < 0 ? "" : rest.slice(space + 1);
  if (!isValidKeyName(name))
    throw new NoteError("malformed-note", `bad key name in signature line ${preview(body)}`);
  const bytes = tryFromBase64(b64);
  if (!bytes || bytes.length < 5) {
    throw new NoteError(
      "malformed-note",
      `signature of ${name} is not base64 of a key ID and a signature`,
      name,
    );
  }
  return { name, keyHash: bytes.slice(0, 4), signature: bytes.slice(4), line: `${body}\n` };
}

export function preview(s: string): string {
  return JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
}

/**
 * Splits at the first `count − 1` '+' signs: the last part is base64, which may hold '+'
 * itself. Null when there are fewer parts.
 */
export function splitPlus(s: string, count: number): string[] | null {
  const parts: string[] = [];
  let rest = s;
  for (let i = 0; i < count - 1; i++) {
    const at = rest.indexOf("+");
    if (at < 0) return null;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

/** Parses `name+hex8+base64(type ‖ key)`; checks the name, the type, the length and the key ID. */
export function parseVerifierKey(vkey: string): VerifierKey {
  if (typeof vkey !== "string") throw new NoteError("malformed-key", "a verifier key must be a string");
  const parts = splitPlus(vkey.trim(), 3);
  if (!parts) {
    throw new NoteError(
      "malformed-key",
      `verifier key ${preview(vkey)} must have the form name+keyid+base64key (three parts separated by '+')`,
    );
  }
  const [name, hash16, b64] = parts as [string, string, string];
  if (!isValidKeyName(name))
    throw new NoteError("malformed-key", `verifier key ${preview(vkey)}: bad key name`);
  const keyHash = parseKeyHashHex(hash16, `verifier key ${name}`);
  const { alg, key } = splitKeyMaterial(b64, `verifier key ${name}`);
  if (!equalBytes(keyHash, keyHashOf(name, alg, key))) {
    throw new NoteError(
      "key-hash-mismatch",
      `verifier key ${name}: key ID ${hash16} does not match the name and key (expected ${hex(keyHashOf(name, alg, key))})`,
    );
  }
  return { name, keyHash, alg, publicKey: key, vkey: formatVerifierKeyOf(name, alg, key) };
}

/** Accepts a vkey string or an already parsed key. */
export function toVerifierKey(k: string | VerifierKey): VerifierKey {
  return typeof k === "string" ? parseVerifierKey(k) : k;
}
