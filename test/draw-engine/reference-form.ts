/**
 * The rules of docs/draw-spec.md §11 and §12.1 that a bundle must meet besides
 * recomputing to the same results (its members, the canonical form and order of
 * its lists, the committed counts and roots of the pool and the conflict set, the
 * form of reveals, beacon and substitution records), written again from the spec
 * text with node:crypto only — no import of src/draw-engine — for the independent
 * cross-check of the tampered-proof vectors.
 */
import { h, lpRef, setRootRef } from "./reference.js";

const MEMBERS = [
  "algorithm",
  "commitment",
  "commitmentHash",
  "reveals",
  "beacon",
  "seed",
  "inspectors",
  "conflicts",
  "selections",
  "teams",
  "infeasible",
  "substitutions",
  "finalTeams",
  "publicKey",
  "signature",
];
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const HEX64 = /^[0-9a-f]{64}$/;
const WS = "\\t-\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
const EDGE_WS = new RegExp(`^[${WS}]|[${WS}]$`);
/** §3.1 for the labels this check meets: a non-empty NFC string without edge white space. */
const label = (s: unknown): boolean =>
  typeof s === "string" && s.length > 0 && s.normalize("NFC") === s && !EDGE_WS.test(s);
const bytesCmp = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

interface InspectorRef {
  id: string;
  department: string;
  qualifications: string[];
  validFrom: string;
  validUntil: string;
}

/** §5.2 inspector leaf. */
function inspectorLeafRef(r: InspectorRef): Buffer {
  const q = Buffer.alloc(4);
  q.writeUInt32BE(r.qualifications.length);
  return Buffer.concat([
    lpRef("sortes-draw/v1/inspector-leaf"),
    lpRef(r.id),
    lpRef(r.department),
    q,
    ...r.qualifications.map((x) => lpRef(x)),
    lpRef(r.validFrom),
    lpRef(r.validUntil),
  ]);
}

/** Names of the rules the bundle breaks (empty when none). */
// biome-ignore lint/suspicious/noExplicitAny: recorded JSON
export function formViolationsRef(p: any, expectedPublicKey?: string): string[] {
  const out: string[] = [];
  const keys = Object.keys(p).sort();
  if (keys.join() !== [...MEMBERS].sort().join()) out.push("members");
  const ins: InspectorRef[] = p.inspectors ?? [];
  ins.forEach((r, i) => {
    const q = r.qualifications;
    if (![r.id, r.department, ...q].every(label) || Object.keys(r).length !== 5) out.push("inspector-form");
    for (let j = 1; j < q.length; j++) if (bytesCmp(q[j - 1]!, q[j]!) >= 0) out.push("inspector-form");
    if (i > 0 && bytesCmp(ins[i - 1]!.id, r.id) >= 0) out.push("inspector-order");
  });
  const c = p.commitment;
  if (
    ins.length !== c.inspectors.count ||
    setRootRef(ins.map(inspectorLeafRef)).toString("hex") !== c.inspectors.root
  )
    out.push("inspector-root");
  const conflicts: string[] = p.conflicts ?? [];
  conflicts.forEach((d, i) => {
    if (!HEX64.test(d)) out.push("conflict-form");
    if (i > 0 && conflicts[i - 1]! >= d) out.push("conflict-order");
  });
  const digests = conflicts.filter((d) => HEX64.test(d)).map((d) => Buffer.from(d, "hex"));
  if (conflicts.length !== c.conflicts.count || setRootRef(digests).toString("hex") !== c.conflicts.root)
    out.push("conflict-root");
  for (const r of p.reveals ?? [])
    if (!/^(?:[0-9a-f]{2}){32,}$/.test(r.nonce) || !TIME.test(r.revealedAt)) out.push("reveal-form");
  if (p.beacon && h(Buffer.from(p.beacon.signature, "hex")).toString("hex") !== p.beacon.randomness)
    out.push("beacon-randomness");
  let last = "";
  for (const s of p.substitutions ?? []) {
    if (![s.entityId, s.recused, s.reason].every(label) || !TIME.test(s.at) || s.at < last)
      out.push("substitution-form");
    last = s.at;
  }
  if (expectedPublicKey !== undefined && p.publicKey !== expectedPublicKey) out.push("public-key");
  return out;
}
