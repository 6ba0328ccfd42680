/**
 * Cross-checks the recorded vectors with reference.ts, a minimal
 * re-implementation that uses node:crypto and the spec text only (no import of
 * src/draw-engine), so the vectors are not merely self-consistent.
 */
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { loadVectors } from "./load-vectors.js";
import {
  canonicalIdRef,
  ceilDivRef,
  eligibleLeafRef,
  entityTicketRef,
  h,
  inspectorTicketRef,
  lpRef,
  mthHashesRef,
  pathRef,
  setRootRef,
  taggedRef,
} from "./reference.js";

const B = (x: string) => Buffer.from(x, "hex");
const T = (name: string) => `sortes-draw/v1/${name}`;

describe("vectors agree with an independent node:crypto implementation", () => {
  it("tickets, leaves, roots, proofs, commitments and seeds", () => {
    let checked = 0;
    for (const { kind, input: i, expected: x, file } of loadVectors()) {
      if (x.error) continue;
      checked++;
      if (kind === "entity-ticket") {
        expect(
          Buffer.concat([
            lpRef(T("entity-ticket")),
            lpRef(B(i.seed)),
            lpRef(i.stratum),
            lpRef(i.id),
          ]).toString("hex"),
          file,
        ).toBe(x.hashInput);
        expect(entityTicketRef(i.seed, i.stratum, i.id), file).toBe(x.ticket);
      } else if (kind === "inspector-ticket") {
        expect(inspectorTicketRef(i.seed, i.entityId, i.inspectorId), file).toBe(x.ticket);
      } else if (kind === "merkle-root") {
        expect(setRootRef(i.leaves.map(B)).toString("hex"), file).toBe(x.root);
      } else if (kind === "merkle-inclusion") {
        const hs = i.leafHashes.map(B);
        expect(mthHashesRef(hs).toString("hex")).toBe(x.root);
        expect(pathRef(i.index, hs).map((p) => p.toString("hex"))).toEqual(x.proof);
      } else if (kind === "merkle-consistency") {
        const hs = i.leafHashes.map(B);
        expect(mthHashesRef(hs.slice(0, i.firstSize)).toString("hex")).toBe(x.firstRoot);
      } else if (kind === "eligible-root") {
        const leaves = i.entries.map((e: { stratum: string; id: string }) =>
          eligibleLeafRef(e.stratum, canonicalIdRef(e.id)),
        );
        expect(setRootRef(leaves).toString("hex")).toBe(x.root);
      } else if (kind === "conflict-digest") {
        expect(taggedRef(T("conflict"), i.inspectorId, i.entityId).toString("hex")).toBe(x.digest);
      } else if (kind === "contributor-commitment") {
        expect(taggedRef(T("contributor-commit"), B(i.nonce)).toString("hex")).toBe(x.commitment);
      } else if (kind === "seed") {
        const parts = [
          B(i.commitmentHash),
          ...i.nonces.map(B),
          ...(i.beaconRandomness ? [B(i.beaconRandomness)] : []),
        ];
        expect(taggedRef(T("seed"), ...parts).toString("hex")).toBe(x.seed);
      } else if (kind === "sample-size") {
        expect(ceilDivRef(i.n, i.rateBp)).toBe(x.k);
      } else if (kind === "drand-beacon") {
        expect(h(B(i.beacon.signature)).toString("hex")).toBe(x.randomness);
      } else if (kind === "draw") {
        checkDraw(i, x, file);
      } else {
        checked--;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(50);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: recorded JSON
function checkDraw(i: any, x: any, file: string): void {
  const c = i.commitment;
  const commitmentHash = taggedRef(T("commitment"), Buffer.from(canonicalize(c)!, "utf8")).toString("hex");
  expect(commitmentHash, file).toBe(x.commitmentHash);
  const entries = i.eligible.map((e: { stratum: string; id: string }) => ({
    stratum: e.stratum,
    id: canonicalIdRef(e.id),
  }));
  expect(
    setRootRef(
      entries.map((e: { stratum: string; id: string }) => eligibleLeafRef(e.stratum, e.id)),
    ).toString("hex"),
    file,
  ).toBe(c.eligible.root);
  const beaconParts = i.beacon ? [h(B(i.beacon.signature))] : [];
  if (i.beacon) expect(beaconParts[0]!.toString("hex")).toBe(i.beacon.randomness);
  const seed = taggedRef(
    T("seed"),
    B(commitmentHash),
    ...i.reveals.map((r: { nonce: string }) => B(r.nonce)),
    ...beaconParts,
  ).toString("hex");
  expect(seed, file).toBe(x.seed);
  // Selection by brute force: every ticket, sort by (ticket, id bytes), take k.
  for (const s of c.eligible.strata) {
    const all = entries
      .filter((e: { stratum: string }) => e.stratum === s.stratum)
      .map((e: { id: string }) => ({ id: e.id, ticket: entityTicketRef(seed, s.stratum, e.id) }))
      .sort((a: { id: string; ticket: string }, b: { id: string; ticket: string }) =>
        a.ticket < b.ticket
          ? -1
          : a.ticket > b.ticket
            ? 1
            : Buffer.compare(Buffer.from(a.id), Buffer.from(b.id)),
      );
    const k = ceilDivRef(s.count, s.rateBp);
    const recorded = x.selections.find((y: { stratum: string }) => y.stratum === s.stratum);
    expect(recorded.k, file).toBe(k);
    expect(recorded.selected, `${file} ${s.stratum}`).toEqual(all.slice(0, k));
  }
  // Team properties: size, qualification, certificate window, no conflict, joint departments, balance.
  const pool = new Map(i.inspectors.map((r: { id: string }) => [r.id, r]));
  const conflicts = new Set(i.conflictPairs.map(([a, b]: [string, string]) => `${a}|${b}`));
  const load = new Map<string, number>();
  for (const t of x.teams) {
    expect(t.members.length).toBe(c.teams.size);
    expect(new Set(t.members).size).toBe(t.members.length);
    for (const m of t.members) {
      // biome-ignore lint/suspicious/noExplicitAny: recorded JSON
      const r = pool.get(m) as any;
      expect(r.qualifications).toContain(c.teams.qualification);
      expect(r.validFrom <= c.teams.window.from && r.validUntil >= c.teams.window.until).toBe(true);
      expect(conflicts.has(`${m}|${t.entityId}`), `${file}: ${m} conflicts with ${t.entityId}`).toBe(false);
      load.set(m, (load.get(m) ?? 0) + 1);
    }
    for (const d of c.teams.jointDepartments) {
      const depts = t.members.map((m: string) => (pool.get(m) as { department: string }).department);
      expect(depts).toContain(d);
    }
  }
  if (i.conflictPairs.length === 0 && c.teams.jointDepartments.length === 0 && x.teams.length > 0) {
    const qualified = i.inspectors.filter(
      (r: { qualifications: string[]; validFrom: string; validUntil: string }) =>
        r.qualifications.includes(c.teams.qualification) &&
        r.validFrom <= c.teams.window.from &&
        r.validUntil >= c.teams.window.until,
    );
    const loads = qualified.map((r: { id: string }) => load.get(r.id) ?? 0);
    expect(Math.max(...loads) - Math.min(...loads), `${file}: load spread`).toBeLessThanOrEqual(1);
  }
}
