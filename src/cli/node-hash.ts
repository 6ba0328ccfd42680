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
 * Returns the Buffer itself (a Uint8Array): the engine never relies on
 * Uint8Array#slice copying (Buffer#slice would not), it copies explicitly.
 */
export const nodeSha256: Sha256Fn = oneShot
  ? (data) => oneShot("sha256", data, "buffer")
  : (data) => crypto.createHash("sha256").update(data).digest();

/** Switches the engine to node:crypto. */
export function useNodeSha256(): void {
  setSha256Backend(nodeSha256);
}
