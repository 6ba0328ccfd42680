/**
 * Password hashing with node:crypto's scrypt: no native dependency to build (argon2 would need
 * one), and memory-hard, so guessing on GPUs/ASICs costs memory as well as time.
 *
 * Parameters: N = 2^15, r = 8, p = 1 — 128·N·r = 32 MiB of memory and roughly 50–100 ms per
 * hash on one core, OWASP's recommended minimum for scrypt. Each stored hash carries its own
 * parameters (`scrypt$N$r$p$salt$hash`, salt and hash base64url), so raising them later
 * leaves existing passwords verifiable.
 */
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto";
import { Invalid } from "../errors.js";

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
export const MIN_PASSWORD_LENGTH = 10;

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  // maxmem above 128·N·r so the default 32 MiB cap does not refuse N = 2^15 exactly.
  const options: ScryptOptions = { N: n, r, p, maxmem: 256 * n * r * p };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export function checkPasswordRules(password: string, field = "password") {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new Invalid(`a password has at least ${MIN_PASSWORD_LENGTH} characters`, [
      { field, reason: `at least ${MIN_PASSWORD_LENGTH} characters` },
    ]);
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

/** Constant-time check of `password` against a stored hash; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [n, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4] ?? "", "base64url");
  const expected = Buffer.from(parts[5] ?? "", "base64url");
  if (!(n > 1 && r > 0 && p > 0) || expected.length !== KEY_LENGTH) return false;
  const actual = await scryptAsync(password, salt, n, r, p);
  return timingSafeEqual(actual, expected);
}

/**
 * A hash of a password nobody knows, computed once: sign-in for an unknown login verifies
 * against it so that it costs the same time as a real account's wrong password.
 */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(16).toString("base64url"));
  return dummy;
}

/** A one-time password people can type: 16 characters from an alphabet without look-alikes. */
export function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  // 256 is not a multiple of the alphabet size (55); rejecting the bytes above its largest
  // multiple keeps every character equally likely.
  const limit = 256 - (256 % alphabet.length);
  const out: string[] = [];
  while (out.length < 16) {
    for (const b of randomBytes(32)) {
      if (b < limit && out.length < 16) out.push(alphabet[b % alphabet.length] as string);
    }
  }
  return out.join("");
}
