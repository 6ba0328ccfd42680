/**
 * The service the browser tests open: the real app over PGlite with one genuine
 * round (commit → three reveals → draw, through the HTTP API), plus a few
 * test-only fixture URLs: a tampered copy of that round's proof and an
 * engine-built round with a real drand beacon (the service round has none).
 */
import { Hono } from "hono";
import { openDatabase } from "../../src/db/client.js";
import type { Database } from "../../src/db/types.js";
import type { ProofBundle } from "../../src/draw-engine/index.js";
import { roundFixture } from "../draws/fixture.js";
import { createCommittedRound, revealAll, SIGNING_KEY_HEX } from "../draws/helpers.js";
import { testApp } from "../helpers/app.js";
import { buildRoundFixture } from "./round-fixture.js";
import { listen, type Served } from "./serve.js";

export interface TestService extends Served {
  roundId: string;
  deptCode: string;
  proof: ProofBundle;
  /** One drawn and one eligible-but-not-drawn entity of the service round. */
  drawnId: string;
  notDrawnId: string;
  /** Step the tampered proof must fail at. */
  tamperedStep: "teams";
}

/** Replaces the first team's first member by another inspector of the pool, without re-signing. */
export function tamperTeams(proof: ProofBundle): ProofBundle {
  const copy: ProofBundle = JSON.parse(JSON.stringify(proof));
  const team = copy.teams[0]!;
  const other = copy.inspectors.find((i) => !team.members.includes(i.id))!;
  team.members[0] = other.id;
  return copy;
}

export async function startTestService(): Promise<TestService & { database: Database }> {
  const database = await openDatabase({ dataDir: "memory://" });
  const fx = await roundFixture(database.db, { entities: 400, inspectors: 8 });
  const { app, call } = testApp(database, { SIGNING_KEY_HEX });
  const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
  await revealAll(call, contributors);
  const drawn = await call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin });
  if (drawn.status !== 200) throw new Error(`draw failed: ${drawn.text}`);
  const proof = (await call("GET", `/public/rounds/${roundId}/proof`)).data as ProofBundle;
  const picked = new Set(proof.selections.flatMap((s) => s.selected.map((x) => x.id)));
  const drawnId = [...picked][0]!;
  const notDrawnId = fx.entityIds.find((id) => !picked.has(id))!;

  const engineRound = buildRoundFixture(1000);
  const fixtures = new Hono();
  fixtures.get("/fixtures/tampered-proof.json", (c) => c.json(tamperTeams(proof)));
  fixtures.get("/fixtures/engine/proof.json", (c) => c.json(engineRound.proof));
  fixtures.get("/fixtures/engine/eligible.ndjson", (c) =>
    c.body(engineRound.ndjson, 200, { "content-type": "application/x-ndjson" }),
  );
  const served = await listen((req) =>
    new URL(req.url).pathname.startsWith("/fixtures/") ? fixtures.fetch(req) : app.fetch(req),
  );
  return {
    ...served,
    database,
    roundId,
    deptCode: fx.department.code,
    proof,
    drawnId,
    notDrawnId,
    tamperedStep: "teams",
    async close() {
      await served.close();
      await database.close();
    },
  };
}
