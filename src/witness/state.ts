/**
 * The witness's memory: for each log origin, the latest checkpoint it cosigned. One JSON file,
 * replaced atomically (write a temporary file, fsync it, rename it over the old one, fsync the
 * folder) so a crash leaves either the old or the new state, never a mix and never nothing.
 * Forgetting a size would let a log roll its history back past this witness, so a state file
 * that exists but cannot be read stops the witness instead of starting it empty.
 *
 * Evidence of log misbehaviour (two checkpoints the log signed that cannot both be true) goes
 * to a folder next to the state file, one JSON file per incident, written the same way.
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, writeSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

export const STATE_FORMAT = "sortes-witness-state/v1";

export interface LogRecord {
  size: number;
  /** Base64 root hash, as in the checkpoint. */
  rootHash: string;
  /** The checkpoint as cosigned: text, the log signatures verified, this witness's cosignature. */
  note: string;
  /** POSIX seconds of the cosignature. */
  cosignedAt: number;
}

export interface StateFile {
  format: typeof STATE_FORMAT;
  logs: Record<string, LogRecord>;
}

export type EvidenceKind = "fork" | "inconsistent";

/** Two signed checkpoints of one log that contradict each other (or a larger one without a valid proof). */
export interface Evidence {
  kind: EvidenceKind;
  origin: string;
  detectedAt: string;
  reason: string;
  remembered: { size: number; rootHash: string; note: string };
  submitted: { size: number; rootHash: string; note: string; oldSize: number; consistencyProof: string[] };
}

/** Writes `data` to `path` atomically and durably. Synchronous on purpose: it is short and must not interleave. */
export function writeFileAtomic(path: string, data: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dir = openSync(dirname(path), "r");
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Some platforms cannot fsync a folder; the rename itself is still atomic there.
  }
}

function readState(path: string): StateFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { format: STATE_FORMAT, logs: {} };
    throw e;
  }
  let parsed: StateFile;
  try {
    parsed = JSON.parse(text) as StateFile;
  } catch {
    throw new Error(`witness state ${path} is not valid JSON; refusing to start with a forgotten state`);
  }
  if (parsed?.format !== STATE_FORMAT || typeof parsed.logs !== "object" || parsed.logs === null) {
    throw new Error(
      `witness state ${path} is not a ${STATE_FORMAT} file; refusing to start with a forgotten state`,
    );
  }
  for (const [origin, r] of Object.entries(parsed.logs)) {
    if (
      !Number.isSafeInteger(r?.size) ||
      r.size < 0 ||
      typeof r.rootHash !== "string" ||
      typeof r.note !== "string"
    ) {
      throw new Error(`witness state ${path}: the record of ${origin} is damaged; refusing to start`);
    }
  }
  return parsed;
}

export class WitnessStore {
  private current: StateFile;
  private writes: Promise<unknown> = Promise.resolve();
  readonly evidenceDir: string;

  constructor(readonly path: string) {
    this.current = readState(path);
    this.evidenceDir = `${path}.evidence`;
  }

  get(origin: string): LogRecord | undefined {
    return this.current.logs[origin];
  }

  origins(): string[] {
    return Object.keys(this.current.logs);
  }

  /**
   * Persists a new record for `origin`; resolves once it is on disk. Writes run one after the
   * other and each starts from the state left by the previous one, so concurrent updates of
   * different origins never undo each other. The in-memory state changes only after the write.
   */
  put(origin: string, record: LogRecord): Promise<void> {
    const run = this.writes.then(() => {
      const next: StateFile = { format: STATE_FORMAT, logs: { ...this.current.logs, [origin]: record } };
      writeFileAtomic(this.path, `${JSON.stringify(next, null, 2)}\n`);
      this.current = next;
    });
    this.writes = run.catch(() => undefined);
    return run;
  }

  /**
   * Keeps one evidence record; the same contradiction submitted again is not written twice.
   * Returns the file holding it.
   */
  async recordEvidence(e: Evidence): Promise<string> {
    const key = evidenceKey(e);
    const seen = this.seenEvidence().get(key);
    if (seen) return seen;
    await mkdir(this.evidenceDir, { recursive: true });
    const stamp = e.detectedAt.replace(/[:.]/g, "-");
    const file = join(
      this.evidenceDir,
      `${stamp}-${e.kind}-${e.submitted.size}-${process.hrtime.bigint()}.json`,
    );
    writeFileAtomic(file, `${JSON.stringify(e, null, 2)}\n`);
    this.seenEvidence().set(key, file);
    return file;
  }

  private seen: Map<string, string> | undefined;
  private seenEvidence(): Map<string, string> {
    if (!this.seen) {
      this.seen = new Map();
      for (const { file, evidence } of readEvidenceFiles(this.evidenceDir))
        this.seen.set(evidenceKey(evidence), file);
    }
    return this.seen;
  }

  /** Every evidence record kept so far, oldest first. */
  listEvidence(): Evidence[] {
    return readEvidence(this.evidenceDir);
  }
}

function evidenceKey(e: Evidence): string {
  return JSON.stringify([
    e.kind,
    e.origin,
    e.remembered.size,
    e.remembered.rootHash,
    e.submitted.size,
    e.submitted.rootHash,
  ]);
}

export function readEvidence(dir: string): Evidence[] {
  return readEvidenceFiles(dir).map((f) => f.evidence);
}

function readEvidenceFiles(dir: string): { file: string; evidence: Evidence }[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json") && !n.startsWith("."));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  return names.sort().map((n) => ({
    file: join(dir, n),
    evidence: JSON.parse(readFileSync(join(dir, n), "utf8")) as Evidence,
  }));
}
