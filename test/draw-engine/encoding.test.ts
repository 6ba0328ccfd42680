import { afterEach, describe, expect, it } from "vitest";
import { nodeSha256 } from "../../src/cli/node-hash.js";
import * as E from "../../src/draw-engine/index.js";

describe("canonical encodings", () => {
  afterEach(() => E.setSha256Backend(null));

  it("lp and tagged hashes are length-prefixed big-endian", () => {
    expect(E.toHex(E.lp("ab"))).toBe("000000026162");
    expect(E.toHex(E.lp(new Uint8Array(0)))).toBe("00000000");
    expect(E.toHex(E.lp("执"))).toBe("00000003e689a7");
    // ("ab","c") and ("a","bc") must not collide
    expect(E.toHex(E.taggedHash("t", "ab", "c"))).not.toBe(E.toHex(E.taggedHash("t", "a", "bc")));
  });

  it("labels reject lone surrogates and every white-space edge character", () => {
    expect(() => E.canonicalLabel("a\ud800")).toThrow(/surrogate/);
    expect(() => E.canonicalLabel("\tx")).toThrow(/control/);
    for (const ws of [" ", "\u00a0", "\u2003", "\u3000", "\ufeff", "\u2028"]) {
      expect(() => E.canonicalLabel(`${ws}x`)).toThrow(/white space/);
      expect(() => E.canonicalLabel(`x${ws}`)).toThrow(/white space/);
    }
    expect(E.canonicalLabel("a b")).toBe("a b");
    expect(() => E.canonicalLabel(7)).toThrow(/must be a string/);
  });

  it("JCS sorts keys and rejects non-finite numbers", () => {
    expect(E.jcs({ b: 1, a: [true, null, "x"] })).toBe('{"a":[true,null,"x"],"b":1}');
    expect(() => E.jcs({ a: Number.NaN })).toThrow();
  });

  it("byte order is memcmp, not locale order", () => {
    const sorted = ["b", "B", "a", "ä", "Z", "10", "9"].sort(E.compareUtf8);
    expect(sorted).toEqual(["10", "9", "B", "Z", "a", "b", "ä"]);
  });

  it("the node:crypto and noble backends agree on varied inputs", () => {
    for (let n = 0; n < 300; n += 7) {
      const data = E.utf8("x".repeat(n));
      E.setSha256Backend(null);
      const a = E.toHex(E.sha256(data));
      E.setSha256Backend(nodeSha256);
      expect(E.toHex(E.sha256(data))).toBe(a);
    }
  });

  it("UTC times parse with exact calendar arithmetic", () => {
    expect(E.parseUtcSeconds("1970-01-01T00:00:00Z", "t")).toBe(0);
    expect(E.parseUtcSeconds("2023-08-23T15:59:24Z", "t")).toBe(1692806364);
    expect(E.parseUtcSeconds("2024-02-29T00:00:00Z", "t")).toBe(1709164800);
    expect(() => E.parseUtcSeconds("2023-02-29T00:00:00Z", "t")).toThrow(/not a valid calendar time/);
    expect(() => E.parseUtcSeconds("2023-08-23 15:59:24", "t")).toThrow(/UTC time/);
  });
});

describe("SHA-256 midstate fast path", () => {
  it("equals node:crypto for every prefix/suffix length split up to 3 blocks", () => {
    const bytes = Uint8Array.from({ length: 200 }, (_, i) => (i * 131 + 7) & 255);
    for (let p = 0; p <= 130; p += 1) {
      const f = E.sha256WithPrefix(bytes.subarray(0, p));
      for (const s of [0, 1, 8, 23, 55, 56, 63, 64, 65, 70]) {
        const expected = nodeSha256(bytes.subarray(0, p + s));
        expect(E.toHex(f(bytes.subarray(p, p + s))), `${p}+${s}`).toBe(E.toHex(expected));
      }
    }
  });
});

describe("dates", () => {
  it("certificate and window dates must be real calendar days", () => {
    expect(E.checkDate("2024-02-29", "d")).toBe("2024-02-29");
    expect(() => E.checkDate("2025-02-29", "d")).toThrow(/real calendar date/);
    expect(() => E.checkDate("2025-04-31", "d")).toThrow(/real calendar date/);
    expect(() => E.checkDate("2025-4-1", "d")).toThrow(/YYYY-MM-DD/);
  });
});
