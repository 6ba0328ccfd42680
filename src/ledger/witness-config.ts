/**
 * The WITNESSES setting: the witnesses every department's log is submitted to.
 *
 *     WITNESSES="notary.fz.example/w1+1a2b3c4d+BAbc…=@https://w1.notary.example, jw.example/w+…@http://10.0.0.7:7380"
 *
 * Each entry is the witness's cosignature verifier key (tlog-cosignature Ed25519, type 0x04:
 * `name+keyhash+base64(0x04‖key)`, what `sortes witness keygen` prints), `@`, and the witness's
 * submission prefix URL (add-checkpoint is POSTed to `<url>/add-checkpoint`). Entries are
 * separated by commas or white space.
 */
import { toHex } from "../draw-engine/bytes.js";
import { parseVerifierKey, type VerifierKey } from "./c2sp/index.js";

export interface WitnessConfig {
  name: string;
  /** The verifier key as configured (and published at GET /public/ledger/witnesses). */
  verifierKey: string;
  /** 4-byte key hash, hex. */
  keyHash: string;
  key: VerifierKey;
  /** Submission prefix, without a trailing slash. */
  url: string;
}

/** tlog-cosignature/v1 Ed25519 cosigner keys are vkeys of signature type 0x04. */
const COSIGNATURE_ED25519 = 0x04;

function parseEntry(entry: string): WitnessConfig {
  const at = entry.search(/@https?:\/\//);
  if (at < 0) throw new Error(`"${entry}": expected VERIFIER_KEY@http(s)://URL`);
  const vkey = entry.slice(0, at);
  const url = entry.slice(at + 1).replace(/\/+$/, "");
  try {
    new URL(url);
  } catch {
    throw new Error(`"${entry}": ${url} is not a URL`);
  }
  let parsed: VerifierKey;
  try {
    parsed = parseVerifierKey(vkey);
  } catch (err) {
    throw new Error(`"${vkey}": ${(err as Error).message}`);
  }
  if (parsed.alg !== COSIGNATURE_ED25519) {
    throw new Error(
      `"${vkey}": signature type 0x${parsed.alg.toString(16).padStart(2, "0")}; a witness key must be an Ed25519 cosignature key (type 0x04)`,
    );
  }
  return { name: parsed.name, verifierKey: parsed.vkey, keyHash: toHex(parsed.keyHash), key: parsed, url };
}

/** Parses the setting; throws with the offending entry named. Names must be distinct. */
export function parseWitnesses(value: string): WitnessConfig[] {
  const entries = value.split(/[\s,]+/).filter(Boolean);
  const witnesses = entries.map(parseEntry);
  const names = new Set<string>();
  for (const w of witnesses) {
    if (names.has(w.name)) throw new Error(`witness ${w.name} is configured twice`);
    names.add(w.name);
  }
  return witnesses;
}
