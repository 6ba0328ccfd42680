/** Public API of the pure draw engine (docs/draw-spec.md). No node:* imports anywhere below. */
export * from "./bytes.js";
export * from "./encoding.js";
export * from "./errors.js";
export * from "./hash.js";
export * from "./leaves.js";
export * from "./merkle.js";
export * from "./tags.js";
