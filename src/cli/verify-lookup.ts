/**
 * What `sortes verify-inclusion FILE` accepts: a bare inclusion proof (draw-spec §5.4 /
 * §16.8) or an entity lookup saved exactly as `GET /public/rounds/{id}/entities/{code}`
 * returns it, whose `inclusion` member is that proof. With the round's signed proof
 * (`--proof`) the lookup's root is pinned to the committed one and its drawn / rank /
 * ticket answer is checked against the proof's selections (ranks are 1-based, §7).
 */
import {
  type EligibleChunkInclusionProof,
  type EligibleInclusionProof,
  eligibleLeaf,
  merkleLeafHash,
  type ProofBundle,
  toHex,
} from "../draw-engine/index.js";

export type InclusionProof = EligibleInclusionProof | EligibleChunkInclusionProof;

/** The lookup answer's members this command reads (the route's EntityDrawLookup schema). */
interface EntityLookup {
  roundId: string;
  entityId: string;
  stratum: string | null;
  drawn: boolean;
  rank: number | null;
  ticket: string | null;
  inclusion: InclusionProof | null;
}

const q = (v: unknown): string => JSON.stringify(v);

const isLookup = (doc: unknown): doc is EntityLookup =>
  typeof doc === "object" && doc !== null && "inclusion" in doc && "entityId" in doc;

/** The inclusion proof in `doc`, or the reason it cannot be checked / disagrees with the signed proof. */
export function inclusionFromDocument(
  doc: unknown,
  proof?: ProofBundle,
): { ok: true; inclusion: InclusionProof; notes: string[] } | { ok: false; reason: string } {
  const notes: string[] = [];
  let inclusion: InclusionProof;
  if (isLookup(doc)) {
    if (doc.inclusion === null)
      return {
        ok: false,
        reason: `the lookup says entity ${q(doc.entityId)} is not in the eligible set of round ${doc.roundId}: there is no inclusion proof to check`,
      };
    inclusion = doc.inclusion;
    if (doc.entityId !== inclusion.id || doc.stratum !== inclusion.stratum)
      return {
        ok: false,
        reason: `the lookup is for entity ${q(doc.entityId)} in stratum ${q(doc.stratum)}, but its inclusion proof is for ${q(inclusion.id)} in ${q(inclusion.stratum)}`,
      };
    // v1 lookups also carry the entity's RFC 6962 leaf hash: it must be the one the path starts from.
    const leafHash = (inclusion as { leafHash?: unknown }).leafHash;
    if (leafHash !== undefined && leafHash !== v1LeafHash(inclusion))
      return {
        ok: false,
        reason: `the lookup's leafHash ${q(leafHash)} is not the leaf hash of (${q(inclusion.stratum)}, ${q(inclusion.id)})`,
      };
    if (proof) {
      const drawn = drawnCheck(doc, proof);
      if (drawn.startsWith("FAIL ")) return { ok: false, reason: drawn.slice(5) };
      notes.push(drawn);
    }
  } else inclusion = doc as InclusionProof;
  if (proof) {
    const root = proof.commitment?.eligible?.root;
    if (inclusion.root !== root)
      return {
        ok: false,
        reason: `the inclusion proof is against root ${inclusion.root}, but the signed proof commits to eligible root ${root}`,
      };
    const size = (proof.commitment.eligible.strata ?? []).reduce((n, s) => n + s.count, 0);
    if (inclusion.treeSize !== size)
      return {
        ok: false,
        reason: `the inclusion proof says the set has ${inclusion.treeSize} entities, the commitment counts ${size}`,
      };
    notes.push(`root and size are the ones committed in round ${proof.commitment.roundId}`);
  }
  return { ok: true, inclusion, notes };
}

/** Whether the lookup's drawn / rank / ticket agree with the signed selections; "FAIL …" when not. */
function drawnCheck(doc: EntityLookup, proof: ProofBundle): string {
  for (const s of proof.selections ?? []) {
    const i = s.selected.findIndex((x) => x.id === doc.entityId);
    if (i < 0) continue;
    const want = { drawn: true, stratum: s.stratum, rank: i + 1, ticket: s.selected[i]!.ticket };
    for (const k of ["drawn", "stratum", "rank", "ticket"] as const)
      if (doc[k] !== want[k])
        return `FAIL the lookup says ${k} ${q(doc[k])}, the signed proof says ${q(want[k])}`;
    return `drawn at rank ${want.rank} of stratum ${q(s.stratum)} with ticket ${want.ticket}, as the signed proof says`;
  }
  if (doc.drawn || doc.rank !== null || doc.ticket !== null)
    return `FAIL the lookup says entity ${q(doc.entityId)} was drawn (rank ${q(doc.rank)}), but the signed proof does not select it`;
  return "not drawn, as the signed proof says";
}

/** RFC 6962 leaf hash of the v1 eligible leaf (§5.1); null when the values are not canonical-able. */
function v1LeafHash(p: InclusionProof): string | null {
  try {
    return toHex(merkleLeafHash(eligibleLeaf(p.stratum, p.id)));
  } catch {
    return null;
  }
}
