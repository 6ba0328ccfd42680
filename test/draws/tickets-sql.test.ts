import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "../../src/db/rows.js";
import {
  canonicalEntityId,
  commitEligible,
  eligibleLeaf,
  entityTicket,
  merkleLeafHash,
  sha256,
  staffingTicketHasher,
  toHex,
  utf8,
} from "../../src/draw-engine/index.js";
import { LEAF_ORDER_SQL } from "../../src/draws/eligible.js";
import { leafHashSql } from "../../src/draws/inclusion.js";
import { staffingPrefixHex } from "../../src/draws/select-v2.js";
import { sqlTickets, ticketSql } from "../../src/draws/tickets-sql.js";
import { describeEachDriver } from "../helpers/db.js";

const IDS = [
  "91350100M000100Y43",
  "007",
  "7",
  "企业甲",
  "Caf\u00e9",
  "😀-emoji",
  "x".repeat(300),
  "A",
  "a",
  "Z\u0301",
];

describeEachDriver("SQL tickets and leaves equal the engine's", (get) => {
  it("entity tickets computed with sha256() in SQL match entityTicket for tricky ids", async () => {
    for (const [i, stratum] of ["A", "unrated", "高风险"].entries()) {
      const seed = sha256(utf8(`seed-${i}`));
      const got = await sqlTickets(get().db, seed, stratum, IDS);
      expect(got).toEqual(IDS.map((id) => toHex(entityTicket(seed, stratum, id))));
    }
  });

  it("sortes-draw/v2 staffing tickets computed with sha256() in SQL match the engine's for tricky ids", async () => {
    for (const [i, stratum] of ["A", "unrated", "高风险"].entries()) {
      const seed = sha256(utf8(`seed-v2-${i}`));
      const rows = await queryRows<{ n: number; t: string }>(
        get().db,
        sql`select n, encode(${ticketSql(staffingPrefixHex(seed, stratum), sql.raw("x"))}, 'hex') as t
            from jsonb_array_elements_text(${JSON.stringify(IDS)}::jsonb) with ordinality as a(x, n) order by n`,
      );
      const ticketOf = staffingTicketHasher(seed, stratum);
      expect(rows.map((r) => r.t)).toEqual(IDS.map((id) => toHex(ticketOf(id))));
    }
  });

  it("leaf order and leaf hashes in SQL match the engine's committed order", async () => {
    // The service stores canonical ids only (commit rejects others), so feed canonical ones.
    const entries = IDS.map((id, i) => ({
      stratum: ["A", "B", "unrated"][i % 3] as string,
      id: canonicalEntityId(id),
    }));
    const rows = await queryRows<{ stratum: string; entity_id: string; h: string }>(
      get().db,
      sql`select stratum, entity_id, encode(${leafHashSql}, 'hex') as h
          from jsonb_to_recordset(${JSON.stringify(entries.map((e) => ({ stratum: e.stratum, entity_id: e.id })))}::jsonb)
            as v(stratum text, entity_id text)
          order by ${LEAF_ORDER_SQL}`,
    );
    const engine = commitEligible(entries).entries;
    expect(rows.map((r) => ({ stratum: r.stratum, id: r.entity_id }))).toEqual(engine);
    expect(rows.map((r) => r.h)).toEqual(
      engine.map((e) => toHex(merkleLeafHash(eligibleLeaf(e.stratum, e.id)))),
    );
  });
});
