import { describe, expect, it } from "vitest";
import * as E from "../../src/draw-engine/index.js";
import { entityTicketRef } from "./reference.js";

const seed = E.sha256(E.utf8("selection test seed"));
const seedHex = E.toHex(seed);

/** Brute force from the spec: all tickets, sort by (ticket, id bytes), first k. */
function bruteForce(stratum: string, ids: string[], k: number) {
  return ids
    .map((id) => ({ id, ticket: entityTicketRef(seedHex, stratum, id) }))
    .sort((a, b) =>
      a.ticket < b.ticket
        ? -1
        : a.ticket > b.ticket
          ? 1
          : Buffer.compare(Buffer.from(a.id), Buffer.from(b.id)),
    )
    .slice(0, k);
}

describe("streaming top-k selection", () => {
  it("equals brute force for many (n, k), whatever the input order", () => {
    for (const n of [0, 1, 2, 5, 17, 64, 301]) {
      const ids = Array.from({ length: n }, (_, i) => `id-${(i * 7919) % 1000}-${i}`);
      for (const k of [0, 1, 2, Math.floor(n / 3), n]) {
        const expected = bruteForce("S", ids, k);
        for (const order of [ids, [...ids].reverse()]) {
          const s = new E.StratumSelector(seed, "S", k);
          for (const id of order) s.push(id);
          expect(s.count).toBe(n);
          expect(s.result()).toEqual(expected);
        }
      }
    }
  });

  it("merging partial heaps of a split input gives the same selection", () => {
    const ids = Array.from({ length: 500 }, (_, i) => `E${i}`);
    const whole = new E.StratumSelector(seed, "S", 37);
    for (const id of ids) whole.push(id);
    const parts = [ids.slice(0, 123), ids.slice(123)].map((part) => {
      const s = new E.StratumSelector(seed, "S", 37);
      for (const id of part) s.push(id);
      return s;
    });
    const merged = new E.StratumSelector(seed, "S", 37);
    for (const p of parts) for (const it of p.items()) merged.offer(it.ticket, it.idBytes);
    expect(merged.result()).toEqual(whole.result());
  });

  it("ticket hasher fast path equals the plain definition, including long ids", () => {
    const f = E.entityTicketHasher(seed, "层级");
    for (const id of ["x", "很长".repeat(200), "91350100M000100Y43"]) {
      expect(E.toHex(f(id))).toBe(E.toHex(E.entityTicket(seed, "层级", id)));
      expect(E.toHex(f(id))).toBe(entityTicketRef(seedHex, "层级", id));
    }
  });

  it("k = ceil(n × rate / 10000) exactly, even for huge n", () => {
    expect(E.sampleSize(2 ** 40, 1)).toBe(Math.ceil(2 ** 40 / 10000));
    expect(E.sampleSize(10000, 300)).toBe(300);
    expect(E.sampleSize(10001, 300)).toBe(301);
    expect(() => E.sampleSize(10, 10001)).toThrow(/basis points/);
    expect(() => E.sampleSize(10, 2.5)).toThrow(/basis points/);
  });

  it("rejects entities of a stratum the plan does not list, and count mismatches", () => {
    const plan = [{ stratum: "A", count: 2, rateBp: 5000 }];
    expect(() => E.selectEntities(seed, plan, [{ stratum: "B", id: "x" }])).toThrow(/does not list/);
    expect(() => E.selectEntities(seed, plan, [{ stratum: "A", id: "x" }])).toThrow(
      /says 2 eligible entities, the eligible set has 1/,
    );
  });

  it("floor rule: below 300 bp needs a cited legal basis; the total must reach the floor", () => {
    const plan = [{ stratum: "A", count: 1000, rateBp: 200 }];
    expect(() => E.checkFloor(plan, 300, null)).toThrow(/below the floor of 30/);
    expect(() => E.checkFloor(plan, 200, null)).toThrow(/no legal basis/);
    expect(() => E.checkFloor(plan, 200, "某地方性法规第十条")).not.toThrow();
    expect(() =>
      E.checkFloor([...plan, { stratum: "B", count: 100, rateBp: 10000 }], 300, null),
    ).not.toThrow();
  });
});
