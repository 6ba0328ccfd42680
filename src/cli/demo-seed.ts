/**
 * The demo department, built through the service's own HTTP API (in-process,
 * no socket), step by step. Each finished step is recorded in a state file so a
 * re-run skips it and never duplicates data.
 */
import { randomBytes } from "node:crypto";
import { contributorCommitment, toHex } from "../draw-engine/index.js";
import {
  csvChunks,
  ENTITY_HEADERS,
  entityRecords,
  INSPECTOR_HEADERS,
  inspectorRecords,
} from "../rosters/synthetic.js";

/** Parsed JSON answers of the API (their schemas are in openapi/openapi.json). */
// biome-ignore lint/suspicious/noExplicitAny: the demo reads a few fields of many response shapes
type Json = any;

export type Call = (
  method: string,
  path: string,
  opts?: { token?: string; json?: unknown; body?: string; contentType?: string },
) => Promise<{ status: number; data: Json }>;

/**
 * A `Call` over any transport that answers a path and a RequestInit with a Response (an
 * app's in-process `request`, or `fetch` against a listening server): JSON answers parsed,
 * others (CSV, NDJSON) kept as text.
 */
export function callOver(send: (path: string, init: RequestInit) => Response | Promise<Response>): Call {
  return async (method, path, opts = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined = opts.body;
    if (opts.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.json);
    } else if (opts.contentType) headers["content-type"] = opts.contentType;
    const res = await send(path, { method, headers, body });
    const text = await res.text();
    let data: unknown = text;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, data };
  };
}

/** A `Call` over an app's in-process `request` (no socket). */
export function inProcessCall(app: {
  request(path: string, init: RequestInit): Response | Promise<Response>;
}): Call {
  return callOver((path, init) => app.request(path, init));
}

export interface DemoState {
  departmentCode: string;
  /** Fixed at the first run, so a re-run with other arguments changes nothing. */
  size: { entities: number; inspectors: number };
  adminToken?: string;
  steps: Record<string, unknown>;
}

/** Defaults (the issue asks for ≥ 50 000 entities and ≥ 60 inspectors). */
export const DEMO = {
  entities: 50_000,
  inspectors: 80,
  seed: "sortes-demo-2026",
  itemCode: "SCJG-SP-2026-01",
};
const QUALIFICATION = "食品安全";
/**
 * Inspectors the demo makes sure can staff its round (qualified, on duty, certified through the
 * window) and can carry its five recorded conflicts. The synthetic roster is random: with
 * `--inspectors 20` none of its inspectors was both qualified and certified, so the conflicts step
 * crashed and no team could have been drawn.
 */
const DEMO_STAFF = 6;
const CONFLICTS = 5;

function ok(r: { status: number; data: Json }, what: string, expected: number[] = [200, 201, 202]): Json {
  if (!expected.includes(r.status)) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.data)}`);
  return r.data;
}

async function importCsv(call: Call, token: string, path: string, csv: string, what: string): Promise<void> {
  const job = ok(
    await call("POST", `${path}?mode=replace`, { token, body: csv, contentType: "text/csv" }),
    what,
  );
  for (;;) {
    const j = ok(await call("GET", `${path}/${job.id}`, { token }), what);
    if (j.state === "succeeded") return;
    if (j.state === "failed") throw new Error(`${what} failed: ${JSON.stringify(j.report).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Today in China (the service's calendar), as YYYY-MM-DD. */
const chinaToday = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const addDays = (d: string, n: number): string =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);

/**
 * The synthetic inspectors, the first DEMO_STAFF of them made able to staff the demo round:
 * they hold its qualification, are on duty (在岗) and certified for three more years.
 */
export function* demoInspectors(count: number): Generator<string[]> {
  const until = addDays(chinaToday(), 3 * 365);
  let i = 0;
  for (const r of inspectorRecords({ count, seed: DEMO.seed })) {
    // Cells in INSPECTOR_HEADERS order: 证件有效期止 (4), 执法类型 (5), 状态 (7).
    if (i++ < DEMO_STAFF) {
      if (!r[5]!.split(/[；、]/).includes(QUALIFICATION)) r[5] = `${QUALIFICATION}；${r[5]}`;
      if (r[4]! < until) r[4] = until;
      r[7] = "在岗";
    }
    yield r;
  }
}

type Step = (call: Call, token: string, state: DemoState) => Promise<unknown>;

export const STEPS: [string, Step][] = [
  [
    "entities",
    async (call, token, state) => {
      const csv = [
        ...csvChunks(ENTITY_HEADERS, entityRecords({ count: state.size.entities, seed: DEMO.seed })),
      ].join("");
      await importCsv(call, token, "/entities/imports", csv, "entity import");
      return { count: state.size.entities };
    },
  ],
  [
    "inspectors",
    async (call, token, state) => {
      const csv = [...csvChunks(INSPECTOR_HEADERS, demoInspectors(state.size.inspectors))].join("");
      await importCsv(call, token, "/inspectors/imports", csv, "inspector import");
      return { count: state.size.inspectors };
    },
  ],
  [
    "revision",
    async (call, token) => {
      const today = chinaToday();
      const label = `${today.slice(0, 4)}-${today.slice(5, 7) <= "06" ? "06" : "12"}`;
      const rev = ok(await call("POST", "/entities/revisions", { token, json: { label } }), "freeze roster");
      return { id: rev.id, label };
    },
  ],
  [
    "conflicts",
    async (call, token) => {
      const inspectors: { id: string }[] = ok(
        await call("GET", `/inspectors?limit=200&qualification=${encodeURIComponent(QUALIFICATION)}`, {
          token,
        }),
        "list inspectors",
      ).items;
      const entities: { creditCode: string }[] = ok(
        await call("GET", "/entities?limit=20", { token }),
        "list entities",
      ).items;
      const categories = ["spouse", "lineal-relative", "former-employment", "own-interest", "close-in-law"];
      const n = Math.min(CONFLICTS, inspectors.length, entities.length);
      if (n === 0) throw new Error(`no inspector holds ${QUALIFICATION}: the demo cannot draw a team`);
      const made = [];
      for (let i = 0; i < n; i++) {
        const r = await call("POST", "/conflicts", {
          token,
          json: {
            inspectorId: inspectors[i]!.id,
            entityCode: entities[i]!.creditCode,
            category: categories[i],
            source: "admin-recorded",
            statement: "演示数据：登记的回避关系",
          },
        });
        made.push(ok(r, "record conflict").id);
      }
      return { ids: made };
    },
  ],
  [
    "checklist",
    async (call, token) => {
      ok(
        await call("POST", "/checklist", {
          token,
          json: {
            code: DEMO.itemCode,
            inspectingBody: "福州市鼓楼区市场监督管理局",
            name: "食品经营者经营条件及进货查验检查",
            legalBasis: "《中华人民共和国食品安全法》第一百一十条；《食品经营许可和备案管理办法》",
            content: "经营场所卫生条件、从业人员健康证明、进货查验记录、贮存条件",
            methods: ["on_site"],
            targetDescription: "辖区内存续的市场主体",
            targetEntityTypes: [],
            targetIndustries: [],
            targetRegionCodes: [],
            requiredQualification: QUALIFICATION,
            entityCount: null,
            defaultRateBp: null,
            defaultRoundsPerYear: null,
            legalOverride: null,
            notes: "",
          },
        }),
        "create checklist item",
      );
      ok(await call("POST", `/checklist/${DEMO.itemCode}/publish`, { token }), "publish checklist item");
      return { itemCode: DEMO.itemCode };
    },
  ],
  [
    "plan",
    async (call, token) => {
      const year = Number(chinaToday().slice(0, 4));
      ok(
        await call("POST", "/plans", {
          token,
          json: {
            year,
            title: `${year}年度双随机抽查工作计划`,
            roundsPerYear: 2,
            ratesBp: { A: 300, B: 500, C: 1000, D: 3000 },
            cooldownDays: 0,
            maxInspectionsPerEntityPerYear: null,
            notes: "",
            items: [{ itemCode: DEMO.itemCode, roundsPerYear: null, ratesBp: null }],
          },
        }),
        "create plan",
      );
      ok(await call("POST", `/plans/${year}/approve`, { token }), "approve plan");
      return { year };
    },
  ],
  ["round", (call, token) => drawRound(call, token)],
  [
    "findings",
    async (call, token, state) => ({
      findingIds: await publishFindings(call, token, (state.steps.round as { roundId: string }).roundId, 3),
    }),
  ],
  [
    "ledger",
    async (call, token) =>
      ok(await call("POST", "/ledger/sth", { token }), "sign tree head").sth?.treeSize ?? null,
  ],
];

/** A round with three contributors (each commits H(nonce) first, reveals later), then the draw. */
async function drawRound(call: Call, token: string) {
  const today = chinaToday();
  const created = ok(
    await call("POST", "/rounds", {
      token,
      json: {
        title: `${today.slice(0, 4)}年第一批食品经营者双随机抽查`,
        planYear: Number(today.slice(0, 4)),
        itemCode: DEMO.itemCode,
        teamSize: 2,
        windowFrom: today,
        windowUntil: addDays(today, 60),
        revealDeadline: new Date(Date.now() + 3600_000).toISOString(),
        contributors: ["鼓楼区市场监督管理局", "福州市公证处", "公众代表"],
      },
    }),
    "create round",
  );
  const roundId = created.round.id as string;
  const parties = (created.credentials as { name: string; credential: string }[]).map((c) => {
    const nonce = randomBytes(32);
    return { ...c, nonce: toHex(nonce), commitment: toHex(contributorCommitment(nonce)) };
  });
  for (const p of parties)
    ok(
      await call("POST", "/contributions/commitment", {
        json: { credential: p.credential, commitment: p.commitment },
      }),
      "commit",
    );
  ok(await call("POST", `/rounds/${roundId}/commit`, { token }), "commit round");
  for (const p of parties)
    ok(
      await call("POST", "/contributions/reveal", { json: { credential: p.credential, nonce: p.nonce } }),
      "reveal",
    );
  ok(await call("POST", `/rounds/${roundId}/draw`, { token }), "draw");
  return { roundId };
}

/**
 * `count` drawn entities (at most the drawn teams): each team records its visit, signs off and
 * files a finding; the admin publishes it. `parallel` teams go at once (the bench seeds hundreds).
 */
export async function publishFindings(
  call: Call,
  token: string,
  roundId: string,
  count: number,
  parallel = 1,
): Promise<string[]> {
  const board: { entityId: string; inspectorId: string; status: string }[] = ok(
    await call("GET", `/rounds/${roundId}/board`, { token }),
    "team board",
  ).items;
  const byEntity = new Map<string, string[]>();
  for (const row of board) {
    if (row.status === "recused") continue;
    byEntity.set(row.entityId, [...(byEntity.get(row.entityId) ?? []), row.inspectorId]);
  }
  const teams = [...byEntity].slice(0, count).map(([entityId, members]) => ({ entityId, members }));
  const tokens = new Map<string, Promise<string>>();
  const inspectorToken = (inspectorId: string) => {
    let t = tokens.get(inspectorId);
    if (!t) {
      t = call("POST", "/tokens", { token, json: { role: "inspector", label: "demo", inspectorId } }).then(
        (r) => ok(r, "inspector token").token as string,
      );
      tokens.set(inspectorId, t);
    }
    return t;
  };
  const results = ["未发现问题", "发现问题已责令改正", "发现问题已责令改正"];
  const publishOne = async (i: number): Promise<string> => {
    const { entityId, members } = teams[i]!;
    const base = `/inspections/${roundId}/${entityId}`;
    const first = await inspectorToken(members[0]!);
    ok(
      await call("POST", `${base}/events`, {
        token: first,
        json: { kind: "arrival", summary: "到达现场，出示执法证件", occurredAt: new Date().toISOString() },
      }),
      "record arrival",
    );
    for (const m of members)
      ok(await call("POST", `${base}/sign-off`, { token: await inspectorToken(m) }), "sign off");
    const finding = ok(
      await call("POST", `${base}/findings`, {
        token: first,
        json: {
          resultCode: results[i % 3],
          description: i % 3 === 0 ? "经营条件符合要求" : "进货查验记录不全，已责令限期整改",
          rectification:
            i % 3 === 0
              ? { ordered: false, deadline: null }
              : { ordered: true, deadline: addDays(chinaToday(), 30) },
          followUp: { penaltyCaseNo: null, referralAuthority: null, creditListing: false },
          inspectionEndedOn: chinaToday(),
        },
      }),
      "file finding",
    );
    ok(await call("POST", `/findings/${finding.id}/approve`, { token }), "publish finding");
    return finding.id as string;
  };
  // In team order whatever `parallel` is, so the demo's three findings stay the same ones.
  const published: string[] = new Array(teams.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < teams.length; i = next++) published[i] = await publishOne(i);
  };
  await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
  return published;
}
