/**
 * Parts of sortes-draw/v2 that the vectors do not exercise on their own: the
 * streaming JCS writer against `canonicalize`, the byte-level eligible-file reader
 * against the general JSON path, the set rules on a packed set, the bucketed
 * least-loaded pick against the scan it replaces, and uniformBelow against BigInt.
 */
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { installNodeSha256 } from "../../src/cli/node-hash.js";
import * as E from "../../src/draw-engine/index.js";
import { TeamPoolV2 } from "../../src/draw-engine/team-pool-v2.js";

const rng = (seed: string) => {
  const r = seedrandom(seed);
  return (k: number) => Math.floor(r() * k);
};

function randomJson(ri: (k: number) => number, depth: number): unknown {
  const pick = ri(depth > 3 ? 4 : 7);
  const strings = ["", "a", "é", "企业", "😀", '"q"\\', "\u2028", "x".repeat(ri(40)), "\u0000ctl"];
  switch (pick) {
    case 0:
      return null;
    case 1:
      return ri(2) === 0;
    case 2:
      return [0, -1, 1.5, 1e21, 2 ** 53 - 1, -0.000001, ri(1e9)][ri(7)];
    case 3:
      return strings[ri(strings.length)];
    case 4:
    case 5:
      return Array.from({ length: ri(depth === 1 ? 600 : 6) }, () => randomJson(ri, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = ri(6); i > 0; i--) o[strings[ri(strings.length)]! + ri(5)] = randomJson(ri, depth + 1);
      if (ri(3) === 0) o.undef = undefined;
      return o;
    }
  }
}

describe("streaming JCS", () => {
  it("writes exactly canonicalize's text, piece by piece, and hashes it", () => {
    const ri = rng("jcs");
    for (let n = 0; n < 300; n++) {
      const v = {
        items: randomJson(ri, 1),
        teams: Array.from({ length: ri(700) }, (_, i) => ({ i, m: ["b", "a"] })),
      };
      const whole = E.jcs(v);
      expect([...E.jcsTextChunks(v, 1 + ri(5000))].join("")).toBe(whole);
      let written = "";
      E.writeJcsText(v, (t) => {
        written += t;
      });
      expect(written).toBe(whole);
      expect(E.toHex(E.jcsSha256(v))).toBe(E.toHex(E.sha256(E.utf8(whole))));
    }
  });

  it("hashes the same with node:crypto's text path as with bytes", () => {
    const v = {
      teams: Array.from({ length: 5000 }, (_, i) => ({ entityId: `企业${i}`, members: ["a", "😀"] })),
    };
    const want = E.toHex(E.jcsSha256(v));
    installNodeSha256();
    try {
      expect(E.toHex(E.jcsSha256(v))).toBe(want);
    } finally {
      E.setSha256Backend(null);
    }
  });

  it("keeps a member named __proto__ (as JSON.parse makes it) in order", () => {
    for (const text of ['{"z":1,"__proto__":{"b":2,"a":1},"a":[{"__proto__":3,"y":0}]}', '{"__proto__":1}']) {
      const v = JSON.parse(text);
      const whole = E.jcs(v);
      expect(whole).toContain('"__proto__"');
      expect(E.toHex(E.jcsSha256(v))).toBe(E.toHex(E.sha256(E.utf8(whole))));
      expect([...E.jcsTextChunks(v, 8)].join("")).toBe(whole);
    }
  });

  it("refuses what canonical JSON cannot hold, like jcs()", () => {
    for (const bad of [{ x: Number.NaN }, { x: Number.POSITIVE_INFINITY }, ["\ud800"], { a: "x\udc00" }]) {
      expect(() => E.jcs(bad)).toThrow();
      expect(() => E.jcsSha256(bad)).toThrow();
    }
  });
});

describe("eligible NDJSON reader", () => {
  const lines = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n");

  it("gives the same packed set on the byte fast path and the general path", () => {
    const ri = rng("ndjson");
    const ids = ["91350100M000100Y43", "91350100m000100y43x", "007", "7", "企业甲", "Caf\u00e9", "a b", "😀"];
    for (let n = 0; n < 50; n++) {
      const rows = Array.from({ length: 1 + ri(60) }, (_, i) => ({
        stratum: ["A", "高风险", "B", "AB", "高风"][ri(5)]!,
        id: `${ids[ri(ids.length)]}-${i}`,
      }));
      const fast = E.readEligibleNdjson(E.utf8(`\ufeff${lines(rows)}\r\n\n`));
      // Other key order and spacing force every line through JSON.parse.
      const slow = E.readEligibleNdjson(
        E.utf8(
          rows
            .map((r) => `{ "id": ${JSON.stringify(r.id)}, "stratum": ${JSON.stringify(r.stratum)} }`)
            .join("\n"),
        ),
      );
      expect(E.toHex(fast.buf)).toBe(E.toHex(slow.buf));
      expect(E.eligibleEntries(fast)).toEqual(
        rows.map((r) => ({ stratum: r.stratum, id: E.canonicalEntityId(r.id) })),
      );
    }
  });

  it("canonicalises a lower-case credit code on either path, as v1 does", () => {
    const set = E.readEligibleNdjson(E.utf8('{"stratum":"A","id":"91350100m000100y43"}\n'));
    expect(E.eligibleEntries(set)).toEqual([{ stratum: "A", id: "91350100M000100Y43" }]);
  });

  it("names the line of an unreadable row", () => {
    const bad = (text: string | Uint8Array) => () =>
      E.readEligibleNdjson(typeof text === "string" ? E.utf8(text) : text);
    expect(bad('{"stratum":"A","id":"1"}\n{"stratum":"A"}\n')).toThrow(/line 2: expected an object/);
    expect(bad('{"stratum":"A","id":"1"}\n\n{oops\n')).toThrow(/line 3: not valid JSON/);
    expect(bad('{"stratum":"A","id":" padded"}')).toThrow(/line 1: .*white space/);
    expect(bad(Uint8Array.of(0x7b, 0xff, 0x7d))).toThrow(/line 1: not valid UTF-8/);
  });
});

describe("packed eligible set rules", () => {
  it("rejects an id in two strata, an entry twice, and sorts a file given out of order", () => {
    const twice = E.readEligibleNdjson(E.utf8('{"stratum":"A","id":"x"}\n{"stratum":"B","id":"x"}\n'));
    expect(() => E.checkEligibleSetOrder(twice)).toThrow(/more than one stratum/);
    const repeated = E.readEligibleNdjson(E.utf8('{"stratum":"A","id":"x"}\n{"stratum":"A","id":"x"}\n'));
    expect(() => E.checkEligibleSetOrder(repeated)).toThrow(/listed twice/);
    const shuffled = E.readEligibleNdjson(E.utf8('{"stratum":"B","id":"2"}\n{"stratum":"A","id":"1"}\n'));
    expect(() => E.checkEligibleSetOrder(shuffled)).toThrow(/not in ascending order/);
    const sorted = E.orderedEligibleSet(shuffled);
    expect(E.eligibleEntries(sorted)).toEqual([
      { stratum: "A", id: "1" },
      { stratum: "B", id: "2" },
    ]);
    expect(E.toHex(E.eligibleSetRoot(sorted))).toBe(
      E.toHex(
        E.eligibleSetRoot(
          E.packEligibleSet([
            { stratum: "A", id: "1" },
            { stratum: "B", id: "2" },
          ]),
        ),
      ),
    );
  });

  it("finds an entity by id in any stratum run", () => {
    const entries = Array.from({ length: 3000 }, (_, i) => ({
      stratum: ["A", "BB", "企业"][i % 3]!,
      id: `E${i}`,
    }));
    const set = E.packEligibleSet(entries);
    for (const i of [0, 1, 2, 1499, 2999])
      expect(E.eligibleEntries(set)[E.findEntity(set, `E${i}`)]).toEqual(entries[i]);
    expect(E.findEntity(set, "E3000")).toBe(-1);
  });
});

describe("hex", () => {
  it("toHex equals Node's hex for every length tried, including long inputs", () => {
    const ri = rng("hex");
    for (const n of [0, 1, 31, 32, 33, 64, 65, 300, 4096, 4097, 20000]) {
      const b = Uint8Array.from({ length: n }, () => ri(256));
      expect(E.toHex(b)).toBe(Buffer.from(b).toString("hex"));
    }
  });
});

describe("v2 pick rule", () => {
  it("bucketed least-loaded candidates equal a full scan through random loads and closures", () => {
    const ri = rng("buckets");
    for (let n = 0; n < 40; n++) {
      const pool = Array.from({ length: 1 + ri(30) }, (_, i) => ({
        id: `I${ri(100)}-${i}`,
        department: "D",
        qualifications: ["q"],
        validFrom: "2020-01-01",
        validUntil: "2030-01-01",
      }));
      const seed = E.sha256(E.utf8(`buckets ${n}`));
      const a = new TeamPoolV2(seed, pool, new Set());
      const b = new TeamPoolV2(seed, pool, new Set());
      for (let step = 0; step < 200; step++) {
        const entity = `E${ri(20)}`;
        const blocked = pool.filter(() => ri(4) === 0).map((r) => r.id);
        a.begin(entity, blocked);
        b.begin(entity, blocked);
        const p = ri(3);
        // a: buckets (no department); b: the scan path (every record is of department "D").
        const x = a.pick(null, p);
        const y = b.pick("D", p);
        expect(x).toBe(y);
        if (x !== null && ri(2) === 0) {
          a.addLoad(x, 1);
          b.addLoad(x, 1);
        }
      }
    }
  });

  it("uniformBelow equals the BigInt definition, including rejected digests", () => {
    const ri = rng("uniform");
    const TWO64 = 1n << 64n;
    for (let n = 0; n < 2000; n++) {
      const m = [1, 2, 3, 2 ** 31, 2 ** 32 - 1, 1 + ri(2 ** 32 - 1)][ri(6)]!;
      // The first two digests may be forced into the rejection zone (top 8 bytes all ones).
      const digests = Array.from({ length: 3 }, (_, i) => {
        const d = E.sha256(E.utf8(`u ${n} ${ri(1e9)}`));
        if (i < 2 && ri(4) === 0) d.fill(0xff, 0, 8);
        return d;
      });
      let used = 0;
      const got = E.uniformBelow(m, () => digests[used++]!);
      let want = -1;
      for (const d of digests) {
        const x = BigInt(`0x${E.toHex(d.subarray(0, 8))}`);
        if (x < TWO64 - (TWO64 % BigInt(m))) {
          want = Number(x % BigInt(m));
          break;
        }
      }
      expect(got).toBe(want);
    }
  });
});
