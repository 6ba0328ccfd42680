/**
 * The client side of witnessing: which witnesses a verifier trusts (`--witness NAME+KEY`,
 * `--quorum N`) and whether a served checkpoint carries enough of their cosignatures.
 * Pure (no network): the checks against a running service are in witnessed-checkpoint.ts.
 *
 * A cosignature line whose name and key hash match a trusted witness must verify; one that
 * does not is a forged or mangled cosignature, never just "missing", so it fails outright
 * (as Go's note.Open does for a known key's bad signature). Lines of other keys are ignored.
 */
import {
  equalBytes,
  NoteError,
  parseNote,
  parseVerifierKey,
  SIG_TYPE_COSIGNATURE_V1,
  type VerifierKey,
  verifyCosignature,
} from "../ledger/c2sp/index.js";

/** A verdict the user must see: printed as `FAIL <message>`, exit 1. */
export class WitnessFailure extends Error {}

/** A bad command line: exit 2. */
export class WitnessUsageError extends Error {}

/** A witness's cosignature verifier key (type 0x04), parsed. */
export type TrustedWitness = VerifierKey;

export interface QuorumPolicy {
  witnesses: TrustedWitness[];
  quorum: number;
}

export type WitnessStatus = { name: string } & (
  | { status: "ok"; timestamp: number }
  | { status: "missing" }
  | { status: "bad" }
);

export interface QuorumVerdict {
  met: boolean;
  count: number;
  required: number;
  witnesses: WitnessStatus[];
}

/** `--witness` values (C2SP cosignature verifier keys) and `--quorum` (default: all of them). */
export function quorumPolicy(vkeys: string[], quorum: string | undefined): QuorumPolicy {
  if (vkeys.length === 0)
    throw new WitnessUsageError(
      "give at least one --witness NAME+KEY (a witness's cosignature verifier key) to check a quorum",
    );
  const witnesses = vkeys.map((vkey): TrustedWitness => {
    let parsed: VerifierKey;
    try {
      parsed = parseVerifierKey(vkey);
    } catch (e) {
      if (!(e instanceof NoteError)) throw e;
      throw new WitnessUsageError(`--witness: ${e.message}`);
    }
    if (parsed.alg !== SIG_TYPE_COSIGNATURE_V1)
      throw new WitnessUsageError(
        `--witness ${parsed.name}: a note-signing key (type 0x0${parsed.alg}), not a cosignature key (type 0x04); ask the witness for the key \`sortes witness keygen\` printed`,
      );
    return parsed;
  });
  const names = witnesses.map((w) => w.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) throw new WitnessUsageError(`--witness ${twice} is given twice`);
  let required = witnesses.length;
  if (quorum !== undefined) {
    if (!/^[1-9]\d*$/.test(quorum)) throw new WitnessUsageError("--quorum must be a positive integer");
    required = Number(quorum);
    if (required > witnesses.length)
      throw new WitnessUsageError(
        `--quorum ${required} is more than the ${witnesses.length} witness(es) given`,
      );
  }
  return { witnesses, quorum: required };
}

/**
 * Counts the trusted witnesses' valid cosignatures on a signed checkpoint note. Throws
 * WitnessFailure when a trusted witness's line is present but does not verify.
 */
export function checkQuorum(noteText: string, policy: QuorumPolicy): QuorumVerdict {
  const note = parseNote(noteText);
  const witnesses = policy.witnesses.map((w): WitnessStatus => {
    const lines = note.signatures.filter((s) => s.name === w.name && equalBytes(s.keyHash, w.keyHash));
    if (lines.length === 0) return { name: w.name, status: "missing" };
    const checks = lines.map((line) => verifyCosignature(note.text, line.line, w));
    if (checks.some((r) => !r.ok)) return { name: w.name, status: "bad" };
    return { name: w.name, status: "ok", timestamp: checks[0]!.timestamp! };
  });
  const count = witnesses.filter((w) => w.status === "ok").length;
  return { met: count >= policy.quorum, count, required: policy.quorum, witnesses };
}

/** `1 of 2 required cosignatures (notary: missing; jiwei: ok)` */
export function describeQuorum(v: QuorumVerdict): string {
  const each = v.witnesses.map((w) => `${w.name}: ${w.status === "bad" ? "does not verify" : w.status}`);
  return `${v.count} of ${v.required} required cosignatures (${each.join("; ")})`;
}

/** The first trusted witness whose cosignature line does not verify, if any. */
export function forgedCosignature(v: QuorumVerdict): string | undefined {
  return v.witnesses.find((w) => w.status === "bad")?.name;
}
