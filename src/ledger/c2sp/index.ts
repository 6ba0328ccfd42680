/**
 * C2SP transparency-log formats, pure TypeScript (browser, CLI and service alike):
 * signed notes, checkpoints, Ed25519 cosignatures and the tlog-witness add-checkpoint wire
 * format. Specifications: c2sp.org/signed-note, /tlog-checkpoint, /tlog-cosignature, /tlog-witness.
 */
export { toBase64, tryFromBase64 } from "./base64.js";
export * from "./checkpoint.js";
export * from "./cosignature.js";
export * from "./note.js";
export { equalBytes, hex, keyHashOf, toVerifierKey } from "./primitives.js";
export * from "./signed-checkpoint.js";
export * from "./witness-protocol.js";
