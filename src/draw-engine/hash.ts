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

const defaultBackend: Sha256Fn = (data) => nobleSha256(data);
let backend: Sha256Fn = defaultBackend;

/** SHA-256 of `data` through the current backend (32 bytes). */
export function sha256(data: Uint8Array): Uint8Array {
  return backend(data);
}

/**
 * Replace the SHA-256 backend; pass nothing to restore @noble/hashes. A backend
 * must hash synchronously and keep no reference to `data` (hot paths reuse buffers).
 */
export function setSha256Backend(fn?: Sha256Fn | null): void {
  backend = fn ?? defaultBackend;
}

/** The pure-JS backend, always available (used by tests to compare backends). */
export const nobleSha256Backend: Sha256Fn = defaultBackend;
