/**
 * Content-addressed evidence storage: DATA_DIR/evidence/ab/cdef… where abcdef… is the hex
 * SHA-256 of the bytes. The upload streams to a temporary file while hashing, so memory
 * stays flat and a file over the limit is cut off early; identical files are stored once.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { access, mkdir, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { Invalid, NotFound, PayloadTooLarge } from "../errors.js";

export interface StoredEvidence {
  sha256: string;
  size: number;
  /** Relative to DATA_DIR, forward slashes. */
  path: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

export const evidencePath = (sha256: string) => `evidence/${sha256.slice(0, 2)}/${sha256.slice(2)}`;

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export async function storeEvidence(
  dataDir: string,
  body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  limitBytes: number,
): Promise<StoredEvidence> {
  const tmpDir = join(dataDir, "evidence", "tmp");
  await mkdir(tmpDir, { recursive: true });
  const tmp = join(tmpDir, `${Date.now()}-${randomBytes(8).toString("hex")}`);
  const hash = createHash("sha256");
  // An explicit handle (not a lazily opened stream) so the temporary file is closed before
  // it is removed on failure: nothing can recreate it afterwards.
  const out = await open(tmp, "wx");
  let size = 0;
  let closed = false;
  try {
    for await (const chunk of body as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > limitBytes) throw new PayloadTooLarge(`evidence file exceeds ${limitBytes} bytes`);
      hash.update(chunk);
      await out.write(chunk);
    }
    await out.close();
    closed = true;
    if (size === 0) throw new Invalid("the evidence file is empty");
    const sha256 = hash.digest("hex");
    const path = evidencePath(sha256);
    const final = join(dataDir, path);
    await mkdir(join(dataDir, "evidence", sha256.slice(0, 2)), { recursive: true });
    if (await exists(final)) await rm(tmp, { force: true });
    else await rename(tmp, final);
    return { sha256, size, path };
  } catch (err) {
    if (!closed) await out.close();
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Streams a stored file; the hash is validated so no path can escape the store. */
export async function evidenceStream(dataDir: string, sha256: string): Promise<ReadableStream<Uint8Array>> {
  if (!HEX64.test(sha256)) throw new Invalid("not a lower-case hex SHA-256");
  const path = join(dataDir, evidencePath(sha256));
  if (!(await exists(path))) throw new NotFound(`evidence ${sha256} is not in the store`);
  return Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>;
}
