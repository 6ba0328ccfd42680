/** Public API of the pure draw engine (docs/draw-spec.md). No node:* imports anywhere below. */
export * from "./bytes.js";
export * from "./commitment.js";
export * from "./drand.js";
export * from "./draw.js";
export * from "./encoding.js";
export * from "./entropy.js";
export * from "./errors.js";
export * from "./hash.js";
export * from "./leaves.js";
export * from "./merkle.js";
export * from "./proof.js";
export * from "./selection.js";
export * from "./tags.js";
export * from "./teams.js";
export * from "./tickets.js";
export * from "./time.js";
export * from "./verify.js";
