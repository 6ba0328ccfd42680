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
