/**
 * Membership of conflictDigest(inspector, entity) = H(T_conflict, inspector id,
 * entity id) in the committed conflict set, asked once per team pick. The prefix
 * lp(T_conflict) ‖ lp(inspector id) is absorbed once per inspector (SHA-256
 * midstate), and a 48-bit prefix of every committed digest sits in a numeric set,
 * so a pick costs one compression and one number lookup; the full hex is built
 * only on a prefix hit.
 */
import { concatBytes, toHex } from "./bytes.js";
import { lp } from "./encoding.js";
import { sha256WithPrefix } from "./sha256-prefix.js";

type Hasher = (suffix: Uint8Array, out?: Uint8Array, length?: number) => Uint8Array;

const prefix48 = (b: Uint8Array): number =>
  (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0) * 65536 + ((b[4]! << 8) | b[5]!);

export class ConflictLookup {
  private readonly hashers: (Hasher | undefined)[];
  private readonly prefixes = new Set<number>();
  private entityLp: Uint8Array = new Uint8Array(0);
  private readonly out = new Uint8Array(32);

  /** `inspectorIds` are canonical, indexed by slot; `digests` are lower-case hex. */
  constructor(
    private readonly tag: string,
    private readonly inspectorIds: readonly string[],
    private readonly digests: ReadonlySet<string>,
  ) {
    this.hashers = new Array(inspectorIds.length);
    for (const d of digests) {
      if (/^[0-9a-f]{12}/.test(d)) this.prefixes.add(Number.parseInt(d.slice(0, 12), 16));
    }
  }

  /** The canonical id of the entity the next questions are about. */
  setEntity(canonicalEntityId: string): void {
    this.entityLp = lp(canonicalEntityId);
  }

  has(slot: number): boolean {
    if (this.digests.size === 0) return false;
    let h = this.hashers[slot];
    if (!h) {
      h = sha256WithPrefix(concatBytes(lp(this.tag), lp(this.inspectorIds[slot]!)));
      this.hashers[slot] = h;
    }
    const d = h(this.entityLp, this.out);
    return this.prefixes.has(prefix48(d)) && this.digests.has(toHex(d));
  }
}
