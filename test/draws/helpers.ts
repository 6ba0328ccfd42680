/** Shared steps of the round tests: contributors with real nonces, commit, reveal, draw. */
import { randomBytes } from "node:crypto";
import { expect } from "vitest";
import { contributorCommitment, toHex } from "../../src/draw-engine/index.js";
import type { testApp } from "../helpers/app.js";

export const SIGNING_KEY_HEX = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

type Call = ReturnType<typeof testApp>["call"];

export interface Contributor {
  name: string;
  credential: string;
  nonce: string;
  commitment: string;
}

export function roundBody(itemCode: string, over: Record<string, unknown> = {}) {
  return {
    title: "2026年第一批食品经营者抽查",
    planYear: 2026,
    itemCode,
    teamSize: 2,
    windowFrom: "2026-07-01",
    windowUntil: "2026-08-31",
    revealDeadline: new Date(Date.now() + 3600_000).toISOString(),
    contributors: ["市场监督管理局", "公证处", "公众代表"],
    ...over,
  };
}

/** Creates a round; each contributor makes a nonce locally and commits H(tag ‖ nonce). */
export async function createCommittedRound(
  call: Call,
  admin: string,
  itemCode: string,
  over: Record<string, unknown> = {},
  algorithm?: string,
) {
  const created = await call("POST", "/rounds", { token: admin, json: roundBody(itemCode, over) });
  expect(created.status, created.text).toBe(201);
  const roundId = created.data.round.id as string;
  const contributors: Contributor[] = created.data.credentials.map(
    (c: { name: string; credential: string }) => {
      const nonce = randomBytes(32);
      return { ...c, nonce: toHex(nonce), commitment: toHex(contributorCommitment(nonce)) };
    },
  );
  for (const c of contributors) {
    const r = await call("POST", "/contributions/commitment", {
      json: { credential: c.credential, commitment: c.commitment },
    });
    expect(r.status, r.text).toBe(200);
  }
  const query = algorithm ? `?algorithm=${encodeURIComponent(algorithm)}` : "";
  const committed = await call("POST", `/rounds/${roundId}/commit${query}`, { token: admin });
  expect(committed.status, committed.text).toBe(200);
  return { roundId, contributors, commitment: committed.data.commitment };
}

export async function revealAll(call: Call, contributors: Contributor[]) {
  let last: Awaited<ReturnType<Call>> | undefined;
  for (const c of contributors) {
    last = await call("POST", "/contributions/reveal", {
      json: { credential: c.credential, nonce: c.nonce },
    });
    expect(last.status, JSON.stringify(last.data)).toBe(200);
  }
  return last;
}

/** Parses an NDJSON download into eligible entries. */
export function parseNdjson(text: string): { stratum: string; id: string }[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as { stratum: string; id: string });
}
