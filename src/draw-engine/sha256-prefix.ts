/**
 * SHA-256 with a precomputed prefix ("midstate"), for hashing millions of
 * messages that share a long prefix — every entity ticket of a draw starts
 * with the same lp(tag) ‖ lp(seed) bytes. Standard FIPS 180-4 SHA-256, pure JS,
 * no allocation per call except the 32-byte result. Tests compare it with
 * node:crypto for many prefix/suffix lengths.
 */

// Int32Array, not Uint32Array: V8 keeps int32 lanes as small integers, while
// uint32 values ≥ 2^31 become doubles and slow every round down (~25 %).
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);
const IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** One compression of the 64-byte block at `block[off..off+64)` into `state`. */
function compress(state: Int32Array, block: Uint8Array, off: number, w: Int32Array): void {
  for (let i = 0; i < 16; i++) {
    const j = off + 4 * i;
    w[i] = (block[j]! << 24) | (block[j + 1]! << 16) | (block[j + 2]! << 8) | block[j + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!;
    const b = w[i - 2]!;
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
  }
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + w[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[0] = (state[0]! + a) | 0;
  state[1] = (state[1]! + b) | 0;
  state[2] = (state[2]! + c) | 0;
  state[3] = (state[3]! + d) | 0;
  state[4] = (state[4]! + e) | 0;
  state[5] = (state[5]! + f) | 0;
  state[6] = (state[6]! + g) | 0;
  state[7] = (state[7]! + h) | 0;
}

/**
 * Returns (suffix, out?, length?) ↦ SHA-256(prefix ‖ suffix[0..length)), written
 * into `out` (32 bytes, allocated when omitted) so hot loops can avoid
 * allocating; `length` (default: all of suffix) lets them reuse one buffer.
 */
export function sha256WithPrefix(
  prefix: Uint8Array,
): (suffix: Uint8Array, out?: Uint8Array, length?: number) => Uint8Array {
  const w = new Int32Array(64);
  const mid = Int32Array.from(IV);
  const full = prefix.length - (prefix.length % 64);
  for (let off = 0; off < full; off += 64) compress(mid, prefix, off, w);
  const tail = prefix.subarray(full);
  // The prefix tail stays at the start of the scratch block across calls (it is
  // never overwritten), so each call copies only the suffix.
  let scratch = new Uint8Array(128);
  scratch.set(tail, 0);
  const t = tail.length;
  const state = new Int32Array(8);
  return (suffix, out = new Uint8Array(32), length = suffix.length) => {
    const len = t + length;
    const end = (Math.floor((len + 8) / 64) + 1) * 64;
    if (scratch.length < end) {
      scratch = new Uint8Array(end);
      scratch.set(tail, 0);
    }
    const buf = scratch;
    for (let i = 0; i < length; i++) buf[t + i] = suffix[i]!;
    buf.fill(0, len, end);
    buf[len] = 0x80;
    const bits = (prefix.length + length) * 8;
    buf[end - 1] = bits & 255;
    buf[end - 2] = (bits >>> 8) & 255;
    buf[end - 3] = (bits >>> 16) & 255;
    buf[end - 4] = (bits >>> 24) & 255;
    buf[end - 5] = Math.floor(bits / 2 ** 32) & 255;
    state.set(mid);
    for (let off = 0; off < end; off += 64) compress(state, buf, off, w);
    for (let i = 0; i < 8; i++) {
      const v = state[i]!;
      out[4 * i] = v >>> 24;
      out[4 * i + 1] = (v >>> 16) & 255;
      out[4 * i + 2] = (v >>> 8) & 255;
      out[4 * i + 3] = v & 255;
    }
    return out;
  };
}

const emptyPrefixHasher = sha256WithPrefix(new Uint8Array(0));

/**
 * Plain one-shot SHA-256 on the same code (an empty prefix): a synchronous backend for
 * `setSha256Backend` where node:crypto is absent (the portal's Web Worker). WebCrypto's
 * digest is asynchronous, and this avoids a hasher object per call.
 */
export function jsSha256(data: Uint8Array): Uint8Array {
  return emptyPrefixHasher(data);
}
