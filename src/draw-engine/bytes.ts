/** Byte helpers. All comparisons are plain unsigned byte order (memcmp), never locale collation. */

const encoder = new TextEncoder();

/** UTF-8 bytes of a string (lone surrogates are rejected by the id canonicaliser first). */
export function utf8(s: string): Uint8Array {
  // ASCII fast path: ids and labels are short and mostly ASCII, and
  // TextEncoder's per-call cost dominates for them (same bytes either way).
  const n = s.length;
  if (n < 64) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 127) return encoder.encode(s);
      out[i] = c;
    }
    return out;
  }
  return encoder.encode(s);
}

const HEX_CODES = Uint16Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const hexScratch = new Uint16Array(128);

/** Lower-case hex. One string allocation for digests (no concatenation per byte). */
export function toHex(bytes: Uint8Array): string {
  const n = bytes.length;
  const codes = n <= 64 ? hexScratch : new Uint16Array(2 * n);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    codes[2 * i] = HEX_CODES[b >> 4]!;
    codes[2 * i + 1] = HEX_CODES[b & 15]!;
  }
  if (n > 4096) {
    let out = "";
    for (let i = 0; i < 2 * n; i += 8192)
      out += String.fromCharCode.apply(
        null,
        codes.subarray(i, Math.min(2 * n, i + 8192)) as unknown as number[],
      );
    return out;
  }
  return String.fromCharCode.apply(null, codes.subarray(0, 2 * n) as unknown as number[]);
}

/** Strict hex decoding: lower-case only, even length, optional exact length. */
export function fromHex(hex: string, expectedLength?: number): Uint8Array {
  if (typeof hex !== "string" || !/^(?:[0-9a-f]{2})*$/.test(hex)) {
    throw new Error(`not lower-case hex: ${JSON.stringify(String(hex).slice(0, 80))}`);
  }
  const out = new Uint8Array(hex.length / 2);
  // Checked above: every character is 0-9 or a-f.
  const nibble = (c: number) => (c <= 0x39 ? c - 0x30 : c - 0x57);
  for (let i = 0; i < out.length; i++)
    out[i] = (nibble(hex.charCodeAt(2 * i)) << 4) | nibble(hex.charCodeAt(2 * i + 1));
  if (expectedLength !== undefined && out.length !== expectedLength) {
    throw new Error(`expected ${expectedLength} bytes of hex, got ${out.length}`);
  }
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** memcmp order: first differing byte decides; a proper prefix sorts first. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return compareBytes(a, b) === 0;
}

/** Compare two strings by their UTF-8 bytes (equivalent to code-point order). */
export function compareUtf8(a: string, b: string): number {
  return compareBytes(utf8(a), utf8(b));
}

/** 4-byte big-endian unsigned integer. */
export function u32be(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffffffff) throw new Error(`u32 out of range: ${n}`);
  const out = new Uint8Array(4);
  writeU32be(out, 0, n);
  return out;
}

/**
 * Writes n (0 ≤ n < 2^32, not checked: hot paths pass lengths and counters) as 4 big-endian
 * bytes at buf[at]. Shifts instead of a DataView (a DataView per call was ~20 % of verification).
 */
export function writeU32be(buf: Uint8Array, at: number, n: number): void {
  buf[at] = n >>> 24;
  buf[at + 1] = (n >>> 16) & 255;
  buf[at + 2] = (n >>> 8) & 255;
  buf[at + 3] = n & 255;
}

/** 8-byte big-endian unsigned integer. */
export function u64be(n: number | bigint): Uint8Array {
  const v = BigInt(n);
  if (v < 0n || v > 0xffffffffffffffffn) throw new Error(`u64 out of range: ${n}`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, false);
  return out;
}
