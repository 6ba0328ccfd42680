/**
 * A small RFC 6962 log for witness tests: leaf hashes built with the draw engine's Merkle
 * functions, checkpoints signed with a fixed Ed25519 key (key name = origin). `fork(at)`
 * gives a log that shares the first `at` leaves and then diverges, signed by the same key:
 * the split view a dishonest server would show one witness.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { sha256 } from "@noble/hashes/sha2.js";
import {
  merkleConsistencyProof,
  merkleLeafHash,
  merkleRootFromLeafHashes,
} from "../../src/draw-engine/merkle.js";
import {
  formatAddCheckpointRequest,
  formatVerifierKey,
  signCheckpoint,
} from "../../src/ledger/c2sp/index.js";

export class TestLog {
  readonly leafHashes: Uint8Array[] = [];

  constructor(
    readonly origin: string,
    readonly secretKey: Uint8Array,
    private readonly salt = "honest",
  ) {}

  static create(origin: string, seedByte = 1): TestLog {
    return new TestLog(origin, new Uint8Array(32).fill(seedByte));
  }

  get verifierKey(): string {
    return formatVerifierKey(this.origin, ed25519.getPublicKey(this.secretKey));
  }

  get size(): number {
    return this.leafHashes.length;
  }

  append(n: number): this {
    for (let i = 0; i < n; i++) {
      const leaf = new TextEncoder().encode(`${this.salt} entry ${this.leafHashes.length}`);
      this.leafHashes.push(merkleLeafHash(sha256(leaf)));
    }
    return this;
  }

  /** Same key and origin, same first `at` leaves, then other entries. */
  fork(at: number): TestLog {
    const other = new TestLog(this.origin, this.secretKey, "forked");
    other.leafHashes.push(...this.leafHashes.slice(0, at));
    return other;
  }

  root(size = this.size): Uint8Array {
    return merkleRootFromLeafHashes(this.leafHashes.slice(0, size));
  }

  checkpoint(size = this.size): string {
    return signCheckpoint(
      { origin: this.origin, size, rootHash: this.root(size) },
      { secretKey: this.secretKey },
    );
  }

  proof(oldSize: number, size = this.size): Uint8Array[] {
    return merkleConsistencyProof(this.leafHashes.slice(0, size), oldSize);
  }

  /** An add-checkpoint body from `oldSize` to the current (or given) size, with a valid proof. */
  request(oldSize: number, size = this.size): string {
    return formatAddCheckpointRequest({
      oldSize,
      consistencyProof: oldSize === 0 ? [] : this.proof(oldSize, size),
      checkpointNote: this.checkpoint(size),
    });
  }
}

export async function post(
  url: string,
  body: string,
): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(`${url}/add-checkpoint`, { method: "POST", body });
  return { status: res.status, type: res.headers.get("content-type") ?? "", body: await res.text() };
}
