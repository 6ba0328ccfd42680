/**
 * The service the browser tests open: the real app over PGlite with one genuine
 * round (commit → three reveals → draw, through the HTTP API), plus a few
 * test-only fixture URLs: a tampered copy of that round's proof and an
 * engine-built round with a real drand beacon (the service round has none).
 */
import { Hono } from "hono";
import type { Database } from "../../src/db/types.js";
import type { ProofBundle } from "../../src/draw-engine/index.js";
import { roundFixture } from "../draws/fixture.js";
import { createCommittedRound, revealAll, SIGNING_KEY_HEX } from "../draws/helpers.js";
import { fileSignedFinding, teamFixture, tempDataDir } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { openTestPglite } from "../helpers/pglite-image.js";
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
  /** A committed round whose reveal deadline is still ahead (nonces secret, countdown running). */
  committedRoundId: string;
  /** A published finding (another department) for the results pages. */
  finding: { deptCode: string; id: string; entityId: string; entityName: string };
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
  const database = await openTestPglite();
  const fx = await roundFixture(database.db, { entities: 400, inspectors: 8 });
  const { app, call } = testApp(database, { SIGNING_KEY_HEX, DATA_DIR: tempDataDir() });
  const { roundId, contributors } = await createCommittedRound(call, fx.tokens.admin, fx.itemCode);
  await revealAll(call, contributors);
  const drawn = await call("POST", `/rounds/${roundId}/draw`, { token: fx.tokens.admin });
  if (drawn.status !== 200) throw new Error(`draw failed: ${drawn.text}`);
  const proof = (await call("GET", `/public/rounds/${roundId}/proof`)).data as ProofBundle;
  const picked = new Set(proof.selections.flatMap((s) => s.selected.map((x) => x.id)));
  const drawnId = [...picked][0]!;
  const notDrawnId = fx.entityIds.find((id) => !picked.has(id))!;

  const pending = await createCommittedRound(call, fx.tokens.admin, fx.itemCode, {
    title: "待揭示的抽查任务",
  });

  const team = await teamFixture(database.db);
  const { findingId } = await fileSignedFinding(call, team);
  const approved = await call("POST", `/findings/${findingId}/approve`, { token: team.tokens.admin });
  if (approved.status !== 201) throw new Error(`publication failed: ${approved.text}`);

  const engineRound = buildRoundFixture(1000);
  const fixtures = new Hono();
  // The real lookup with its inclusion proof altered (the page must reject it): a sibling hash
  // of the path, or — a v2 round smaller than one 1024-entry chunk has no path — another entry
  // of the entity's chunk.
  fixtures.get("/fixtures/bad-lookup/:code", async (c) => {
    const real = await call("GET", `/public/rounds/${roundId}/entities/${c.req.param("code")}`);
    const inc = real.data.inclusion as { path: string[]; id: string; chunk?: { id: string }[] };
    if (inc.path.length > 0) inc.path[0] = inc.path[0]!.replace(/^./, (d) => (d === "0" ? "1" : "0"));
    else {
      const other = inc.chunk!.find((x) => x.id !== inc.id)!;
      other.id = `${other.id.slice(0, -1)}${other.id.endsWith("0") ? "1" : "0"}`;
    }
    return c.json(real.data);
  });
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
    committedRoundId: pending.roundId,
    finding: {
      deptCode: team.department.code,
      id: findingId,
      entityId: team.entityId,
      entityName: team.entityName,
    },
    async close() {
      await served.close();
      await database.close();
    },
  };
}
