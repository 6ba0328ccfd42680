/**
 * node:crypto SHA-256 backend for the draw engine. Lives outside
 * src/draw-engine because the engine must not import node:* (it runs in
 * browsers). Produces byte-identical output (checked on every test vector).
 */
import * as crypto from "node:crypto";
import { type Sha256Fn, setSha256Backend } from "../draw-engine/index.js";

type HashFn = (algorithm: string, data: Uint8Array, outputEncoding: "buffer") => Buffer;
const oneShot = (crypto as unknown as { hash?: HashFn }).hash;

/**
 * SHA-256 via node:crypto (one-shot crypto.hash where available, else createHash).
 * Returns a plain Uint8Array view, not the Buffer: Buffer#slice does not copy,
 * and callers of the engine may rely on Uint8Array#slice semantics.
 */
const asView = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
export const nodeSha256: Sha256Fn = oneShot
  ? (data) => asView(oneShot("sha256", data, "buffer"))
  : (data) => asView(crypto.createHash("sha256").update(data).digest());

/** Incremental node:crypto SHA-256 (same bytes as @noble/hashes' sha256.create()). */
export const nodeSha256Stream = () => {
  const h = crypto.createHash("sha256");
  return {
    update(data: Uint8Array) {
      h.update(data);
      return this;
    },
    updateText(text: string) {
      h.update(text, "utf8");
      return this;
    },
    digest: () => asView(h.digest()),
  };
};

/** Switches the engine to node:crypto. */
export function installNodeSha256(): void {
  setSha256Backend(nodeSha256, nodeSha256Stream);
}
