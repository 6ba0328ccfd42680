/** Team-assignment and substitution scenarios (docs/draw-spec.md §9). */
import { ids, pool, type Scenario, sub } from "./scenario-helpers.js";

export const TEAM_SCENARIOS: Scenario[] = [
  {
    name: "infeasible-team",
    description:
      "Only one qualified inspector for a team of two: every entity is reported by name, none gets a smaller team.",
    eligible: ids("A", "E", 10),
    rates: { A: 3000 },
    inspectors: [
      ...pool(1),
      ...pool(3, { qualifications: ["licensing"] }).map((r, i) => ({ ...r, id: `LIC-${i}` })),
    ],
  },
  {
    name: "expired-certificates",
    description: "Inspectors whose certificate does not cover the whole window are not candidates.",
    eligible: ids("A", "E", 20),
    rates: { A: 2000 },
    inspectors: [
      ...pool(3),
      ...pool(3, { validUntil: "2025-07-15" }).map((r, i) => ({ ...r, id: `EXP-${i}` })),
      ...pool(2, { validFrom: "2025-07-10" }).map((r, i) => ({ ...r, id: `NEW-${i}` })),
    ],
  },
  {
    name: "conflicts",
    description: "Conflicted inspectors are skipped for that entity only.",
    eligible: ids("A", "E", 12),
    rates: { A: 5000 },
    inspectors: pool(4),
    conflictPairs: [
      ["INS-001", "E0001"],
      ["INS-002", "E0001"],
      ["INS-001", "E0002"],
      ["INS-003", "E0003"],
      ["INS-004", "E0004"],
      ["INS-001", "E0005"],
      ["INS-002", "E0006"],
    ],
  },
  {
    name: "conflicts-make-infeasible",
    description: "Conflicts leave too few candidates for one entity: it is named as infeasible.",
    eligible: ids("A", "E", 4),
    rates: { A: 10000 },
    inspectors: pool(3),
    conflictPairs: [
      ["INS-001", "E0002"],
      ["INS-002", "E0002"],
    ],
  },
  {
    name: "joint-round",
    description: "Joint round: one member from each of SCJ and HBJ, then the rest from anyone.",
    eligible: ids("A", "E", 30),
    rates: { A: 2000 },
    inspectors: pool(9, { depts: ["SCJ", "HBJ", "WJW"] }),
    tweak: (p) => {
      p.teams.jointDepartments = ["SCJ", "HBJ"];
      p.teams.size = 3;
    },
  },
  {
    name: "joint-round-missing-department",
    description:
      "Joint round naming a department with no qualified inspector: every entity is infeasible with the department named.",
    eligible: ids("A", "E", 5),
    rates: { A: 5000 },
    inspectors: pool(4, { depts: ["SCJ"] }),
    tweak: (p) => {
      p.teams.jointDepartments = ["SCJ", "HBJ"];
    },
  },
  {
    name: "team-of-three",
    description: "Team size 3 with load balancing over 7 inspectors.",
    eligible: ids("A", "E", 50),
    rates: { A: 2000 },
    inspectors: pool(7),
    tweak: (p) => {
      p.teams.size = 3;
    },
  },
  {
    name: "load-balance-large",
    description: "120 entities over 3 strata, 13 inspectors: loads differ by at most one.",
    eligible: [...ids("x", "X", 400), ...ids("y", "Y", 300), ...ids("z", "Z", 100)],
    rates: { x: 1500, y: 1500, z: 1500 },
    inspectors: pool(13),
  },
];

export const SUBSTITUTION_SCENARIOS: Scenario[] = [
  {
    name: "substitution",
    description: "One recusal: the substitute is the next-ranked candidate under the same rule.",
    eligible: ids("A", "E", 20),
    rates: { A: 2000 },
    inspectors: pool(6),
    substitutions: (r) => [sub(r.teams[0]!.entityId, r.teams[0]!.members[0]!, "2023-08-24T09:00:00Z")],
  },
  {
    name: "substitution-chain",
    description: "The substitute is recused as well; the chain is replayed in order.",
    eligible: ids("A", "E", 20),
    rates: { A: 2000 },
    inspectors: pool(6),
    substitutions: (r) => {
      const t = r.teams[1]!;
      return [
        sub(t.entityId, t.members[1]!, "2023-08-24T09:00:00Z"),
        { ...sub(t.entityId, "?", "2023-08-25T09:00:00Z", "requested by the inspected party") },
      ];
    },
  },
  {
    name: "substitution-exhausted",
    description: "Recusals exhaust the candidates: the entity becomes infeasible at the substitution stage.",
    eligible: ids("A", "E", 4),
    rates: { A: 2500 },
    inspectors: pool(3),
    substitutions: (r) => [
      sub(r.teams[0]!.entityId, r.teams[0]!.members[0]!, "2023-08-24T09:00:00Z"),
      sub(r.teams[0]!.entityId, "?", "2023-08-24T10:00:00Z"),
    ],
  },
  {
    name: "joint-round-substitution",
    description: "In a joint round the substitute for a department's only member comes from that department.",
    eligible: ids("A", "E", 10),
    rates: { A: 3000 },
    inspectors: pool(8, { depts: ["SCJ", "HBJ"] }),
    tweak: (p) => {
      p.teams.jointDepartments = ["SCJ", "HBJ"];
    },
    substitutions: (r) => [sub(r.teams[0]!.entityId, r.teams[0]!.members[1]!, "2023-08-24T09:00:00Z")],
  },
];
