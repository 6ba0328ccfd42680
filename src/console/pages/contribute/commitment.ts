/**
 * The contributor's nonce and commitment, made in the browser with WebCrypto only
 * (docs/draw-spec.md §1, §8.2): nonce = 32 bytes from crypto.getRandomValues;
 * commitment = SHA-256(lp(T_contrib) ‖ lp(nonce)) with lp(x) = u32be(len(x)) ‖ x and
 * T_contrib = "sortes-draw/v1/contributor-commit". test/console/contributor-commitment.test.ts
 * checks it against the draw engine's contributorCommitment.
 */

export const CONTRIBUTOR_TAG = "sortes-draw/v1/contributor-commit";
export const NONCE_BYTES = 32;
/** Format tag of the file the contributor keeps until the reveal. */
export const NONCE_FILE_FORMAT = "sortes-contributor-nonce/1";

function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length, false);
  out.set(bytes, 4);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export function fromHex(hex: string): Uint8Array {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new Error("not lower-case hex");
  return Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
}

/** WebCrypto, or a clear refusal (it exists only in secure contexts: HTTPS or localhost). */
function webCrypto(): Crypto {
  if (!globalThis.crypto?.subtle) {
    throw new Error("WebCrypto is not available: open this page over HTTPS (or on localhost)");
  }
  return globalThis.crypto;
}

export function newNonce(): Uint8Array {
  return webCrypto().getRandomValues(new Uint8Array(NONCE_BYTES));
}

/** H(T_contrib, nonce) as lower-case hex. */
export async function contributorCommitmentHex(nonce: Uint8Array): Promise<string> {
  if (nonce.length < NONCE_BYTES) throw new Error(`the nonce must be at least ${NONCE_BYTES} bytes`);
  const tag = lengthPrefixed(new TextEncoder().encode(CONTRIBUTOR_TAG));
  const part = lengthPrefixed(nonce);
  const message = new Uint8Array(tag.length + part.length);
  message.set(tag, 0);
  message.set(part, tag.length);
  return toHex(new Uint8Array(await webCrypto().subtle.digest("SHA-256", message)));
}

export interface NonceFile {
  format: typeof NONCE_FILE_FORMAT;
  roundId: string;
  roundTitle: string;
  name: string;
  nonce: string;
  commitment: string;
  createdAt: string;
}

/** Reads a saved nonce file and checks that its nonce still hashes to its commitment. */
export async function readNonceFile(text: string): Promise<NonceFile> {
  let parsed: Partial<NonceFile>;
  try {
    parsed = JSON.parse(text) as Partial<NonceFile>;
  } catch {
    throw new Error("the file is not a Sortes nonce file (not JSON)");
  }
  if (parsed.format !== NONCE_FILE_FORMAT || typeof parsed.nonce !== "string") {
    throw new Error("the file is not a Sortes nonce file");
  }
  const commitment = await contributorCommitmentHex(fromHex(parsed.nonce));
  if (commitment !== parsed.commitment)
    throw new Error("the file is damaged: its nonce does not match its commitment");
  return parsed as NonceFile;
}
