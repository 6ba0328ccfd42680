/**
 * Writes test/vectors/cases/*.json. Run: npx tsx test/vectors/generate.ts
 * File numbers are cited by docs/draw-spec.md: append new cases at the END of
 * the list (after the tampered proofs) so existing numbers never shift.
 * Tests never call this script; they check the recorded outputs (and re-derive
 * tickets, roots and seeds with an independent node:crypto implementation).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { installNodeSha256 } from "../../src/cli/node-hash.js";
import { ALGORITHM_V2 } from "../../src/draw-engine/index.js";
import { drawVectors } from "./generate-draws.js";
import { rejectionVectors } from "./generate-rejections.js";
import { strataVectors } from "./generate-strata.js";
import { unitVectors } from "./generate-units.js";
import { v2UnitVectors } from "./generate-v2.js";

installNodeSha256();
const dir = join(dirname(fileURLToPath(import.meta.url)), "cases");
mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir)) if (f.endsWith(".json")) rmSync(join(dir, f));
// 001–091 sortes-draw/v1; from 092 sortes-draw/v2 (units, then the same draws and tampered proofs);
// from 143 one tampered proof per rejection code of §12.1, v1 then v2; from 231 strata from the
// rosters (§17: complaint stratum, joint departments).
const all = [
  ...unitVectors(),
  ...drawVectors(),
  ...v2UnitVectors(),
  ...drawVectors(ALGORITHM_V2),
  ...rejectionVectors(),
  ...rejectionVectors(ALGORITHM_V2),
  ...strataVectors(),
];
for (const [i, v] of all.entries()) {
  const file = `${String(i + 1).padStart(3, "0")}-${v.kind}-${v.name}.json`;
  writeFileSync(join(dir, file), `${JSON.stringify(v, null, 2)}\n`);
}
// Keep the files in the repository's formatting so `biome check test` stays clean.
const fmt = spawnSync("npx", ["biome", "format", "--write", dir], { stdio: "inherit" });
if (fmt.status !== 0) throw new Error("biome format failed on the vector files");
console.log(`wrote ${all.length} vectors to ${dir}`);
