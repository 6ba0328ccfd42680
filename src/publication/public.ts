/**
 * Public reads of published findings. Every query joins the finding and requires
 * `involves_minor = false`, no decision not to publish and no take-down, as defence in depth:
 * approval already refuses those, but a public query must not depend on that alone.
 */
import { and, asc, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../db/types.js";
import { departmentByCode } from "../departments/departments.js";
import { IntegrityFailure, NotFound } from "../errors.js";
import { findings } from "../findings/schema.js";
import { canonicalJson, type LedgerLeaf, leafHashHex, sha256Hex } from "../ledger/canonical.js";
import { ledgerEntries } from "../ledger/schema.js";
import { PUBLICATION_CORRECTION_KIND } from "./correct.js";
import { PUBLICATION_KIND } from "./publish.js";
import type { PublicDocument } from "./redaction.js";
import { RETRACTION_KIND, type RetractionRow, retractionView } from "./retraction.js";
import { correctionRequests, publications, publicationWithholdings, retractions } from "./schema.js";

const visible = and(
  isNull(publications.takenDownAt),
  eq(findings.involvesMinor, false),
  isNull(publicationWithholdings.findingId),
);

/** The ledger entry a retraction row names (a second join of ledger_entries). */
const retractionLog = alias(ledgerEntries, "retraction_log");

const select = {
  findingId: publications.findingId,
  departmentId: publications.departmentId,
  roundId: publications.roundId,
  publicName: publications.publicName,
  creditCode: publications.creditCode,
  content: publications.content,
  ledgerIndex: publications.ledgerIndex,
  leafHash: publications.leafHash,
  involvesMinor: findings.involvesMinor,
  retraction: retractions,
  logged: { leafJson: ledgerEntries.leafJson, leafHash: ledgerEntries.leafHash },
  retractionLogged: { leafJson: retractionLog.leafJson, contentJson: retractionLog.contentJson },
};

type Row = {
  findingId: string;
  roundId: string;
  publicName: string;
  creditCode: string;
  content: unknown;
  ledgerIndex: number;
  leafHash: string;
  involvesMinor: boolean;
  retraction: RetractionRow | null;
  logged: { leafJson: string; leafHash: string } | null;
  retractionLogged: { leafJson: string; contentJson: string | null } | null;
};

function query(db: Db, where: SQL | undefined) {
  return db
    .select(select)
    .from(publications)
    .innerJoin(findings, eq(findings.id, publications.findingId))
    .leftJoin(retractions, eq(retractions.findingId, publications.findingId))
    .leftJoin(publicationWithholdings, eq(publicationWithholdings.findingId, publications.findingId))
    .leftJoin(
      ledgerEntries,
      and(
        eq(ledgerEntries.departmentId, publications.departmentId),
        eq(ledgerEntries.index, publications.ledgerIndex),
      ),
    )
    .leftJoin(
      retractionLog,
      and(
        eq(retractionLog.departmentId, publications.departmentId),
        eq(retractionLog.index, retractions.ledgerIndex),
      ),
    )
    .where(and(visible, where));
}

/** A retracted publication keeps its heading and the explanation; the content is withdrawn. */
function view(row: Row) {
  checkAgainstLedger(row);
  const doc = row.content as PublicDocument;
  const retracted = row.retraction ? retractionView(row.retraction) : null;
  return {
    findingId: row.findingId,
    round: doc.round,
    entity: { name: row.publicName, creditCode: row.creditCode },
    publishedAt: doc.publishedAt,
    ledger: { index: row.ledgerIndex, leafHash: row.leafHash },
    retraction: retracted,
    content: retracted ? null : doc,
  };
}

const LOGGED_KINDS = new Set([PUBLICATION_KIND, PUBLICATION_CORRECTION_KIND]);

/**
 * A published document is served only as it was logged: its ledger entry (the row's index)
 * must be this finding's publication or correction, its leaf must hash to the recorded leaf
 * hash, and the leaf's content hash must be the document's (issue #11: a publication's text
 * edited in the database is reported, never shown). `sortes audit` makes the same check
 * from outside, and proves the leaf against a signed tree head.
 */
function checkAgainstLedger(row: Row) {
  const fail = (field: string, expected: string, found: string, table = "publications") =>
    new IntegrityFailure(
      `published finding ${row.findingId}: table ${table}, field ${field} is ${found}, but the ledger says ${expected}; not served`,
      [{ field: `${table}[${row.findingId}].${field}`, reason: `expected ${expected}, found ${found}` }],
      {
        integrity: {
          table,
          key: row.findingId,
          field,
          expected,
          found,
          ledgerIndex: row.ledgerIndex,
        },
      },
    );
  if (!row.logged) throw fail("ledger_index", "a logged publication", "no ledger entry");
  const leaf = JSON.parse(row.logged.leafJson) as LedgerLeaf;
  const leafHash = leafHashHex(canonicalJson(leaf, "leaf"));
  if (leafHash !== row.logged.leafHash || leafHash !== row.leafHash)
    throw fail("leaf_hash", leafHash, row.leafHash);
  if (!LOGGED_KINDS.has(leaf.kind) || leaf.artefactId !== row.findingId)
    throw fail(
      "ledger_index",
      `a ${[...LOGGED_KINDS].join(" or ")} entry of this finding`,
      `${leaf.kind} of ${leaf.artefactId}`,
    );
  const contentHash = sha256Hex(canonicalJson(row.content));
  if (contentHash !== leaf.contentHash)
    throw fail("content (SHA-256 of its JCS)", leaf.contentHash, contentHash);
  if (row.retraction) checkRetraction(row, fail);
}

/** A retraction is shown only as logged: its entry's content hash, then reason, date and explanation. */
function checkRetraction(
  row: Row,
  fail: (field: string, expected: string, found: string, table: string) => IntegrityFailure,
) {
  const r = row.retraction as RetractionRow;
  const logged = row.retractionLogged;
  if (!logged?.contentJson)
    throw fail("ledger_index", `ledger entry ${r.ledgerIndex} with content`, "none", "retractions");
  const leaf = JSON.parse(logged.leafJson) as LedgerLeaf;
  if (leaf.kind !== RETRACTION_KIND || leaf.artefactId !== row.findingId)
    throw fail(
      "ledger_index",
      `a ${RETRACTION_KIND} entry of this finding`,
      `${leaf.kind} of ${leaf.artefactId}`,
      "retractions",
    );
  if (sha256Hex(logged.contentJson) !== leaf.contentHash)
    throw fail(
      "ledger_index",
      leaf.contentHash,
      "a logged content that does not match its leaf",
      "retractions",
    );
  const doc = JSON.parse(logged.contentJson) as Record<string, unknown>;
  for (const f of ["reason", "revokedOn", "explanation"] as const)
    if (doc[f] !== r[f]) throw fail(f, JSON.stringify(doc[f]), JSON.stringify(r[f]), "retractions");
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export async function searchPublicFindings(
  db: Db,
  departmentCode: string,
  filter: { q?: string; code?: string; round?: string; limit: number; offset: number },
) {
  const dept = await departmentByCode(db, departmentCode);
  const conds: (SQL | undefined)[] = [eq(publications.departmentId, dept.id)];
  if (filter.q) conds.push(sql`${publications.publicName} ilike ${`%${escapeLike(filter.q)}%`}`);
  if (filter.code) conds.push(eq(publications.creditCode, filter.code.trim().toUpperCase()));
  if (filter.round) conds.push(eq(publications.roundId, filter.round));
  const rows = (await query(db, and(...conds))
    .orderBy(desc(publications.publishedAt), publications.findingId)
    .limit(filter.limit)
    .offset(filter.offset)) as Row[];
  return {
    departmentId: dept.id,
    page: {
      department: { code: dept.code, name: dept.name },
      items: rows.filter((r) => !r.involvesMinor).map(view),
    },
  };
}

export async function getPublicFinding(db: Db, findingId: string) {
  const [row] = (await query(db, eq(publications.findingId, findingId))) as (Row & {
    departmentId: string;
  })[];
  if (!row || row.involvesMinor) throw new NotFound(`no published finding ${findingId}`);
  return { ...view(row), corrections: await publicCorrections(db, row.departmentId, findingId) };
}

/** The department owning a visible publication, or null (for correction requests). */
export async function publicFindingDepartment(db: Db, findingId: string): Promise<string | null> {
  const [row] = await query(db, eq(publications.findingId, findingId));
  return row && !row.involvesMinor ? row.departmentId : null;
}

/** Resolved outcomes of one finding, as the public sees them. */
export async function publicCorrections(db: Db, departmentId: string, findingId: string) {
  const rows = await db
    .select()
    .from(correctionRequests)
    .where(
      and(eq(correctionRequests.departmentId, departmentId), eq(correctionRequests.findingId, findingId)),
    )
    .orderBy(asc(correctionRequests.submittedAt));
  return rows.map(correctionOutcomeView);
}

/** What the public sees of a correction request: never the message or the contact. */
export function correctionOutcomeView(r: typeof correctionRequests.$inferSelect) {
  return {
    id: r.id,
    submittedAt: r.submittedAt.toISOString(),
    status: r.status,
    outcome: r.outcome,
    cause: r.cause,
    resolvedAt: r.resolvedAt?.toISOString() ?? null,
    ledgerIndex: r.ledgerIndex,
  };
}
