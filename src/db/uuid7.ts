/**
 * Time-ordered row ids (UUIDv7, RFC 9562 §5.7) for bulk inserts. Random UUIDs put each new
 * row on a random page of the primary-key index; v7 ids of one batch share their leading
 * 48-bit millisecond and rise with a counter, so a 600 000-row draw appends to the right
 * edge of the index. A batch uses RFC 9562 §6.2 method 1: a 26-bit counter in rand_a and
 * the top of rand_b (monotonic within the batch), then 48 random bits from one
 * randomBytes() call per batch. Written here rather than with the `uuid` package because
 * its v7 allocates a buffer and calls the RNG per id (≈200 MB of garbage for one draw).
 */
import { randomBytes } from "node:crypto";

const HEX = Uint16Array.from("0123456789abcdef", (c) => c.charCodeAt(0));
const DASH = 45;

/** `n` (≤ 2^26) UUIDv7 strings, ascending, with the current millisecond. */
export function uuidv7Batch(n: number, nowMs = Date.now()): string[] {
  if (n > 2 ** 26) throw new Error(`at most 2^26 ids per batch, asked for ${n}`);
  const random = randomBytes(6 * n);
  const bytes = new Uint8Array(16);
  // unix_ts_ms, 48 bits big-endian
  let ms = nowMs;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  const codes = new Uint16Array(36);
  const out: string[] = new Array(n);
  for (let k = 0; k < n; k++) {
    // ver 0111 ‖ counter bits 25..14 (rand_a), var 10 ‖ counter bits 13..0 (rand_b top), 48 random bits
    bytes[6] = 0x70 | ((k >>> 22) & 0x0f);
    bytes[7] = (k >>> 14) & 0xff;
    bytes[8] = 0x80 | ((k >>> 8) & 0x3f);
    bytes[9] = k & 0xff;
    for (let j = 0; j < 6; j++) bytes[10 + j] = random[6 * k + j]!;
    let c = 0;
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) codes[c++] = DASH;
      codes[c++] = HEX[bytes[i]! >> 4]!;
      codes[c++] = HEX[bytes[i]! & 15]!;
    }
    out[k] = String.fromCharCode.apply(null, codes as unknown as number[]);
  }
  return out;
}
