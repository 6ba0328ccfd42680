/**
 * Live progress of one roster import: rows and bytes read, and which phase it is in. Reported
 * on every phase change, every 10 000 rows while reading, and — by a heartbeat — at least
 * once a second for as long as the import runs, so a console polling the job never sees it
 * stall, even through the database-only phases (duplicate check, index builds) that read no
 * rows.
 */

/**
 * - reading: decoding, validating and loading the file's rows (most of the time);
 * - checking: the duplicate-key check (a unique index build over the loaded rows);
 * - writing: the roster write (an upsert merges in place);
 * - indexing: a replace builds the new roster's indexes, foreign key and statistics;
 * - swapping: the new roster replaces the old one (a lock held for milliseconds).
 */
export const IMPORT_PHASES = ["reading", "checking", "writing", "indexing", "swapping"] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

export interface ImportProgressReport {
  rows: number;
  bytes: number;
  phase: ImportPhase;
}

/** Reports at least this often while the import runs. */
export const HEARTBEAT_MS = 1000;
/** …and every this many rows while reading. */
const ROWS_STEP = 10_000;

export class ImportProgress {
  rows = 0;
  bytes = 0;
  phase: ImportPhase = "reading";
  private reportedRows = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly onProgress?: (p: ImportProgressReport) => void) {
    if (onProgress) {
      this.timer = setInterval(() => this.report(), HEARTBEAT_MS);
      this.timer.unref?.();
    }
  }

  /** Called as rows are read (cheap: reports only every ROWS_STEP rows). */
  read(rows: number, bytes: number): void {
    this.rows = rows;
    this.bytes = bytes;
    if (rows - this.reportedRows >= ROWS_STEP) this.report();
  }

  enter(phase: ImportPhase): void {
    if (phase === this.phase) return;
    this.phase = phase;
    this.report();
  }

  report(): void {
    this.reportedRows = this.rows;
    this.onProgress?.({ rows: this.rows, bytes: this.bytes, phase: this.phase });
  }

  /** The final report; stops the heartbeat. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.report();
  }
}
