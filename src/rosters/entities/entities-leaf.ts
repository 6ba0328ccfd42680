/**
 * Canonical leaf encoding of a frozen roster entity (docs/roster-commitment.md).
 *
 * The same bytes are produced twice: here in TypeScript (what a verifier runs) and as a SQL
 * expression (what the freeze streams out of the database). A test checks they agree, and the
 * streaming Merkle builder re-checks the byte order of every leaf it is fed.
 */
import { concatBytes, toHex } from "../../draw-engine/bytes.js";
import { lp } from "../../draw-engine/encoding.js";

/** Encoding id stored with every revision. Its meaning never changes; a new layout gets a new id. */
export const ENTITY_LEAF_ENCODING = "sortes-roster/v1/entity-leaf";

/** The committed fields of one entity, as stored (text fields verbatim, no re-normalisation). */
export interface LeafEntity {
  creditCode: string;
  codeKind: "uscc" | "legacy";
  codeFlag: string | null;
  name: string;
  legalRepresentative: string;
  address: string;
  registrationAuthority: string;
  entityType: string | null;
  industry: string | null;
  regionCode: string | null;
  registrationStatus: string | null;
  riskClass: string | null;
  naturalPerson: boolean;
  complaintCount: number;
  /** YYYY-MM-DD */
  lastInspected: string | null;
}

const ABSENT = Uint8Array.of(0);
const PRESENT = Uint8Array.of(1);

/** opt(null) = 0x00; opt(s) = 0x01 ‖ u32be(len) ‖ utf8(s). */
function opt(s: string | null): Uint8Array {
  return s === null ? ABSENT : concatBytes(PRESENT, lp(s));
}

/** The fields after the credit code, in leaf order (SQL below must list the same, in the same order). */
function tail(e: LeafEntity): (string | null)[] {
  return [
    e.codeKind,
    e.codeFlag,
    e.name,
    e.legalRepresentative,
    e.address,
    e.registrationAuthority,
    e.entityType,
    e.industry,
    e.regionCode,
    e.registrationStatus,
    e.riskClass,
    e.naturalPerson ? "1" : "0",
    String(e.complaintCount),
    e.lastInspected,
  ];
}

/** leaf = lp(tag) ‖ lp(credit_code) ‖ opt(code_kind) ‖ … ‖ opt(last_inspected) */
export function entityLeaf(e: LeafEntity): Uint8Array {
  return concatBytes(lp(ENTITY_LEAF_ENCODING), lp(e.creditCode), ...tail(e).map(opt));
}

const TAG_HEX = toHex(lp(ENTITY_LEAF_ENCODING));

// lp(x) in SQL: int4send is a 4-byte big-endian integer, convert_to gives the UTF-8 bytes.
const sqlLp = (x: string) => `int4send(octet_length(${x})) || convert_to(${x}, 'UTF8')`;
const sqlOpt = (x: string) =>
  `(case when ${x} is null then '\\x00'::bytea else '\\x01'::bytea || ${sqlLp(x)} end)`;

/**
 * SQL expression computing `entityLeaf` for a row of `entities` or `revision_entities` under
 * `alias`. Column names are fixed identifiers, never user input.
 */
export function entityLeafSql(alias: string): string {
  const c = (name: string) => `${alias}.${name}`;
  const fields = [
    `${c("code_kind")}::text`,
    c("code_flag"),
    c("name"),
    c("legal_representative"),
    c("address"),
    c("registration_authority"),
    c("entity_type"),
    c("industry"),
    c("region_code"),
    c("registration_status"),
    `${c("risk_class")}::text`,
    `(case when ${c("natural_person")} then '1' else '0' end)`,
    `${c("complaint_count")}::text`,
    `to_char(${c("last_inspected")}, 'YYYY-MM-DD')`,
  ];
  return [`'\\x${TAG_HEX}'::bytea`, sqlLp(c("credit_code")), ...fields.map(sqlOpt)].join(" || ");
}

/**
 * ORDER BY clause equivalent to ascending leaf-byte order. Every leaf starts with the same
 * lp(tag) and then lp(credit_code); codes are unique within a revision, so the first differing
 * byte lies in u32be(length) or in the code bytes: order by byte length, then by bytes (C collation
 * compares UTF-8 text bytewise). Cheaper to sort than the full leaves, and the Merkle builder
 * rejects any leaf out of order, so a mismatch could never go unnoticed.
 */
export function entityLeafOrderSql(alias: string): string {
  return `octet_length(${alias}.credit_code), ${alias}.credit_code collate "C"`;
}
