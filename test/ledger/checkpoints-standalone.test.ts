/**
 * The service against the project's own standalone witnesses (`sortes witness serve`,
 * src/witness): two witnesses with state files cosign a growing log; one restarts from its
 * state file and goes on from the size it remembered.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { verifyCosignature } from "../../src/ledger/c2sp/index.js";
import { appendToLedger } from "../../src/ledger/log.js";
import {
  generateWitnessKey,
  logsFromArgs,
  parseWitnessKey,
  type RunningWitness,
  startWitness,
} from "../../src/witness/setup.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

describeEachDriver("checkpoints cosigned by standalone witnesses", (get) => {
  const running: RunningWitness[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((w) => w.close().catch(() => undefined)));
  });

  it("two witnesses cosign a growing log, and one restarted from its state file goes on", async () => {
    const env = { LEDGER_ORIGIN_HOST: "sortes.standalone.example", WITNESS_TIMEOUT_MS: "3000" };
    const { department, tokens } = await newDepartment(get().db);
    let n = 0;
    const grow = async (k: number) => {
      for (let i = 0; i < k; i++) {
        await appendToLedger(get().db, {
          departmentId: department.id,
          kind: "publication",
          artefactId: `s${n++}`,
          content: { n },
        });
      }
    };
    await grow(5);
    const logKey = (
      await testApp(get(), env).call("GET", `/public/ledger/log-key?department=${department.code}`)
    ).data;

    const dir = mkdtempSync(join(tmpdir(), "sortes-witnesses-"));
    const keys = ["notary.fz.example/w1", "jw.fz.example/w2"].map((name) =>
      parseWitnessKey(generateWitnessKey(name).keyFile),
    );
    const start = async (i: number, port?: number) => {
      const w = await startWitness({
        key: keys[i]!,
        statePath: join(dir, `w${i}.json`),
        logs: logsFromArgs([logKey.verifierKey]),
        port,
      });
      running.push(w);
      return w;
    };
    const w1 = await start(0);
    const w2 = await start(1);
    const api = testApp(get(), {
      ...env,
      WITNESSES: `${keys[0]!.verifierKey}@${w1.url} ${keys[1]!.verifierKey}@${w2.url}`,
    });
    const sign = async () =>
      expect((await api.call("POST", "/ledger/sth", { token: tokens.admin })).status).toBe(201);
    const served = async () =>
      (await api.call("GET", `/public/ledger/checkpoint?department=${department.code}`)).text;
    const expectCosignedBoth = (note: string, size: number) => {
      const body = note.slice(0, note.indexOf("\n\n") + 1);
      expect(body.split("\n")[1]).toBe(String(size));
      for (const k of keys) {
        const line = note.split("\n").find((l) => l.startsWith(`— ${k.name} `));
        expect(line, `${k.name} cosigned size ${size}`).toBeDefined();
        expect(verifyCosignature(body, line!, k.verifierKey).ok).toBe(true);
      }
    };

    await sign();
    expectCosignedBoth(await served(), 5);
    await grow(3);
    await sign();
    const size2 = Number((await served()).split("\n")[1]);
    expectCosignedBoth(await served(), size2);

    // w2 restarts from its state file on the same port and is handed the next checkpoint with
    // `old <size2>` and a consistency proof: it must remember size2 to cosign.
    const port = w2.port;
    await w2.close();
    running.splice(running.indexOf(w2), 1);
    await start(1, port);
    await grow(4);
    await sign();
    const note = await served();
    expectCosignedBoth(note, size2 + 4);
    const status = (await api.call("GET", `/public/ledger/witnesses?department=${department.code}`)).data;
    expect(
      status.items.map((i: { cosignedSize: number; lastError: string | null }) => [
        i.cosignedSize,
        i.lastError,
      ]),
    ).toEqual([
      [size2 + 4, null],
      [size2 + 4, null],
    ]);
  });
});
