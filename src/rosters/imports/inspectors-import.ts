/**
 * The inspector roster plugged into the generic import pipeline (import-pipeline.ts): rows
 * are staged, then merged by certificate number in one transaction, writing an `import`
 * history row for every inspector added or changed. All or nothing, like the entity roster.
 *
 * - upsert (default for inspectors): add new certificate numbers, update changed ones.
 * - replace: also mark every inspector missing from the file as `left` (never deleted: the
 *   history and conflicts still point at them).
 * Inspectors who end up `left` lose their API tokens, as with POST /inspectors/:id/leave.
 */
import type { Database } from "../../db/types.js";
import {
  type InspectorColumn,
  type InspectorRow,
  parseInspectorRow,
  resolveInspectorColumns,
} from "../inspectors/inspector-row.js";
import { type Actor, STATE_FIELDS } from "../inspectors/inspectors-model.js";
import type { ImportMode, ImportReport, RosterImportKind, WriteCounts } from "./import-pipeline.js";
import { runRosterImport } from "./import-pipeline.js";
import type { ImportFormat, TextEncodingName } from "./import-source.js";
import type { ImportTx } from "./import-staging.js";

export const INSPECTOR_STAGE_COLUMNS = [
  { name: "name", type: "text not null" },
  { name: "post", type: "text" },
  { name: "certificate_no", type: "text not null" },
  { name: "cert_valid_from", type: "date" },
  { name: "cert_valid_until", type: "date not null" },
  { name: "qualifications", type: "text[] not null" },
  { name: "district", type: "text" },
  { name: "status", type: "text not null" },
] as const;

/** Column of each history-state field (STATE_FIELDS order). */
const COLUMN_OF: Record<(typeof STATE_FIELDS)[number], string> = {
  name: "name",
  post: "post",
  certificateNo: "certificate_no",
  certValidFrom: "cert_valid_from",
  certValidUntil: "cert_valid_until",
  qualifications: "qualifications",
  district: "district",
  status: "status",
};

/** The history snapshot of row `a`, the same JSON the API writers store. */
function stateJson(a: string): string {
  return `jsonb_build_object(${STATE_FIELDS.map((f) => `'${f}', ${a}.${COLUMN_OF[f]}`).join(", ")})`;
}

/** Names of the fields whose values differ between two state JSON values, in STATE_FIELDS order. */
function changedFieldsSql(before: string, after: string): string {
  const cases = STATE_FIELDS.map(
    (f) => `case when ${before}->'${f}' is distinct from ${after}->'${f}' then '${f}' end`,
  );
  return `array_remove(array[${cases.join(", ")}]::text[], null)`;
}

const DATA = INSPECTOR_STAGE_COLUMNS.map((c) => c.name);
const VALUES = DATA.filter((n) => n !== "certificate_no");
const fromStage = (n: string) => (n === "status" ? "s.status::inspector_status" : `s.${n}`);

/** PostgreSQL array literal for text[] (then COPY-escaped by the pipeline). */
export function textArrayLiteral(items: readonly string[]): string {
  return `{${items.map((q) => `"${q.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(",")}}`;
}

function historyInsert(source: string, before: string, reason: string): string {
  return `insert into inspector_history
      (department_id, inspector_id, version, action, actor_token_id, actor_role, reason, changed_fields, before, after)
    select $1::uuid, x.id, x.version, 'import', $2::uuid, $3::role, ${reason}, ${changedFieldsSql(before, "x.after")},
      ${before}, x.after
    from ${source}`;
}

async function writeInspectors(
  tx: ImportTx,
  actor: Actor,
  { departmentId, stage, mode }: { departmentId: string; stage: string; mode: ImportMode },
): Promise<WriteCounts> {
  const p = [departmentId, actor.tokenId, actor.role];
  // Imports of one department serialise here; API writers lock rows (SELECT … FOR UPDATE).
  await tx.query("select pg_advisory_xact_lock(hashtext('sortes-inspectors:' || $1))", [departmentId]);

  const inserted = await tx.run(
    `with x as (
       insert into inspectors (department_id, ${DATA.join(", ")})
       select $1::uuid, ${DATA.map(fromStage).join(", ")} from ${stage} s
       where not exists (select 1 from inspectors i where i.department_id = $1 and i.certificate_no = s.certificate_no)
       order by s.line
       returning id, version, ${stateJson("inspectors")} as after
     ) ${historyInsert("x", "null::jsonb", "null")}`,
    p,
  );

  const updated = await tx.run(
    `with cur as (
       select i.id, ${stateJson("i")} as before from inspectors i join ${stage} s on s.certificate_no = i.certificate_no
       where i.department_id = $1
         and (${VALUES.map((n) => `i.${n}`).join(", ")}) is distinct from (${VALUES.map(fromStage).join(", ")})
       for update of i
     ), x as (
       update inspectors i set ${VALUES.map((n) => `${n} = ${fromStage(n)}`).join(", ")},
         version = i.version + 1, updated_at = now()
       from ${stage} s, cur where cur.id = i.id and s.certificate_no = i.certificate_no
       returning i.id, i.version, ${stateJson("i")} as after
     ) ${historyInsert("x join cur on cur.id = x.id", "cur.before", "null")}`,
    p,
  );

  let left = 0;
  if (mode === "replace") {
    left = await tx.run(
      `with cur as (
         select i.id, ${stateJson("i")} as before from inspectors i
         where i.department_id = $1 and i.status <> 'left'
           and not exists (select 1 from ${stage} s where s.certificate_no = i.certificate_no)
         for update of i
       ), x as (
         update inspectors i set status = 'left', version = i.version + 1, updated_at = now()
         from cur where cur.id = i.id
         returning i.id, i.version, ${stateJson("i")} as after
       ) ${historyInsert("x join cur on cur.id = x.id", "cur.before", "'absent from the imported roster (replace)'")}`,
      p,
    );
  }
  await tx.run(
    `update api_tokens t set revoked_at = now() from inspectors i
     where i.id = t.inspector_id and i.department_id = $1 and t.department_id = $1
       and i.status = 'left' and t.revoked_at is null`,
    [departmentId],
  );
  return { inserted, updated, deleted: left };
}

/** The inspector roster as an import kind; `actor` is recorded on every history row. */
export function inspectorImportKind(actor: Actor): RosterImportKind<InspectorColumn, InspectorRow> {
  return {
    name: "inspectors",
    resolveColumns: resolveInspectorColumns,
    parseRow: parseInspectorRow,
    staging: {
      columns: INSPECTOR_STAGE_COLUMNS,
      key: "certificate_no",
      keyLabel: "certificate number",
      keyHeader: (map) => map.header.certificate_no,
      toFields: (r) => [
        r.name,
        r.post,
        r.certificateNo,
        r.certValidFrom,
        r.certValidUntil,
        textArrayLiteral(r.qualifications),
        r.district,
        r.status,
      ],
    },
    write: (tx, input) => writeInspectors(tx, actor, input),
  };
}

export interface InspectorImportInput {
  departmentId: string;
  source: AsyncIterable<Buffer>;
  format: ImportFormat;
  actor: Actor;
  mode?: ImportMode;
  encoding?: TextEncodingName;
}

/** Imports an inspector roster file (default mode upsert) and returns the report. */
export function importInspectorFile(database: Database, input: InspectorImportInput): Promise<ImportReport> {
  const { actor, mode, ...rest } = input;
  return runRosterImport({ database, kind: inspectorImportKind(actor), mode: mode ?? "upsert", ...rest });
}
