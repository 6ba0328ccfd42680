/** Commitment validation, team rules and substitution errors, starting from recorded vector inputs. */
import { describe, expect, it } from "vitest";
import * as E from "../../src/draw-engine/index.js";
import { loadVectors } from "./load-vectors.js";

const basic = loadVectors("draw").find((v) => v.name === "basic-two-strata")!;
const clone = (): E.DrawInput => structuredClone(basic.input);
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as E.DrawError).code;
  }
  return undefined;
};

describe("commitment validation", () => {
  it("accepts the recorded commitment and names each broken rule", () => {
    expect(() => E.validateCommitment(clone().commitment)).not.toThrow();
    const broken: [string, (c: E.Commitment) => void, RegExp][] = [
      [
        "unknown-algorithm",
        (c) => {
          c.algorithm = "sortes-draw/v9";
        },
        /not supported/,
      ],
      [
        "not-canonical",
        (c) => {
          c.roundId = "r\u0065\u0301";
        },
        /canonical form/,
      ],
      [
        "not-canonical",
        (c) => {
          c.eligible.strata.reverse();
        },
        /sorted by UTF-8 bytes/,
      ],
      [
        "bad-team-size",
        (c) => {
          c.teams.size = 1;
        },
        /team size/,
      ],
      [
        "invalid-date",
        (c) => {
          c.teams.window.until = "2025-06-01";
        },
        /window ends before/,
      ],
      [
        "bad-rate",
        (c) => {
          c.eligible.strata[0]!.rateBp = 1.5;
        },
        /basis points/,
      ],
      [
        "invalid-time",
        (c) => {
          c.entropy.revealDeadline = "2023-08-23T14:00:00Z";
        },
        /after the commitment time/,
      ],
      [
        "bad-beacon-plan",
        (c) => {
          c.entropy.beacon!.period = 30;
        },
        /differ from quicknet/,
      ],
      [
        "no-entropy",
        (c) => {
          c.entropy.contributors = [];
          c.entropy.beacon = null;
        },
        /no contributor and no beacon/,
      ],
      [
        "bad-commitment",
        (c) => {
          c.entropy.failurePolicy = "retry" as "round-fails-publicly";
        },
        /failure policy/,
      ],
    ];
    for (const [code, mutate, message] of broken) {
      const c = clone().commitment;
      mutate(c);
      expect(() => E.validateCommitment(c), code).toThrow(message);
      expect(codeOf(() => E.validateCommitment(c))).toBe(code);
    }
  });

  it("a changed id in the published eligible file is caught by the root", () => {
    const input = clone();
    input.eligible = (input.eligible as E.EligibleEntry[]).map((e, i) =>
      i === 5 ? { ...e, id: `${e.id}X` } : e,
    );
    expect(() => E.runDraw(input)).toThrow(/eligible set hashes to root/);
  });

  it("a changed inspector record or conflict list is caught by its root", () => {
    const a = clone();
    a.inspectors[0]!.validUntil = "2030-01-01";
    expect(codeOf(() => E.runDraw(a))).toBe("inspector-root");
    const b = clone();
    b.conflicts = [E.toHex(E.conflictDigest("INS-001", "ENT-A-0022"))];
    expect(codeOf(() => E.runDraw(b))).toBe("conflict-count");
    b.commitment.conflicts.count = 1;
    expect(codeOf(() => E.runDraw(b))).toBe("conflict-root");
    const c = clone();
    c.inspectors = c.inspectors.slice(0, -1);
    expect(codeOf(() => E.runDraw(c))).toBe("inspector-count");
  });
});

describe("teams", () => {
  const seed = E.sha256(E.utf8("teams test"));
  const rules: E.TeamRules = {
    size: 2,
    qualification: "q",
    window: { from: "2025-01-01", until: "2025-01-31" },
    jointDepartments: [],
  };
  const pool = (n: number): E.InspectorRecord[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `P${i}`,
      department: i % 2 ? "X" : "Y",
      qualifications: ["q"],
      validFrom: "2024-01-01",
      validUntil: "2026-01-01",
    }));
  const selected = Array.from({ length: 23 }, (_, i) => ({
    stratum: "S",
    id: `E${i}`,
    ticket: E.toHex(E.entityTicket(seed, "S", `E${i}`)),
  }));

  it("respects conflicts and keeps loads within one of each other", () => {
    const conflicts = [E.toHex(E.conflictDigest("P0", "E0")), E.toHex(E.conflictDigest("P1", "E0"))];
    const r = E.assignTeams({
      seed,
      rules,
      pool: pool(7),
      conflictDigests: conflicts,
      selected,
      substitutions: [],
    });
    expect(r.teams).toHaveLength(23);
    const e0 = r.teams.find((t) => t.entityId === "E0")!;
    expect(e0.members).not.toContain("P0");
    expect(e0.members).not.toContain("P1");
    const load = new Map<string, number>();
    for (const t of r.teams) for (const m of t.members) load.set(m, (load.get(m) ?? 0) + 1);
    expect(Math.max(...load.values()) - Math.min(...load.values())).toBeLessThanOrEqual(1);
  });

  it("joint rounds put one member of each listed department on every team", () => {
    const joint = { ...rules, size: 3, jointDepartments: ["Y", "X"] };
    const r = E.assignTeams({
      seed,
      rules: joint,
      pool: pool(6),
      conflictDigests: [],
      selected,
      substitutions: [],
    });
    for (const t of r.teams) {
      expect(Number(t.members[0]!.slice(1)) % 2).toBe(0);
      expect(Number(t.members[1]!.slice(1)) % 2).toBe(1);
    }
  });

  it("substitution records must name a current member, a staffed entity and non-decreasing times", () => {
    const base = { seed, rules, pool: pool(5), conflictDigests: [], selected };
    const first = E.assignTeams({ ...base, substitutions: [] }).teams[0]!;
    const outsider = ["P0", "P1", "P2", "P3", "P4"].find((p) => !first.members.includes(p))!;
    const at = "2025-01-02T00:00:00Z";
    expect(() =>
      E.assignTeams({
        ...base,
        substitutions: [{ entityId: first.entityId, recused: outsider, reason: "r", at }],
      }),
    ).toThrow(/is not on the team/);
    expect(() =>
      E.assignTeams({ ...base, substitutions: [{ entityId: "nobody", recused: "P0", reason: "r", at }] }),
    ).toThrow(/has no team/);
    const m = first.members;
    const subs = [
      { entityId: first.entityId, recused: m[0]!, reason: "r", at },
      { entityId: first.entityId, recused: m[1]!, reason: "r", at: "2025-01-01T00:00:00Z" },
    ];
    expect(() => E.assignTeams({ ...base, substitutions: subs })).toThrow(/earlier than the one before/);
  });
});
