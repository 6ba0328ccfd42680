/**
 * The service (src/ledger/witness-submit.ts) and the standalone witness (src/witness) together
 * over real HTTP: the checkpoints the service signs are cosigned by `sortes witness`'s code, the
 * served note carries cosignatures that verify under the witness's published key, the witness
 * comes back after a restart on the same port and state and goes on from its remembered size,
 * and a service that forgot what the witness cosigned is caught up through the 409 answer.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, expect, it } from "vitest";
import { formatSignerKey, openCheckpoint } from "../../src/ledger/c2sp/index.js";
import { appendToLedger } from "../../src/ledger/log.js";
import { logsFromArgs, parseWitnessKey, type RunningWitness, startWitness } from "../../src/witness/setup.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

const dir = mkdtempSync(join(tmpdir(), "sortes-witness-service-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeEachDriver("the service submits its checkpoints to sortes witness", (get) => {
  it("cosigned, served, restarted and caught up", async () => {
    const key = parseWitnessKey(formatSignerKey("notary.test.example/w1", new Uint8Array(32).fill(11), 0x04));
    const { department, tokens } = await newDepartment(get().db);
    const statePath = join(dir, `${department.code}.json`);
    // The log key is needed to configure the witness, and the witness URL to configure the
    // service: start the witness on a free port first with a placeholder app for the key.
    const probe = testApp(get(), { LEDGER_ORIGIN_HOST: "sortes.test.example" });
    const logKey = (await probe.call("GET", `/public/ledger/log-key?department=${department.code}`)).data;
    const start = (port?: number): Promise<RunningWitness> =>
      startWitness({ key, statePath, port, logs: logsFromArgs([logKey.verifierKey]) });
    let w = await start();
    const port = w.port;
    const api = testApp(get(), {
      WITNESSES: `${key.verifierKey}@${w.url}`,
      WITNESS_TIMEOUT_MS: "3000",
      LEDGER_ORIGIN_HOST: "sortes.test.example",
    });
    let n = 0;
    const grow = async (k: number) => {
      for (let i = 0; i < k; i++) {
        await appendToLedger(get().db, {
          departmentId: department.id,
          kind: "publication",
          artefactId: `w${n++}`,
          content: { n },
        });
      }
    };
    const sign = async () => {
      const r = await api.call("POST", "/ledger/sth", { token: tokens.admin });
      expect(r.status, r.text).toBe(201);
    };
    const served = async () => {
      const r = await api.call("GET", `/public/ledger/checkpoint?department=${department.code}`);
      expect(r.status, r.text).toBe(200);
      return openCheckpoint(r.text, [logKey.verifierKey, key.verifierKey]);
    };
    try {
      await grow(3);
      await sign();
      let cp = await served();
      expect(cp.checkpoint.size).toBe(3);
      expect(cp.verified.map((v) => v.name)).toEqual([logKey.origin, key.name]);
      expect(w.store.get(logKey.origin)?.size).toBe(3);

      await grow(4);
      await sign();
      expect((await served()).verified.map((v) => v.name)).toContain(key.name);
      expect(w.store.get(logKey.origin)?.size).toBe(7);

      // Restart: same state file, same port. The witness still remembers 7.
      await w.close();
      w = await start(port);
      expect(w.store.get(logKey.origin)?.size).toBe(7);
      await grow(2);
      await sign();
      cp = await served();
      expect(cp.checkpoint.size).toBe(9);
      expect(cp.verified.map((v) => v.name)).toContain(key.name);

      // The service forgets what the witness cosigned: the 409 tells it, and it catches up.
      await get().db.execute(sql`delete from ledger_witness_states where origin = ${logKey.origin}`);
      await grow(1);
      await sign();
      cp = await served();
      expect(cp.checkpoint.size).toBe(10);
      expect(cp.verified.map((v) => v.name)).toContain(key.name);
      expect(w.store.get(logKey.origin)?.size).toBe(10);
      const status = (await api.call("GET", `/public/ledger/witnesses?department=${department.code}`)).data;
      expect(status.items).toMatchObject([{ name: key.name, cosignedSize: 10, lastError: null }]);
    } finally {
      await w.close();
    }
  });
});
