/**
 * A tlog-witness (c2sp.org/tlog-witness): remembers, per log origin, the latest checkpoint it
 * cosigned, and cosigns a new one only when the log signed it and a consistency proof shows
 * it extends the remembered tree. Answers follow the spec's status codes (see
 * witness-protocol.ts). The check of the remembered size and the write of the new state
 * happen under one lock per origin, and the new state is on disk before any cosignature
 * leaves, so two racing requests can never roll the witness's view back.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { equalBytes } from "../draw-engine/bytes.js";
import { merkleEmptyRoot, verifyMerkleConsistency } from "../draw-engine/merkle.js";
import {
  AddCheckpointStatus,
  type Checkpoint,
  conflictResponse,
  cosignCheckpoint,
  cosignedResponse,
  errorResponse,
  formatCosignatureVerifierKey,
  NoteError,
  openNote,
  parseAddCheckpointRequest,
  parseCheckpoint,
  parseNote,
  SIG_TYPE_ED25519,
  toBase64,
  tryFromBase64,
  type VerifierKey,
  WitnessProtocolError,
  type WitnessResponse,
} from "../ledger/c2sp/index.js";
import type { EvidenceKind, LogRecord, WitnessStore } from "./state.js";

export interface WitnessOptions {
  /** The witness's key name (cosignature line name), e.g. notary.example.cn/witness. */
  name: string;
  /** 32-byte Ed25519 seed of the cosigning key. */
  secretKey: Uint8Array;
  /** Known logs: origin → the log's note verifier keys (type 0x01). */
  logs: Map<string, VerifierKey[]>;
  store: WitnessStore;
  /** POSIX seconds; injectable for tests. */
  now?: () => number;
  /** Told about refusals and evidence (the server logs them). */
  onEvent?: (e: { level: "info" | "warn"; message: string }) => void;
}

export class Witness {
  private readonly locks = new Map<string, Promise<unknown>>();
  readonly verifierKey: string;

  constructor(private readonly o: WitnessOptions) {
    for (const [origin, keys] of o.logs) {
      for (const k of keys) {
        if (k.alg !== SIG_TYPE_ED25519)
          throw new Error(`log key for ${origin} must be an Ed25519 note key (type 0x01)`);
      }
    }
    this.verifierKey = formatCosignatureVerifierKey(o.name, ed25519.getPublicKey(o.secretKey));
  }

  get name(): string {
    return this.o.name;
  }

  knownOrigins(): string[] {
    return [...this.o.logs.keys()];
  }

  /** The latest cosigned checkpoint note of an origin (monitoring API), if any. */
  latest(origin: string): LogRecord | undefined {
    return this.o.store.get(origin);
  }

  /** Handles one add-checkpoint request body; never throws for a bad request. */
  async addCheckpoint(body: string): Promise<WitnessResponse> {
    let req: ReturnType<typeof parseAddCheckpointRequest>;
    let checkpoint: Checkpoint;
    let text: string;
    try {
      req = parseAddCheckpointRequest(body);
      text = parseNote(req.checkpointNote).text;
      checkpoint = parseCheckpoint(text);
    } catch (e) {
      if (e instanceof WitnessProtocolError || e instanceof NoteError) return this.refuse(400, e.message);
      throw e;
    }
    const keys = this.o.logs.get(checkpoint.origin);
    if (!keys)
      return this.refuse(AddCheckpointStatus.unknownOrigin, `unknown log origin ${checkpoint.origin}`);
    let logLines: string[];
    try {
      logLines = openNote(req.checkpointNote, keys).verified.map((v) => v.line);
    } catch (e) {
      if (e instanceof NoteError) return this.refuse(AddCheckpointStatus.forbidden, e.message);
      throw e;
    }
    if (req.oldSize > checkpoint.size) {
      return this.refuse(
        400,
        `old size ${req.oldSize} is larger than the checkpoint size ${checkpoint.size}`,
      );
    }
    return this.withLock(checkpoint.origin, () => this.decide(req, checkpoint, text, logLines));
  }

  private async decide(
    req: ReturnType<typeof parseAddCheckpointRequest>,
    c: Checkpoint,
    text: string,
    logLines: string[],
  ): Promise<WitnessResponse> {
    const rec = this.o.store.get(c.origin);
    const known = rec ? { size: rec.size, root: tryFromBase64(rec.rootHash) as Uint8Array } : null;
    const evidence = async (kind: EvidenceKind, reason: string) => {
      if (!rec) return;
      const file = await this.o.store.recordEvidence({
        kind,
        origin: c.origin,
        detectedAt: new Date().toISOString(),
        reason,
        remembered: { size: rec.size, rootHash: rec.rootHash, note: rec.note },
        submitted: {
          size: c.size,
          rootHash: toBase64(c.rootHash),
          note: req.checkpointNote,
          oldSize: req.oldSize,
          consistencyProof: req.consistencyProof.map(toBase64),
        },
      });
      this.o.onEvent?.({ level: "warn", message: `${c.origin}: ${reason}; evidence kept in ${file}` });
    };
    // Same size, another root: the log signed two different trees of one size. That is proof
    // of a fork on its own, whatever `old` the client claims, so it is kept before anything else.
    if (known && c.size === known.size && !equalBytes(c.rootHash, known.root)) {
      await evidence("fork", `fork: the log signed two different roots for size ${c.size}`);
      if (req.oldSize !== known.size) return conflictResponse(known.size);
      return this.refuse(422, `checkpoint of size ${c.size} has another root than the one cosigned before`);
    }
    const rememberedSize = known?.size ?? 0;
    if (req.oldSize !== rememberedSize) return this.refuse409(c.origin, rememberedSize, req.oldSize);
    if (c.size === 0 && !equalBytes(c.rootHash, merkleEmptyRoot())) {
      return this.refuse(422, "a checkpoint of size 0 must carry the root of the empty tree");
    }
    if (req.oldSize === 0) {
      if (req.consistencyProof.length > 0)
        return this.refuse(422, "old size 0 takes an empty consistency proof");
    } else if (
      !verifyMerkleConsistency({
        firstSize: req.oldSize,
        secondSize: c.size,
        firstRoot: (known as { root: Uint8Array }).root,
        secondRoot: c.rootHash,
        proof: req.consistencyProof,
      })
    ) {
      if (c.size > req.oldSize) {
        await evidence(
          "inconsistent",
          `the log signed size ${c.size} but the consistency proof from the cosigned size ${req.oldSize} does not verify`,
        );
      }
      return this.refuse(422, `consistency proof from size ${req.oldSize} to ${c.size} does not verify`);
    }
    const now = (this.o.now ?? (() => Math.floor(Date.now() / 1000)))();
    const line = cosignCheckpoint(text, { name: this.o.name, secretKey: this.o.secretKey }, now);
    await this.o.store.put(c.origin, {
      size: c.size,
      rootHash: toBase64(c.rootHash),
      note: `${text}\n${logLines.join("")}${line}`,
      cosignedAt: now,
    });
    return cosignedResponse([line]);
  }

  private refuse409(origin: string, size: number, old: number): WitnessResponse {
    this.o.onEvent?.({
      level: "info",
      message: `${origin}: old size ${old} is not the cosigned size ${size} (409)`,
    });
    return conflictResponse(size);
  }

  private refuse(status: number, message: string): WitnessResponse {
    this.o.onEvent?.({ level: "info", message: `refused (${status}): ${message}` });
    return errorResponse(status, message);
  }

  /** Runs `fn` after every earlier call for the same origin has finished. */
  private withLock<T>(origin: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(origin) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(origin, tail);
    void tail.then(() => {
      if (this.locks.get(origin) === tail) this.locks.delete(origin);
    });
    return run;
  }
}
