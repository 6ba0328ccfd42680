/**
 * `sortes verify PROOF --eligible FILE [--public-key HEX] [--csv]`
 * `sortes verify-inclusion PROOF.json` or `--root HEX --size N --index I --stratum S --id ID --path H1,H2…`
 * `sortes prove-inclusion --eligible FILE --id ID`
 * Uses only src/draw-engine (plus the node:crypto hash backend for speed).
 */
import {
  ALGORITHM_V2,
  type EligibleChunkInclusionProof,
  type EligibleInclusionProof,
  ENTROPY_RULE_CODE,
  eligibleChunkInclusionProof,
  eligibleInclusionProof,
  entropyRuleViolation,
  SUPPORTED_ALGORITHMS,
  verifyAnyEligibleInclusion,
  verifyProof,
} from "../draw-engine/index.js";
import {
  EligibleRuleError,
  InputError,
  readEligible,
  readEligibleSet,
  readJsonFile,
  readProof,
} from "./verify-io.js";
import { inclusionFromDocument } from "./verify-lookup.js";

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export type Flags = Record<string, string | true>;

/** Splits argv into positionals and --flags (a flag takes the next word unless it is boolean). */
export function parseArgs(argv: string[], booleans: string[] = []): { positional: string[]; flags: Flags } {
  const positional: string[] = [];
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith("--")) {
      const name = a.slice(2);
      if (booleans.includes(name)) flags[name] = true;
      else {
        const v = argv[++i];
        if (v === undefined) throw new InputError(`--${name} needs a value`);
        flags[name] = v;
      }
    } else positional.push(a);
  }
  return { positional, flags };
}

const str = (f: Flags, name: string): string | undefined =>
  typeof f[name] === "string" ? (f[name] as string) : undefined;

export function cmdVerify(argv: string[], io: Io): number {
  const { positional, flags } = parseArgs(argv, ["csv", "ndjson"]);
  const proofPath = positional[0];
  const eligiblePath = str(flags, "eligible");
  if (!proofPath || !eligiblePath)
    throw new InputError("usage: sortes verify PROOF --eligible FILE [--public-key HEX] [--csv|--ndjson]");
  const proof = readProof(proofPath);
  let eligible: ReturnType<typeof readEligibleSet>;
  try {
    eligible = readEligibleSet(eligiblePath, flags.csv ? "csv" : flags.ndjson ? "ndjson" : undefined);
  } catch (e) {
    if (!(e instanceof EligibleRuleError)) throw e;
    // Readable, but a line breaks a rule of the committed set (draw-spec §12.1): a verdict, not exit 2.
    io.out(`FAIL [${e.code}]: ${e.message}`);
    return 1;
  }
  const expectedPublicKey = str(flags, "public-key");
  const r = verifyProof(proof, eligible, expectedPublicKey ? { expectedPublicKey } : {});
  if (r.ok) {
    io.out(`PASS ${proof.commitment?.roundId ?? ""}: ${r.summary}`);
    // The service's entropy rule (draw-spec §8.5) is not part of an algorithm: warn, never fail.
    const single = entropyRuleViolation(proof.commitment.entropy);
    if (single) io.out(`WARNING [${ENTROPY_RULE_CODE}]: ${single}`);
    return 0;
  }
  io.out(`FAIL [${r.code}]: ${r.message}`);
  return 1;
}

export function cmdVerifyInclusion(argv: string[], io: Io): number {
  const { positional, flags } = parseArgs(argv);
  let p: EligibleInclusionProof | EligibleChunkInclusionProof;
  const notes: string[] = [];
  if (positional[0]) {
    // A bare proof, or the lookup answer saved as served (its `inclusion` member is the proof).
    const doc = readJsonFile<unknown>(positional[0], "inclusion proof or entity lookup");
    const proofPath = str(flags, "proof");
    const got = inclusionFromDocument(doc, proofPath ? readProof(proofPath) : undefined);
    if (!got.ok) {
      io.out(`FAIL: ${got.reason}`);
      return 1;
    }
    p = got.inclusion;
    notes.push(...got.notes);
    const root = str(flags, "root");
    if (root !== undefined && root !== p.root) {
      io.out(`FAIL: the inclusion proof is against root ${p.root}, not the expected ${root}`);
      return 1;
    }
  } else {
    const need = ["root", "size", "index", "stratum", "id"].filter((k) => str(flags, k) === undefined);
    if (need.length)
      throw new InputError(
        `usage: sortes verify-inclusion PROOF.json | --root HEX --size N --index I --stratum S --id ID --path H1,H2,… (missing --${need.join(", --")})`,
      );
    const int = (k: string): number => {
      const v = str(flags, k)!;
      if (!/^\d+$/.test(v)) throw new InputError(`--${k} must be a non-negative integer`);
      return Number(v);
    };
    const path = str(flags, "path");
    p = {
      root: str(flags, "root")!,
      treeSize: int("size"),
      index: int("index"),
      stratum: str(flags, "stratum")!,
      id: str(flags, "id")!,
      path: path ? path.split(",") : [],
    };
  }
  if (verifyAnyEligibleInclusion(p)) {
    io.out(
      `PASS: entity ${JSON.stringify(p.id)} (stratum ${JSON.stringify(p.stratum)}) is leaf ${p.index} of ${p.treeSize} under root ${p.root}`,
    );
    for (const n of notes) io.out(`  ${n}`);
    return 0;
  }
  io.out(
    `FAIL: entity ${JSON.stringify(p.id)} in stratum ${JSON.stringify(p.stratum)} is NOT proven to be leaf ${p.index} of ${p.treeSize} under root ${p.root}`,
  );
  return 1;
}

export function cmdProveInclusion(argv: string[], io: Io): number {
  const { flags } = parseArgs(argv, ["csv", "ndjson"]);
  const eligiblePath = str(flags, "eligible");
  const id = str(flags, "id");
  const algorithm = str(flags, "algorithm") ?? ALGORITHM_V2;
  if (!eligiblePath || !id)
    throw new InputError(
      "usage: sortes prove-inclusion --eligible FILE --id ID [--algorithm sortes-draw/v2]",
    );
  if (!SUPPORTED_ALGORITHMS.includes(algorithm))
    throw new InputError(`--algorithm must be one of ${SUPPORTED_ALGORITHMS.join(", ")}`);
  const entries = readEligible(eligiblePath, flags.csv ? "csv" : undefined);
  const proof =
    algorithm === ALGORITHM_V2
      ? eligibleChunkInclusionProof(entries, id)
      : eligibleInclusionProof(entries, id);
  io.out(JSON.stringify(proof, null, 2));
  return 0;
}
