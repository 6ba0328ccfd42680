/**
 * SHA-256 with a pluggable backend.
 *
 * The engine must run in browsers, so the default is the pure-JS @noble/hashes
 * implementation. Node callers (CLI, benchmark, service) may plug in node:crypto
 * through `setSha256Backend`; both must produce identical bytes, which the tests
 * check on every vector. No node:* import is allowed in this folder.
 */
import { sha256 as nobleSha256 } from "@noble/hashes/sha2.js";

export type Sha256Fn = (data: Uint8Array) => Uint8Array;

/** Incremental SHA-256 (for inputs produced piece by piece, e.g. a streamed JSON text). */
export interface Sha256Stream {
  update(data: Uint8Array): unknown;
  /** Optional: hash a string's UTF-8 bytes without an encoded copy (node:crypto can). */
  updateText?(text: string): unknown;
  digest(): Uint8Array;
}
export type Sha256StreamFactory = () => Sha256Stream;

const defaultBackend: Sha256Fn = (data) => nobleSha256(data);
const defaultStream: Sha256StreamFactory = () => nobleSha256.create();
let backend: Sha256Fn = defaultBackend;
let streamFactory: Sha256StreamFactory = defaultStream;

/** SHA-256 of `data` through the current backend (32 bytes). */
export function sha256(data: Uint8Array): Uint8Array {
  return backend(data);
}

/** A new incremental SHA-256 through the current backend. */
export function sha256Stream(): Sha256Stream {
  return streamFactory();
}

/**
 * Replace the SHA-256 backend; pass nothing to restore @noble/hashes. A backend
 * must hash synchronously and keep no reference to `data` (hot paths reuse buffers).
 */
export function setSha256Backend(fn?: Sha256Fn | null, stream?: Sha256StreamFactory | null): void {
  backend = fn ?? defaultBackend;
  streamFactory = stream ?? defaultStream;
}

/** The pure-JS backend, always available (used by tests to compare backends). */
export const nobleSha256Backend: Sha256Fn = defaultBackend;
