/**
 * Strata from the rosters (docs/draw-spec.md §17): the complaint stratum and a joint round's
 * per-department strata. [231] maps roster rows to eligible entries (single department and
 * joint); [232] draws a joint round whose set comes from that rule, under sortes-draw/v2.
 */
import * as E from "../../src/draw-engine/index.js";
import { scenarioVector } from "./generate-draws.js";
import type { Vector } from "./generate-units.js";
import { pool } from "./scenario-helpers.js";

const RULE = { minComplaints: 3 };
const CLASSES = ["A", "B", "C", "D", null] as const;

/** A department's roster rows: ids PREFIX0001…, classes in turn, complaint counts 0…5 in turn. */
function rows(prefix: string, n: number, shared: string[] = []): E.RosterStratumRow[] {
  const own = Array.from({ length: n }, (_, i) => ({
    id: `${prefix}${String(i + 1).padStart(4, "0")}`,
    riskClass: CLASSES[i % CLASSES.length] ?? null,
    complaintCount: (i * 7) % 6,
  }));
  return [...own, ...shared.map((id) => ({ id, riskClass: "A", complaintCount: 0 }))];
}

export function strataVectors(): Vector[] {
  const small = {
    single: [{ prefix: "", rows: rows("E", 10) }],
    joint: [
      { prefix: "SCJ/", rows: rows("S", 8) },
      // S0003 is on both rosters with other fields here: the lead's row decides its stratum.
      { prefix: "XFJ/", rows: [...rows("X", 6), { id: "S0003", riskClass: "D", complaintCount: 9 }] },
    ],
  };
  const ruleVector: Vector = {
    kind: "stratum-rule",
    name: "complaints-and-joint-departments",
    description:
      "§17: complaint_count ≥ 3 → 'complaints', else the risk class, else 'unrated'; a joint round prefixes each department's strata with its code and takes an entity on two rosters once, from the first department.",
    input: { rule: RULE, cases: small },
    expected: {
      single: E.strataFromRosters(small.single, RULE),
      joint: E.strataFromRosters(small.joint, RULE),
      withoutRule: E.strataFromRosters(small.single, null),
    },
  };
  const eligible = E.strataFromRosters(
    [
      { prefix: "SCJ/", rows: rows("S", 60) },
      { prefix: "XFJ/", rows: rows("X", 40) },
    ],
    RULE,
  );
  const rates: Record<string, number> = {};
  for (const d of ["SCJ/", "XFJ/"]) {
    Object.assign(rates, { [`${d}A`]: 300, [`${d}B`]: 500, [`${d}C`]: 1000, [`${d}D`]: 3000 });
    Object.assign(rates, { [`${d}unrated`]: 3000, [`${d}complaints`]: 5000 });
  }
  const draw = scenarioVector(
    {
      name: "joint-complaint-strata",
      description:
        "A joint round of SCJ and XFJ (§17.2) with the complaint stratum (§17.1) at 5000 bp: per-department strata drawn by the ordinary v2 selection, every team one member of each department.",
      eligible,
      rates,
      inspectors: pool(8, { depts: ["SCJ", "XFJ"] }),
      tweak: (p) => {
        p.teams.jointDepartments = ["SCJ", "XFJ"];
        p.filter = JSON.stringify({
          departments: ["SCJ", "XFJ"],
          complaintStratum: {
            stratum: E.COMPLAINT_STRATUM,
            minComplaints: 3,
            field: "complaint_count",
            rateBp: 5000,
          },
        });
      },
    },
    E.ALGORITHM_V2,
    "-v2",
  );
  return [ruleVector, draw];
}
