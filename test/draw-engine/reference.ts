/**
 * Independent minimal re-implementation of the byte-level rules of
 * docs/draw-spec.md using node:crypto directly and none of src/draw-engine, so
 * the recorded vectors are not checked only against the code that made them.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

export const h = (...parts: Buffer[]): Buffer => {
  const c = createHash("sha256");
  for (const p of parts) c.update(p);
  return c.digest();
};

export const lpRef = (x: Buffer | string): Buffer => {
  const b = typeof x === "string" ? Buffer.from(x, "utf8") : x;
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
};

export const taggedRef = (tag: string, ...parts: (Buffer | string)[]): Buffer =>
  h(lpRef(tag), ...parts.map(lpRef));

/** Recursive RFC 6962 MTH over raw leaves (already in tree order). */
export function mthRef(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return h();
  if (leaves.length === 1) return h(Buffer.from([0]), leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return h(Buffer.from([1]), mthRef(leaves.slice(0, k)), mthRef(leaves.slice(k)));
}

/** Set root: leaves sorted by bytes (Buffer.compare is memcmp). */
export const setRootRef = (leaves: Buffer[]): Buffer => mthRef([...leaves].sort(Buffer.compare));

export const eligibleLeafRef = (stratum: string, id: string): Buffer =>
  Buffer.concat([lpRef("sortes-draw/v1/eligible-leaf"), lpRef(stratum), lpRef(id)]);

export const entityTicketRef = (seedHex: string, stratum: string, id: string): string =>
  taggedRef("sortes-draw/v1/entity-ticket", Buffer.from(seedHex, "hex"), stratum, id).toString("hex");

export const inspectorTicketRef = (seedHex: string, entityId: string, inspectorId: string): string =>
  taggedRef("sortes-draw/v1/inspector-ticket", Buffer.from(seedHex, "hex"), entityId, inspectorId).toString(
    "hex",
  );

/** MTH over leaf HASHES (already level-0 nodes). */
export function mthHashesRef(hs: Buffer[]): Buffer {
  if (hs.length === 0) return h();
  if (hs.length === 1) return hs[0]!;
  let k = 1;
  while (k * 2 < hs.length) k *= 2;
  return h(Buffer.from([1]), mthHashesRef(hs.slice(0, k)), mthHashesRef(hs.slice(k)));
}

/** RFC 6962 PATH(m, D[n]) written straight from the RFC text. */
export function pathRef(m: number, hs: Buffer[]): Buffer[] {
  if (hs.length <= 1) return [];
  let k = 1;
  while (k * 2 < hs.length) k *= 2;
  return m < k
    ? [...pathRef(m, hs.slice(0, k)), mthHashesRef(hs.slice(k))]
    : [...pathRef(m - k, hs.slice(k)), mthHashesRef(hs.slice(0, k))];
}

/** Minimal id canonicalisation per spec §3.1 (rejection rules not re-checked here). */
export function canonicalIdRef(id: string): string {
  const s = id.normalize("NFC");
  return /^[0-9A-Za-z]{18}$/.test(s) && /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/.test(s.toUpperCase())
    ? s.toUpperCase()
    : s;
}

export const ceilDivRef = (n: number, rateBp: number): number =>
  Number((BigInt(n) * BigInt(rateBp) + 9999n) / 10000n);

// ---------------------------------------------------------------------------
// sortes-draw/v2 (docs/draw-spec.md Part II, §16), written from the spec text
// only: chunked eligible root, U(m), positions, staffing tickets, team picks,
// substitutions and the digest signature message.
// ---------------------------------------------------------------------------

const T2 = (name: string): string => `sortes-draw/v2/${name}`;
export const CHUNK_REF = 1024;

export interface EntryRef {
  stratum: string;
  id: string;
}

const u32Ref = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

export const entryBytesRef = (e: EntryRef): Buffer => Buffer.concat([lpRef(e.stratum), lpRef(e.id)]);

/** §16.3 set order: canonical ids, entries in byte order; no entry twice, no id in two strata. */
export function setOrderRef(input: EntryRef[]): EntryRef[] {
  const rows = input
    .map((e) => ({ stratum: e.stratum, id: canonicalIdRef(e.id) }))
    .map((e) => ({ e, b: entryBytesRef(e) }))
    .sort((x, y) => Buffer.compare(x.b, y.b));
  const seen = new Set<string>();
  for (const { e } of rows) {
    if (seen.has(e.id)) throw new Error(`duplicate-id ${e.id}`);
    seen.add(e.id);
  }
  return rows.map((r) => r.e);
}

/** chunkLeaf(j) = lp(T_chunk) ‖ entries of chunk j (set order). */
export const chunkLeavesRef = (sorted: EntryRef[]): Buffer[] =>
  Array.from({ length: Math.ceil(sorted.length / CHUNK_REF) }, (_, j) =>
    Buffer.concat([
      lpRef(T2("eligible-chunk")),
      ...sorted.slice(j * CHUNK_REF, (j + 1) * CHUNK_REF).map(entryBytesRef),
    ]),
  );

/** RFC 6962 leaf hash of one leaf. */
export const leafHashRef = (leaf: Buffer): Buffer => h(Buffer.from([0]), leaf);

/** MTH over the chunk leaves in chunk order (NOT sorted). */
export const eligibleRootV2Ref = (sorted: EntryRef[]): Buffer => mthRef(chunkLeavesRef(sorted));

/** Runs: each stratum's entities in set order (index in the run = position). */
export function runsRef(sorted: EntryRef[]): Map<string, string[]> {
  const runs = new Map<string, string[]>();
  for (const e of sorted) {
    const run = runs.get(e.stratum);
    if (run) run.push(e.id);
    else runs.set(e.stratum, [e.id]);
  }
  return runs;
}

/** §16.4 U(m, d_0, d_1, …): the result and how many digests it read. */
export function uniformBelowRef(m: number, digest: (t: number) => Buffer): { r: number; consumed: number } {
  const M = BigInt(m);
  const limit = 2n ** 64n - (2n ** 64n % M);
  for (let t = 0; ; t++) {
    const x = digest(t).readBigUInt64BE(0);
    if (x < limit) return { r: Number(x % M), consumed: t + 1 };
  }
}

/** §16.5 d_{i,t} = H(T_select, seed, s, u32be(i), u32be(t)). */
export const selectDigestRef = (seed: Buffer, stratum: string, i: number, t: number): Buffer =>
  taggedRef(T2("select"), seed, stratum, u32Ref(i), u32Ref(t));

/** §16.5 partial Fisher–Yates: positions of ranks 1 … k. */
export function positionsRef(seedHex: string, stratum: string, n: number, k: number): number[] {
  const seed = Buffer.from(seedHex, "hex");
  const a = new Map<number, number>();
  const at = (p: number): number => a.get(p) ?? p;
  const out: number[] = [];
  for (let i = 0; i < k; i++) {
    const j = i + uniformBelowRef(n - i, (t) => selectDigestRef(seed, stratum, i, t)).r;
    const ai = at(i);
    a.set(i, at(j));
    a.set(j, ai);
    out.push(at(i));
  }
  return out;
}

export const staffingTicketRef = (seedHex: string, stratum: string, id: string): string =>
  taggedRef(T2("staffing-ticket"), Buffer.from(seedHex, "hex"), stratum, id).toString("hex");

/** RFC 9162 §2.1.3.2 inclusion verification. */
export function verifyPathRef(
  index: number,
  size: number,
  leafHash: Buffer,
  path: Buffer[],
  root: Buffer,
): boolean {
  if (index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = h(Buffer.from([1]), p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = h(Buffer.from([1]), r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

export interface ChunkProofRef {
  root: string;
  treeSize: number;
  index: number;
  stratum: string;
  id: string;
  chunk: EntryRef[];
  path: string[];
}

/** §16.8: chunk length, the entry at index mod 1024, the chunk leaf hash, the path. */
export function verifyChunkInclusionRef(p: ChunkProofRef): boolean {
  if (p.index < 0 || p.index >= p.treeSize) return false;
  const j = Math.floor(p.index / CHUNK_REF);
  const expectedLength = Math.min(CHUNK_REF, p.treeSize - j * CHUNK_REF);
  const mine = p.chunk[p.index % CHUNK_REF];
  if (p.chunk.length !== expectedLength || mine?.stratum !== p.stratum || mine.id !== p.id) return false;
  const leaf = Buffer.concat([lpRef(T2("eligible-chunk")), ...p.chunk.map(entryBytesRef)]);
  const chunks = Math.ceil(p.treeSize / CHUNK_REF);
  const path = p.path.map((x) => Buffer.from(x, "hex"));
  return verifyPathRef(j, chunks, leafHashRef(leaf), path, Buffer.from(p.root, "hex"));
}

interface InspectorRef {
  id: string;
  department: string;
  qualifications: string[];
  validFrom: string;
  validUntil: string;
}

export interface DrawInputRef {
  commitment: {
    eligible: { strata: { stratum: string; count: number; rateBp: number }[] };
    teams: {
      size: number;
      qualification: string;
      window: { from: string; until: string };
      jointDepartments: string[];
    };
  };
  eligible: EntryRef[];
  inspectors: InspectorRef[];
  conflicts: string[];
  reveals: { nonce: string }[];
  beacon: { signature: string } | null;
  substitutions: { entityId: string; recused: string; reason: string; at: string }[];
}

interface TeamRef {
  stratum: string;
  entityId: string;
  members: string[];
}

const byUtf8 = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** §16.5–§16.6 (with §7, §8.4, §9, §9.1): the whole v2 draw from its inputs. */
export function drawV2Ref(input: DrawInputRef) {
  const c = input.commitment;
  const commitmentHash = taggedRef("sortes-draw/v1/commitment", Buffer.from(canonicalize(c)!, "utf8"));
  const sorted = setOrderRef(input.eligible);
  const beacon = input.beacon ? [h(Buffer.from(input.beacon.signature, "hex"))] : [];
  const nonces = input.reveals.map((r) => Buffer.from(r.nonce, "hex"));
  const seedBuf = taggedRef("sortes-draw/v1/seed", commitmentHash, ...nonces, ...beacon);
  const seed = seedBuf.toString("hex");

  const runs = runsRef(sorted);
  const selections = c.eligible.strata.map(({ stratum, rateBp }) => {
    const run = runs.get(stratum) ?? [];
    const k = ceilDivRef(run.length, rateBp);
    const selected = positionsRef(seed, stratum, run.length, k).map((p) => ({
      id: run[p]!,
      ticket: staffingTicketRef(seed, stratum, run[p]!),
    }));
    return { stratum, n: run.length, rateBp, k, selected };
  });

  const { size, qualification, window, jointDepartments } = c.teams;
  const qualified = input.inspectors
    .filter(
      (r) =>
        r.qualifications.includes(qualification) &&
        r.validFrom <= window.from &&
        r.validUntil >= window.until,
    )
    .sort((a, b) => byUtf8(a.id, b.id));
  const deptOf = new Map(input.inspectors.map((r) => [r.id, r.department]));
  const conflictSet = new Set(input.conflicts);
  const conflicted = (ins: string, e: string): boolean =>
    conflictSet.has(taggedRef("sortes-draw/v1/conflict", ins, e).toString("hex"));
  const load = new Map<string, number>(qualified.map((r) => [r.id, 0]));
  const recusedFor = new Map<string, Set<string>>();

  /** One pick (§16.6 steps 1–4); null when the slot cannot be filled. */
  const pick = (e: string, p: number, dept: string | null, team: string[]): string | null => {
    const struck = new Set<string>();
    const recused = recusedFor.get(e) ?? new Set<string>();
    let t = 0;
    for (;;) {
      const open = qualified.filter(
        (r) =>
          !team.includes(r.id) &&
          !recused.has(r.id) &&
          !struck.has(r.id) &&
          (dept === null || r.department === dept),
      );
      if (open.length === 0) return null;
      const least = Math.min(...open.map((r) => load.get(r.id)!));
      const s = open.filter((r) => load.get(r.id) === least).map((r) => r.id); // already in id byte order
      const u = uniformBelowRef(s.length, (x) =>
        taggedRef(T2("team-pick"), seedBuf, e, u32Ref(p), u32Ref(t + x)),
      );
      t += u.consumed;
      const candidate = s[u.r]!;
      if (!conflicted(candidate, e)) return candidate;
      struck.add(candidate);
    }
  };
  /** §9 "Infeasible": candidates = qualified, no conflict (and, §9.1, not recused for e). */
  const report = (stratum: string, e: string, stage: string) => {
    const recused = recusedFor.get(e) ?? new Set<string>();
    const cands = qualified.filter((r) => !conflicted(r.id, e) && !recused.has(r.id));
    return {
      stratum,
      entityId: e,
      stage,
      required: size,
      available: cands.length,
      missingDepartments: jointDepartments.filter((d) => !cands.some((r) => r.department === d)),
    };
  };

  const order = selections
    .flatMap((s) => s.selected.map((x) => ({ stratum: s.stratum, ...x })))
    .sort((a, b) => (a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : byUtf8(a.id, b.id)));
  const teams: TeamRef[] = [];
  const infeasible: ReturnType<typeof report>[] = [];
  for (const { stratum, id } of order) {
    const members: string[] = [];
    for (let p = 0; p < size; p++) {
      const m = pick(id, p, jointDepartments[p] ?? null, members);
      if (m === null) break;
      members.push(m);
    }
    if (members.length < size) {
      infeasible.push(report(stratum, id, "assignment"));
      continue;
    }
    teams.push({ stratum, entityId: id, members });
    for (const m of members) load.set(m, load.get(m)! + 1);
  }

  const current = new Map(teams.map((t) => [t.entityId, { ...t, members: [...t.members] }]));
  const substitutions = input.substitutions.map((rec, i) => {
    const team = current.get(rec.entityId);
    const slot = team?.members.indexOf(rec.recused) ?? -1;
    if (!team || slot < 0)
      throw new Error(`substitution ${i}: ${rec.recused} is not on ${rec.entityId}'s team`);
    recusedFor.set(rec.entityId, (recusedFor.get(rec.entityId) ?? new Set()).add(rec.recused));
    load.set(rec.recused, load.get(rec.recused)! - 1);
    const rest = team.members.filter((m) => m !== rec.recused);
    const d = deptOf.get(rec.recused)!;
    const dept = jointDepartments.includes(d) && !rest.some((m) => deptOf.get(m) === d) ? d : null;
    const substitute = pick(rec.entityId, size + i, dept, rest);
    if (substitute === null) {
      for (const m of rest) load.set(m, load.get(m)! - 1);
      current.delete(rec.entityId);
      infeasible.push(report(team.stratum, rec.entityId, "substitution"));
    } else {
      team.members[slot] = substitute;
      load.set(substitute, load.get(substitute)! + 1);
    }
    return { ...rec, substitute };
  });
  const finalTeams = teams.flatMap((t) => current.get(t.entityId) ?? []);

  return {
    eligibleRoot: eligibleRootV2Ref(sorted).toString("hex"),
    commitmentHash: commitmentHash.toString("hex"),
    seed,
    selections,
    teams,
    infeasible,
    substitutions,
    finalTeams,
  };
}

/** §16.7 signedMessage = lp(T_sig2) ‖ lp(SHA-256(JCS(bundle without "signature"))). */
export function signedMessageV2Ref(bundle: Record<string, unknown>): Buffer {
  const { signature: _omit, ...unsigned } = bundle;
  return Buffer.concat([
    lpRef(T2("proof-signature")),
    lpRef(h(Buffer.from(canonicalize(unsigned)!, "utf8"))),
  ]);
}
