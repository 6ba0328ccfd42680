/**
 * Submits a log's newest checkpoint to every configured witness over tlog-witness
 * (`POST <url>/add-checkpoint`), in parallel, outside any transaction, and stores the
 * cosignatures that verify against the configured witness key. A witness that is down, slow
 * or refuses is recorded (ledger_witness_states.last_error) and reported to the caller; it
 * never fails the caller's other work.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Config } from "../config.js";
import { queryRows } from "../db/rows.js";
import type { Db } from "../db/types.js";
import { fromHex } from "../draw-engine/bytes.js";
import {
  formatAddCheckpointRequest,
  interpretAddCheckpointResponse,
  verifyCosignature,
} from "./c2sp/index.js";
import { type CheckpointRow, checkpointBody, findCheckpoint } from "./checkpoints.js";
import { ledgerCosignatures, ledgerWitnessStates } from "./checkpoints.schema.js";
import { consistencyProof } from "./tree.js";
import type { WitnessConfig } from "./witness-config.js";

export type WitnessSettings = Pick<Config, "WITNESSES" | "WITNESS_TIMEOUT_MS">;

export interface WitnessOutcome {
  witness: string;
  size: number;
  ok: boolean;
  /** The witness had cosigned a size other than the one remembered here (409) and was caught up. */
  caughtUpFrom?: number;
  error?: string;
}

type FetchFn = typeof fetch;

/** Error messages stored and served are kept short; a witness's body may be anything. */
const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

async function rememberedSize(db: Db, origin: string, witness: string): Promise<number> {
  const [row] = await db
    .select({ size: ledgerWitnessStates.cosignedSize })
    .from(ledgerWitnessStates)
    .where(and(eq(ledgerWitnessStates.origin, origin), eq(ledgerWitnessStates.witnessName, witness)));
  return row?.size ?? 0;
}

async function saveState(
  db: Db,
  cp: CheckpointRow,
  witness: string,
  change: { cosignedSize?: number; error?: string | null },
) {
  const now = new Date();
  const set: Partial<typeof ledgerWitnessStates.$inferInsert> = {
    updatedAt: now,
    departmentId: cp.departmentId,
  };
  if (change.cosignedSize !== undefined) set.cosignedSize = change.cosignedSize;
  if (change.error === null) set.lastSuccessAt = now;
  if (change.error) {
    set.lastError = change.error;
    set.lastErrorAt = now;
  }
  await db
    .insert(ledgerWitnessStates)
    .values({ origin: cp.origin, witnessName: witness, departmentId: cp.departmentId, ...set })
    .onConflictDoUpdate({ target: [ledgerWitnessStates.origin, ledgerWitnessStates.witnessName], set });
}

/** Keeps the lines of a 200 answer that are valid cosignatures by this witness's key. */
function validCosignatures(lines: string[], checkpointText: string, w: WitnessConfig) {
  const valid: { line: string; timestamp: number }[] = [];
  for (const line of lines) {
    const r = verifyCosignature(checkpointText, line, w.key);
    if (r.ok && r.timestamp !== undefined)
      valid.push({ line: line.replace(/\n$/, ""), timestamp: r.timestamp });
  }
  return valid;
}

async function storeCosignature(
  db: Db,
  cp: CheckpointRow,
  w: WitnessConfig,
  sig: { line: string; timestamp: number },
) {
  await db
    .insert(ledgerCosignatures)
    .values({
      departmentId: cp.departmentId,
      treeSize: cp.treeSize,
      witnessName: w.name,
      keyHash: w.keyHash,
      timestamp: sig.timestamp,
      signatureLine: sig.line,
    })
    .onConflictDoUpdate({
      target: [
        ledgerCosignatures.departmentId,
        ledgerCosignatures.treeSize,
        ledgerCosignatures.witnessName,
        ledgerCosignatures.keyHash,
      ],
      set: { timestamp: sig.timestamp, signatureLine: sig.line, receivedAt: new Date() },
      setWhere: sql`${ledgerCosignatures.timestamp} <= ${sig.timestamp}`,
    });
}

async function postCheckpoint(
  db: Db,
  cp: CheckpointRow,
  w: WitnessConfig,
  oldSize: number,
  settings: WitnessSettings,
  fetchFn: FetchFn,
) {
  const proof =
    oldSize === 0
      ? []
      : (await consistencyProof(db, cp.departmentId, { from: oldSize, to: cp.treeSize })).proof.map((h) =>
          fromHex(h, 32),
        );
  const body = formatAddCheckpointRequest({ oldSize, consistencyProof: proof, checkpointNote: cp.note });
  const send = () =>
    fetchFn(`${w.url}/add-checkpoint`, {
      method: "POST",
      headers: { "content-type": "text/plain; charset=utf-8" },
      body,
      signal: AbortSignal.timeout(settings.WITNESS_TIMEOUT_MS),
    });
  let res: Response;
  try {
    res = await send();
  } catch (err) {
    // A kept-alive connection the witness closed (it restarted) fails at once: send again on a
    // fresh one. Harmless even if the first request got through: the witness then answers 409.
    if (!isStaleSocket(err)) throw err;
    res = await send();
  }
  return { status: res.status, text: await res.text() };
}

function isStaleSocket(err: unknown): boolean {
  const code = (err as { cause?: { code?: string } }).cause?.code;
  return code === "UND_ERR_SOCKET" || code === "ECONNRESET" || code === "EPIPE";
}

/** "fetch failed" says nothing; its cause names the refused connection or the reset socket. */
function describeFailure(e: Error, settings: WitnessSettings): string {
  if (e.name === "TimeoutError") return `no answer within ${settings.WITNESS_TIMEOUT_MS} ms`;
  const cause = (e as { cause?: { message?: string; code?: string } }).cause;
  return cause?.message ? `${e.message}: ${cause.message}` : e.message;
}

/** One witness: add-checkpoint from the remembered size; on 409, once more from the witness's size. */
export async function submitToWitness(
  db: Db,
  cp: CheckpointRow,
  w: WitnessConfig,
  settings: WitnessSettings,
  fetchFn: FetchFn = fetch,
): Promise<WitnessOutcome> {
  const outcome: WitnessOutcome = { witness: w.name, size: cp.treeSize, ok: false };
  try {
    let oldSize = await rememberedSize(db, cp.origin, w.name);
    if (oldSize > cp.treeSize) oldSize = 0; // a state from another history: ask the witness (409) for its size
    for (let attempt = 0; ; attempt++) {
      const res = await postCheckpoint(db, cp, w, oldSize, settings, fetchFn);
      const answer = interpretAddCheckpointResponse(res.status, res.text);
      if (answer.kind === "cosigned") {
        const sigs = validCosignatures(answer.lines, checkpointBody(cp.note), w);
        if (sigs.length === 0)
          throw new Error(`answered 200 without a valid cosignature by ${w.verifierKey}`);
        for (const sig of sigs) await storeCosignature(db, cp, w, sig);
        await saveState(db, cp, w.name, { cosignedSize: cp.treeSize, error: null });
        outcome.ok = true;
        return outcome;
      }
      if (answer.kind === "conflict" && attempt === 0) {
        if (answer.size > cp.treeSize) {
          // The witness cosigned a bigger tree of this origin than this checkpoint: either a
          // newer head signed meanwhile got there first, or someone showed it another history.
          await saveState(db, cp, w.name, { cosignedSize: answer.size });
          throw new Error(
            `the witness has cosigned size ${answer.size}, larger than this checkpoint (${cp.treeSize})`,
          );
        }
        outcome.caughtUpFrom = answer.size;
        oldSize = answer.size;
        continue;
      }
      throw new Error(`add-checkpoint answered ${res.status}: ${clip(res.text.trim())}`);
    }
  } catch (err) {
    outcome.error = clip(describeFailure(err as Error, settings));
    await saveState(db, cp, w.name, { error: outcome.error }).catch(() => undefined);
    return outcome;
  }
}

/**
 * Submits the department's newest checkpoint to every configured witness, in parallel (with
 * `onlyBehind`, only to those that have not cosigned it: a witness that already has keeps its
 * cosignature as it is). Resolves with one outcome per witness asked; never rejects for a
 * witness's failure.
 */
export async function submitCheckpoint(
  db: Db,
  settings: WitnessSettings,
  departmentId: string,
  opts: { onlyBehind?: boolean; fetch?: FetchFn } = {},
): Promise<WitnessOutcome[]> {
  if (settings.WITNESSES.length === 0) return [];
  const cp = await findCheckpoint(db, departmentId);
  if (!cp) return [];
  let targets = settings.WITNESSES;
  if (opts.onlyBehind) {
    const states = await db
      .select()
      .from(ledgerWitnessStates)
      .where(eq(ledgerWitnessStates.origin, cp.origin));
    const cosigned = (name: string) =>
      (states.find((s) => s.witnessName === name)?.cosignedSize ?? 0) >= cp.treeSize;
    targets = targets.filter((w) => !cosigned(w.name));
  }
  return Promise.all(targets.map((w) => submitToWitness(db, cp, w, settings, opts.fetch)));
}

/**
 * Departments whose newest checkpoint not every configured witness has cosigned (a witness was
 * down or refused): the job submits them again, so a witness that comes back catches up.
 */
export async function logsBehindWitnesses(db: Db, settings: Pick<Config, "WITNESSES">): Promise<string[]> {
  if (settings.WITNESSES.length === 0) return [];
  const names = settings.WITNESSES.map((w) => w.name);
  const rows = await queryRows<{ department_id: string }>(
    db,
    sql`select c.department_id from (
          select distinct on (department_id) department_id, tree_size, origin
          from ledger_checkpoints order by department_id, tree_size desc) c
        where (select count(*) from ledger_witness_states s
               where s.origin = c.origin and s.cosigned_size >= c.tree_size
                 and s.witness_name in (${sql.join(
                   names.map((n) => sql`${n}`),
                   sql`, `,
                 )})) < ${names.length}::int`,
  );
  return rows.map((r) => r.department_id);
}

/** The configured witnesses with what the service knows of each one's view of this log. */
export async function witnessStatus(db: Db, settings: Pick<Config, "WITNESSES">, origin: string) {
  const rows = await db.select().from(ledgerWitnessStates).where(eq(ledgerWitnessStates.origin, origin));
  return settings.WITNESSES.map((w) => {
    const s = rows.find((r) => r.witnessName === w.name);
    return {
      name: w.name,
      verifierKey: w.verifierKey,
      url: w.url,
      cosignedSize: s?.cosignedSize ?? null,
      lastSuccessAt: s?.lastSuccessAt?.toISOString() ?? null,
      lastError: s?.lastError ?? null,
      lastErrorAt: s?.lastErrorAt?.toISOString() ?? null,
    };
  });
}
