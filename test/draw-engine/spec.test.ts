/**
 * docs/draw-spec.md's worked examples must match the recorded vectors: every
 * full 64-hex value quoted in the spec occurs in some vector file, every
 * abbreviated "abcd1234…" value is the prefix of one, and every cited vector
 * number [NNN] exists.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VECTOR_DIR } from "./load-vectors.js";

const spec = readFileSync(join(import.meta.dirname, "..", "..", "docs", "draw-spec.md"), "utf8");
const files = readdirSync(VECTOR_DIR).filter((f) => f.endsWith(".json"));
const corpus = files.map((f) => readFileSync(join(VECTOR_DIR, f), "utf8")).join("\n");

describe("draw-spec.md worked examples", () => {
  it("quotes only digests that the vectors record", () => {
    const full = [...spec.matchAll(/(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g)].map((m) => m[0]);
    expect(full.length).toBeGreaterThan(10);
    for (const h of full) expect(corpus.includes(h), h).toBe(true);
  });

  it("abbreviated digests are prefixes of recorded values", () => {
    const abbrev = [...spec.matchAll(/`([0-9a-f]{8})…/g)].map((m) => m[1]!);
    expect(abbrev.length).toBeGreaterThan(5);
    for (const p of abbrev) expect(new RegExp(`"${p}[0-9a-f]*"`).test(corpus), p).toBe(true);
  });

  it("cites vector numbers that exist", () => {
    const cited = new Set([...spec.matchAll(/\[(\d{3})\]/g)].map((m) => m[1]!));
    const present = new Set(files.map((f) => f.slice(0, 3)));
    for (const n of cited) expect(present.has(n), `[${n}]`).toBe(true);
  });
});
