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
