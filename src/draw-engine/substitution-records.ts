/**
 * Form of the substitution records a draw replays (docs/draw-spec.md §9.1, §12):
 * operator inputs published in the proof, so a verifier rejects a record that is
 * not exactly canonical (`substitution-malformed`) instead of guessing what it meant.
 */
import { canonicalEntityId, canonicalLabel } from "./encoding.js";
import { DrawError, fail } from "./errors.js";
import type { SubstitutionInput } from "./teams.js";
import { parseUtcSeconds } from "./time.js";

function exactly(value: unknown, canonical: (v: unknown) => string, what: string): void {
  let c: string;
  try {
    c = canonical(value);
  } catch (e) {
    fail("substitution-malformed", `${what}: ${(e as Error).message}`);
  }
  if (c !== value)
    fail(
      "substitution-malformed",
      `${what} ${JSON.stringify(value)} is not in canonical form (expected ${JSON.stringify(c)})`,
    );
}

/** Throws `substitution-malformed` naming the first record field that is missing or not canonical. */
export function checkSubstitutionRecords(records: readonly SubstitutionInput[]): void {
  if (!Array.isArray(records)) fail("substitution-malformed", "substitutions must be an array");
  for (const [i, s] of records.entries()) {
    const where = `substitution #${i + 1}`;
    if (typeof s !== "object" || s === null) fail("substitution-malformed", `${where} is not an object`);
    exactly(s.entityId, canonicalEntityId, `${where}: entity id`);
    exactly(s.recused, (v) => canonicalLabel(v, "inspector id"), `${where}: recused inspector`);
    exactly(s.reason, (v) => canonicalLabel(v, "reason"), `${where}: reason`);
    try {
      parseUtcSeconds(s.at, `${where}: time`);
    } catch (e) {
      if (e instanceof DrawError) fail("substitution-malformed", e.message);
      throw e;
    }
  }
}
