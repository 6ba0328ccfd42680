/**
 * Independent minimal re-implementation of the byte-level rules of
 * docs/draw-spec.md using node:crypto directly and none of src/draw-engine, so
 * the recorded vectors are not checked only against the code that made them.
 */
import { createHash } from "node:crypto";

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
