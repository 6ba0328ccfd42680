/**
 * The standalone witness over real HTTP (tlog-witness add-checkpoint): cosigns a growing log,
 * answers 409 with its size on a stale `old`, 422 on a bad proof, 403/404 for unknown keys and
 * origins, refuses a fork and keeps both signed checkpoints as evidence, serialises racing
 * requests, and keeps its state across a restart (new server on the same state file).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import {
  formatAddCheckpointRequest,
  formatCosignatureVerifierKey,
  formatSignerKey,
  openCheckpoint,
  openNote,
  verifyCosignature,
} from "../../src/ledger/c2sp/index.js";
import { logsFromArgs, parseWitnessKey, type RunningWitness, startWitness } from "../../src/witness/setup.js";
import { post, TestLog } from "./log-fixture.js";

const dir = mkdtempSync(join(tmpdir(), "sortes-witness-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = parseWitnessKey(formatSignerKey("notary.example.cn/witness", new Uint8Array(32).fill(9), 0x04));
let n = 0;

async function witnessFor(
  logs: TestLog[],
  statePath = join(dir, `state-${++n}.json`),
): Promise<RunningWitness> {
  return startWitness({ key: KEY, statePath, logs: logsFromArgs(logs.map((l) => l.verifierKey)) });
}

describe("sortes witness over HTTP", () => {
  test("cosigns a growing log; each cosignature verifies under the published key", async () => {
    const log = TestLog.create("sortes.example.cn/sortes/GROW");
    const w = await witnessFor([log]);
    try {
      let old = 0;
      for (const grow of [1, 1, 2, 5, 8, 100, 3]) {
        log.append(grow);
        const r = await post(w.url, log.request(old));
        expect(r.status, r.body).toBe(200);
        const check = verifyCosignature(log.checkpoint(), r.body, KEY.verifierKey);
        expect(check.ok).toBe(true);
        // The returned line added to the log's note opens with both keys (log 0x01, witness 0x04).
        const opened = openCheckpoint(`${log.checkpoint()}${r.body}`, [log.verifierKey, KEY.verifierKey]);
        expect(opened.verified.map((v) => v.alg)).toEqual([1, 4]);
        expect(opened.checkpoint.size).toBe(log.size);
        old = log.size;
      }
      // Re-submitting the same checkpoint (old = size, same root) is cosigned again.
      expect((await post(w.url, log.request(log.size))).status).toBe(200);
      expect(KEY.verifierKey).toBe(formatCosignatureVerifierKey(KEY.name, openNoteKey()));
    } finally {
      await w.close();
    }
  });

  test("409 with text/x.tlog.size on a stale old size; 422 on a bad proof; 400 when old > size", async () => {
    const log = TestLog.create("sortes.example.cn/sortes/STALE").append(10);
    const w = await witnessFor([log]);
    try {
      expect((await post(w.url, log.request(0))).status).toBe(200);
      log.append(6);
      const stale = await post(w.url, log.request(4));
      expect(stale).toMatchObject({ status: 409, type: "text/x.tlog.size", body: "10\n" });
      const badProof = formatAddCheckpointRequest({
        oldSize: 10,
        consistencyProof: log.proof(10).map((h, i) => (i === 0 ? h.map((b) => b ^ 1) : h)),
        checkpointNote: log.checkpoint(),
      });
      expect((await post(w.url, badProof)).status).toBe(422);
      const noProof = formatAddCheckpointRequest({
        oldSize: 10,
        consistencyProof: [],
        checkpointNote: log.checkpoint(),
      });
      expect((await post(w.url, noProof)).status).toBe(422);
      expect((await post(w.url, log.request(16, 16).replace("old 16", "old 17"))).status).toBe(400);
      expect((await post(w.url, "old 0\n")).status).toBe(400);
      expect((await post(w.url, `old 0\n\n${"x".repeat(70_000)}`)).status).toBe(413);
      expect((await fetch(`${w.url}/add-checkpoint`)).status).toBe(405);
      // Still at 10: the good request goes through.
      expect((await post(w.url, log.request(10))).status).toBe(200);
      expect(w.store.get(log.origin)?.size).toBe(16);
    } finally {
      await w.close();
    }
  });

  test("old 0 with a proof, and a size-0 checkpoint whose root is not the empty tree's, are 422", async () => {
    const log = TestLog.create("sortes.example.cn/sortes/ZERO").append(4);
    const w = await witnessFor([log]);
    try {
      const withProof = formatAddCheckpointRequest({
        oldSize: 0,
        consistencyProof: [log.root(2)],
        checkpointNote: log.checkpoint(),
      });
      expect((await post(w.url, withProof)).status).toBe(422);
      const { signCheckpoint } = await import("../../src/ledger/c2sp/index.js");
      const zeroBad = signCheckpoint(
        { origin: log.origin, size: 0, rootHash: log.root(4) },
        { secretKey: log.secretKey },
      );
      expect(
        (
          await post(
            w.url,
            formatAddCheckpointRequest({ oldSize: 0, consistencyProof: [], checkpointNote: zeroBad }),
          )
        ).status,
      ).toBe(422);
      expect((await post(w.url, log.request(0, 0))).status).toBe(200);
    } finally {
      await w.close();
    }
  });

  test("404 for an unknown origin, 403 for a note not signed by the log's key or with a bad signature", async () => {
    const log = TestLog.create("sortes.example.cn/sortes/KEYS").append(3);
    const stranger = TestLog.create("other.example/log", 2).append(3);
    const impostor = new TestLog(log.origin, new Uint8Array(32).fill(5)).append(3);
    const w = await witnessFor([log]);
    try {
      expect((await post(w.url, stranger.request(0))).status).toBe(404);
      expect((await post(w.url, impostor.request(0))).status).toBe(403);
      const tampered = log.request(0).replace(/\n3\n/, "\n2\n");
      expect((await post(w.url, tampered)).status).toBe(403);
      expect(w.store.get(log.origin)).toBeUndefined();
      // The spec's own example request: its origin is not one this witness knows.
      const spec = `old 20852014\n\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n`;
      expect((await post(w.url, spec)).status).toBe(404);
    } finally {
      await w.close();
    }
    // Configured for the example's origin with another key: the example's signature is unknown → 403.
    const sofa = new TestLog("example.com/behind-the-sofa", new Uint8Array(32).fill(4));
    const w2 = await witnessFor([sofa]);
    try {
      const spec = `old 0\n\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n`;
      expect((await post(w2.url, spec)).status).toBe(403);
    } finally {
      await w2.close();
    }
  });

  test("a fork is refused and both signed checkpoints are kept as evidence", async () => {
    const honest = TestLog.create("sortes.example.cn/sortes/FORK").append(8);
    const w = await witnessFor([honest]);
    try {
      expect((await post(w.url, honest.request(0))).status).toBe(200);
      // Same size, another root (signed by the same log key): 422 and evidence "fork".
      const forked = honest.fork(5).append(3);
      expect(forked.size).toBe(8);
      expect((await post(w.url, forked.request(8, 8))).status).toBe(422);
      // A larger forked tree: no valid proof exists from the cosigned root; 422 and evidence "inconsistent".
      forked.append(4);
      const forkedBig = formatAddCheckpointRequest({
        oldSize: 8,
        consistencyProof: forked.proof(8),
        checkpointNote: forked.checkpoint(),
      });
      expect((await post(w.url, forkedBig)).status).toBe(422);
      // Same contradiction again: not recorded twice.
      expect((await post(w.url, forkedBig)).status).toBe(422);
      const res = await fetch(`${w.url}/evidence`);
      const { items } = (await res.json()) as { items: import("../../src/witness/state.js").Evidence[] };
      expect(items.map((e) => [e.kind, e.remembered.size, e.submitted.size])).toEqual([
        ["fork", 8, 8],
        ["inconsistent", 8, 12],
      ]);
      for (const e of items) {
        // Both checkpoints verify under the log's key: the log itself signed both histories.
        const a = openCheckpoint(e.remembered.note, [honest.verifierKey]).checkpoint;
        const b = openCheckpoint(e.submitted.note, [honest.verifierKey]).checkpoint;
        expect(a.size).toBe(e.remembered.size);
        expect(b.size).toBe(e.submitted.size);
      }
      expect(
        Buffer.from(openCheckpoint(items[0]!.remembered.note, [honest.verifierKey]).checkpoint.rootHash),
      ).not.toEqual(
        Buffer.from(openCheckpoint(items[0]!.submitted.note, [honest.verifierKey]).checkpoint.rootHash),
      );
      // The honest log continues; the witness's view never moved to the fork.
      honest.append(2);
      expect((await post(w.url, honest.request(8))).status).toBe(200);
    } finally {
      await w.close();
    }
  });

  test("racing requests for one origin: of ten with the same old size exactly one is cosigned", async () => {
    const log = TestLog.create("sortes.example.cn/sortes/RACE").append(4);
    const w = await witnessFor([log]);
    try {
      expect((await post(w.url, log.request(0))).status).toBe(200);
      const bodies: string[] = [];
      for (let i = 0; i < 10; i++) bodies.push(log.append(1).request(4));
      const answers = await Promise.all(bodies.map((body) => post(w.url, body)));
      const won = answers.map((r, i) => [r.status, i] as const).filter(([s]) => s === 200);
      expect(won).toHaveLength(1);
      expect(answers.filter((r) => r.status === 409)).toHaveLength(9);
      const size = 5 + (won[0]?.[1] as number);
      expect(w.store.get(log.origin)?.size).toBe(size);
      // The losers were told the winner's size, and the state on disk is that size.
      for (const r of answers) if (r.status === 409) expect(r.body).toBe(`${size}\n`);
      const onDisk = JSON.parse(readFileSync(w.store.path, "utf8")) as {
        logs: Record<string, { size: number }>;
      };
      expect(onDisk.logs[log.origin]?.size).toBe(size);
    } finally {
      await w.close();
    }
  });

  test("when the state cannot be written, nothing is cosigned (500) and the remembered size stays", async () => {
    const log = TestLog.create("sortes.example.cn/sortes/DISK").append(3);
    const sub = join(dir, "vanishing");
    mkdirSync(sub);
    const w = await witnessFor([log], join(sub, "state.json"));
    try {
      expect((await post(w.url, log.request(0))).status).toBe(200);
      rmSync(sub, { recursive: true });
      log.append(2);
      const r = await post(w.url, log.request(3));
      expect(r.status).toBe(500);
      expect(r.body).not.toContain("\u2014");
      expect(w.store.get(log.origin)?.size).toBe(3);
    } finally {
      await w.close();
    }
  });

  test("a restart on the same state file keeps the state: a smaller checkpoint is refused", async () => {
    const log = TestLog.create("sortes.example.cn/sortes/RESTART").append(20);
    const statePath = join(dir, "restart.json");
    const first = await witnessFor([log], statePath);
    let cosigned: string;
    try {
      expect((await post(first.url, log.request(0))).status).toBe(200);
      cosigned = first.store.get(log.origin)?.note as string;
    } finally {
      await first.close();
    }
    const second = await witnessFor([log], statePath);
    try {
      expect(second.store.get(log.origin)?.size).toBe(20);
      // A client that starts from zero learns the size; a smaller tree cannot be cosigned.
      expect(await post(second.url, log.request(0, 12))).toMatchObject({ status: 409, body: "20\n" });
      const smaller = formatAddCheckpointRequest({
        oldSize: 20,
        consistencyProof: [],
        checkpointNote: log.checkpoint(12),
      });
      expect((await post(second.url, smaller)).status).toBe(400);
      // Monitoring API serves the checkpoint cosigned before the restart.
      const { originHash } = await import("../../src/ledger/c2sp/index.js");
      const mon = await fetch(`${second.url}/${originHash(log.origin)}/checkpoint`);
      expect(await mon.text()).toBe(cosigned);
      expect(openNote(cosigned, [KEY.verifierKey]).verified[0]?.name).toBe(KEY.name);
      log.append(1);
      expect((await post(second.url, log.request(20))).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});

function openNoteKey(): Uint8Array {
  return Uint8Array.from(Buffer.from(KEY.verifierKey.split("+")[2] as string, "base64").subarray(1));
}
