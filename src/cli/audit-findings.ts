/**
 * The findings half of `sortes audit`: every publication in the authenticated log (its newest
 * `publication` or `publication.correction` entry, unless taken down) must be served by
 * `/public/findings/{id}` with that entry's index and leaf hash and, unless retracted, exactly
 * the logged document (same SHA-256 of its canonical JSON; retracted: no content, and the
 * logged retraction's reason, date and explanation); the department's public search
 * must list no finding the log does not hold, each as logged. The first difference is named
 * down to the field (`content.description: expected "…", found "…"`).
 */
import { canonicalJson, sha256Hex } from "../ledger/canonical.js";
import { AuditFailure, type Fetch, getJson, type LoggedEntry } from "./audit-ledger.js";

const PUBLISHED = new Set(["publication", "publication.correction"]);

interface Served {
  findingId: string;
  round: { id: string };
  ledger: { index: number; leafHash: string };
  retraction: unknown;
  content: unknown;
}

/** The first path where two JSON values differ, with both values (short). */
export function firstDifference(expected: unknown, found: unknown, path = "content"): string | null {
  if (canonicalJson(expected ?? null) === canonicalJson(found ?? null)) return null;
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
  if (isObj(expected) && isObj(found) && Array.isArray(expected) === Array.isArray(found)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(found)])].sort();
    for (const k of keys) {
      const d = firstDifference(expected[k], found[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  const short = (v: unknown) => {
    const t = v === undefined ? "absent" : JSON.stringify(v);
    return t.length > 120 ? `${t.slice(0, 117)}…` : t;
  };
  return `${path}: expected ${short(expected)}, found ${short(found)}`;
}

/** What a served retraction shows must be what its `publication.retraction` entry logged. */
function compareRetraction(
  findingId: string,
  served: Record<string, unknown>,
  logged: LoggedEntry | undefined,
) {
  const at = `finding ${findingId}, retractions`;
  if (!logged || logged.content === null)
    throw new AuditFailure(`${at}: shown as retracted, but the log holds no retraction of it`);
  const doc = logged.content as Record<string, unknown>;
  const shown = { reason: served.reason, revokedOn: served.revokedOn, explanation: served.explanation };
  const want = { reason: doc.reason, revokedOn: doc.revokedOn, explanation: doc.explanation };
  const d = firstDifference(want, shown, "retraction");
  if (d) throw new AuditFailure(`${at}, ledger entry ${logged.index}: ${d}`);
}

function compare(entry: LoggedEntry, served: Served, retraction?: LoggedEntry) {
  const at = `finding ${entry.leaf.artefactId}, publications`;
  if (served.ledger.index !== entry.index || served.ledger.leafHash !== entry.leafHash)
    throw new AuditFailure(
      `${at}: ledger reference — the log's newest entry is ${entry.index} (${entry.leafHash}), the service shows ${served.ledger.index} (${served.ledger.leafHash})`,
    );
  if (served.retraction) {
    if (served.content !== null) throw new AuditFailure(`${at}: retracted, yet content is shown`);
    compareRetraction(entry.leaf.artefactId, served.retraction as Record<string, unknown>, retraction);
    return;
  }
  if (sha256Hex(canonicalJson(served.content ?? null)) === entry.leaf.contentHash) return;
  const where =
    entry.content === null
      ? "content: differs from the content hash in the ledger"
      : firstDifference(entry.content, served.content);
  throw new AuditFailure(`${at}, ledger entry ${entry.index}: ${where}`);
}

/** Returns how many published documents were checked. */
export async function auditFindings(
  fetchFn: Fetch,
  base: string,
  log: LoggedEntry[],
  roundId?: string,
): Promise<number> {
  const newest = new Map<string, LoggedEntry>();
  const retracted = new Map<string, LoggedEntry>();
  for (const e of log) {
    if (PUBLISHED.has(e.leaf.kind)) newest.set(e.leaf.artefactId, e);
    if (e.leaf.kind === "publication.retraction") retracted.set(e.leaf.artefactId, e);
  }
  let checked = 0;
  let departmentCode: string | null = null;
  for (const entry of newest.values()) {
    if (entry.takenDown || entry.content === null) continue;
    const doc = entry.content as { round?: { id?: string }; department?: { code?: string } };
    if (roundId && doc.round?.id !== roundId) continue;
    departmentCode ??= doc.department?.code ?? null;
    const served = await getJson<Served>(fetchFn, `${base}/public/findings/${entry.leaf.artefactId}`);
    compare(entry, served, retracted.get(entry.leaf.artefactId));
    checked++;
  }
  if (departmentCode) {
    // The search must show nothing beyond the log, and what it shows must be as logged.
    const q = roundId ? `&round=${roundId}` : "";
    for (let offset = 0; ; offset += 200) {
      const page = await getJson<{ items: Served[] }>(
        fetchFn,
        `${base}/public/departments/${encodeURIComponent(departmentCode)}/findings?limit=200&offset=${offset}${q}`,
      );
      for (const item of page.items) {
        const entry = newest.get(item.findingId);
        if (!entry)
          throw new AuditFailure(
            `finding ${item.findingId}, publications: listed by the search but never logged`,
          );
        compare(entry, item, retracted.get(item.findingId));
      }
      if (page.items.length < 200) break;
    }
  }
  return checked;
}
