/** Reads the recorded vectors in test/vectors/cases (never regenerates them). */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface RecordedVector {
  file: string;
  kind: string;
  name: string;
  description: string;
  // biome-ignore lint/suspicious/noExplicitAny: vector files are plain JSON checked field by field
  input: any;
  // biome-ignore lint/suspicious/noExplicitAny: see above
  expected: any;
}

export const VECTOR_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "vectors", "cases");

export function loadVectors(kind?: string): RecordedVector[] {
  return readdirSync(VECTOR_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ file, ...JSON.parse(readFileSync(join(VECTOR_DIR, file), "utf8")) }))
    .filter((v) => kind === undefined || v.kind === kind);
}

/** The fields of a draw result that the vectors record and every check compares. */
export const DRAW_RESULT_FIELDS = [
  "commitmentHash",
  "seed",
  "selections",
  "teams",
  "infeasible",
  "substitutions",
  "finalTeams",
] as const;

/** A set recorded by its generator rule ([092], [096]; test/vectors/generate-v2.ts states it in words). */
export interface GeneratedSetRule {
  count: number;
  strata: string[];
  idPrefix: string;
}

/** Entry i is {stratum: strata[i mod |strata|], id: idPrefix + i in decimal}, in that (unsorted) order. */
export const generatedEntries = (g: GeneratedSetRule): { stratum: string; id: string }[] =>
  Array.from({ length: g.count }, (_, i) => ({
    stratum: g.strata[i % g.strata.length]!,
    id: `${g.idPrefix}${i}`,
  }));
