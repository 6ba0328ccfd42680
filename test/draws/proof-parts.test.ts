import { sql } from "drizzle-orm";
import { expect, it } from "vitest";
import { queryRows } from "../../src/db/rows.js";
import { jcs, sha256, toHex, utf8, verifyProofSignature } from "../../src/draw-engine/index.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";
import { roundFixture } from "./fixture.js";
import { createCommittedRound, revealAll, SIGNING_KEY_HEX } from "./helpers.js";

describeEachDriver("proof bundles stored in parts", (get) => {
  it("are the bundle's canonical JSON; served whole from the cache or streamed when large, byte for byte the same", async () => {
    const fx = await roundFixture(get().db, { entities: 400, inspectors: 6 });
    const cached = testApp(get(), { SIGNING_KEY_HEX });
    // A zero size limit makes every proof "large": it is streamed part by part.
    const streamed = testApp(get(), { SIGNING_KEY_HEX, PROOF_CACHE_MAX_BYTES: "0" });
    const { roundId, contributors } = await createCommittedRound(cached.call, fx.tokens.admin, fx.itemCode);
    await revealAll(cached.call, contributors);
    const drawn = await cached.call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin });
    expect(drawn.status, drawn.text).toBe(200);

    const a = await cached.call("GET", `/public/rounds/${roundId}/proof`);
    const b = await streamed.call("GET", `/public/rounds/${roundId}/proof`);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.text).toBe(a.text);
    expect(a.text).toBe(jcs(a.data));
    expect(verifyProofSignature(a.data)).toBe(true);
    expect(b.headers.get("x-proof-version")).toBe("1");

    // The header row describes the stored text; the ledger pins the same digest.
    const [row] = await queryRows<{ sha256: string; bytes: number; parts: number }>(
      get().db,
      sql`select sha256, bytes, parts from round_proofs where round_id = ${roundId} and version = 1`,
    );
    expect(row?.sha256).toBe(toHex(sha256(utf8(a.text))));
    expect(Number(row?.bytes)).toBe(utf8(a.text).length);
    expect(b.headers.get("etag")).toBe(`"${row?.sha256}"`);
    const [entry] = await queryRows<{ content: string }>(
      get().db,
      sql`select content_json as content from ledger_entries where artefact_id = ${roundId} and kind = 'round.proof'`,
    );
    expect(entry?.content).toContain(row?.sha256 as string);
  });
});
