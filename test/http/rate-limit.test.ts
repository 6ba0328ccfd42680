/**
 * Issue 11, item 8: every anonymous write has a per-client limit; a 429 is problem+json with
 * Retry-After; X-Forwarded-For counts only behind TRUST_PROXY proxies. Requests here carry a
 * socket peer address (`remote`), as requests from the network do.
 */
import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../../src/http/openapi.js";
import { clientAddress, RATE_LIMITS } from "../../src/http/rate-limit.js";
import { type AppEnv, isAnonymousWrite, registerRoutes } from "../../src/http/register.js";
import type { RouteDef } from "../../src/http/route.js";
import { allRoutes } from "../../src/http/routes.js";
import { teamFixture } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver } from "../helpers/db.js";

const ip = () => `198.51.${randomBytes(2).join(".")}`;
const keyOf = (r: RouteDef) => `${r.method.toUpperCase()} ${r.path}`;

describe("which address is the client", () => {
  it("ignores X-Forwarded-For without trusted proxies, reads it hop by hop with them", () => {
    expect(clientAddress("203.0.113.9", "1.1.1.1", 0)).toBe("203.0.113.9");
    expect(clientAddress("10.0.0.1", "6.6.6.6, 1.1.1.1", 1)).toBe("1.1.1.1");
    expect(clientAddress("10.0.0.1", "6.6.6.6, 1.1.1.1, 10.0.0.2", 2)).toBe("1.1.1.1");
    // Fewer entries than proxies: the furthest address anyone vouches for.
    expect(clientAddress("10.0.0.1", undefined, 1)).toBe("10.0.0.1");
    expect(clientAddress("10.0.0.1", "1.1.1.1", 3)).toBe("1.1.1.1");
  });
});

it("every anonymous write route names a limit, and one without is refused at start", () => {
  const writes = allRoutes().filter(isAnonymousWrite);
  expect(writes.map(keyOf).sort()).toEqual([
    "POST /auth/sign-in",
    "POST /contributions/commitment",
    "POST /contributions/reveal",
    "POST /contributions/status",
    "POST /public/findings/:id/corrections",
    "POST /public/rounds/:id/recusal-requests",
  ]);
  for (const r of writes) expect(r.rateLimit, keyOf(r)).toBeDefined();
  const [first] = writes;
  expect(() =>
    registerRoutes(new Hono<AppEnv>(), [{ ...first!, rateLimit: undefined, path: "/unlimited" }], 0),
  ).toThrow(/POST \/unlimited is an anonymous write without a rateLimit/);
});

it("the OpenAPI document gives every limited route a 429 with Retry-After", () => {
  const openapi = buildOpenApiDocument(allRoutes(), "test");
  for (const r of allRoutes().filter((x) => x.rateLimit)) {
    const path = r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
    const op = openapi.paths?.[path]?.[r.method] as { responses: Record<string, { headers?: object }> };
    expect(op.responses["429"]?.headers, keyOf(r)).toHaveProperty("Retry-After");
  }
});

describeEachDriver("per-client limits on anonymous writes", (get) => {
  const recusalBody = (fx: Awaited<ReturnType<typeof teamFixture>>, i: number) => ({
    entityId: fx.entityId,
    inspectorId: fx.members[0]!.id,
    category: "other",
    statement: `申请回避 ${i}`,
    contact: "0591-12345678",
  });

  it("500 recusal requests in a row: the limit's worth accepted, then 429 with Retry-After; a spoofed X-Forwarded-For does not escape it", async () => {
    const fx = await teamFixture(get().db);
    const { call } = testApp(get());
    const url = `/public/rounds/${fx.roundId}/recusal-requests`;
    const remote = ip();
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 500; i++) {
      // Each request claims a different client in X-Forwarded-For; with no trusted proxy it is noise.
      const r = await call("POST", url, {
        json: recusalBody(fx, i),
        remote,
        headers: { "x-forwarded-for": ip() },
      });
      statuses.push(r.status);
      if (r.status === 429) limited ??= r;
    }
    const { capacity, refillMs } = RATE_LIMITS.recusal;
    expect(statuses.slice(0, capacity)).toEqual(Array(capacity).fill(201));
    expect(statuses.slice(capacity)).toEqual(Array(500 - capacity).fill(429));
    expect(limited!.headers.get("content-type")).toContain("application/problem+json");
    expect(limited!.data.type).toBe("https://sortes.example/problems/too-many-requests");
    const retry = Number(limited!.headers.get("retry-after"));
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(refillMs / 1000);
    expect(limited!.data.retryAfterSeconds).toBe(retry);
    // Only the accepted ones were stored.
    const list = await call("GET", `/rounds/${fx.roundId}/recusal-requests`, { token: fx.tokens.admin });
    expect(list.data.items).toHaveLength(capacity);
    // Another client is not affected.
    expect((await call("POST", url, { json: recusalBody(fx, 0), remote: ip() })).status).toBe(201);
  });

  it("behind TRUST_PROXY=1 the proxy's X-Forwarded-For entry is the client; entries the client wrote are not", async () => {
    const fx = await teamFixture(get().db);
    const { call } = testApp(get(), { TRUST_PROXY: "1" });
    const url = `/public/rounds/${fx.roundId}/recusal-requests`;
    const proxy = "10.0.0.1";
    const client = ip();
    const { capacity } = RATE_LIMITS.recusal;
    for (let i = 0; i < capacity; i++) {
      const r = await call("POST", url, {
        json: recusalBody(fx, i),
        remote: proxy,
        headers: { "x-forwarded-for": `${ip()}, ${client}` },
      });
      expect(r.status, r.text).toBe(201);
    }
    // The same client, whatever it prepends: limited.
    const spoofed = await call("POST", url, {
      json: recusalBody(fx, 99),
      remote: proxy,
      headers: { "x-forwarded-for": `${ip()}, ${client}` },
    });
    expect(spoofed.status).toBe(429);
    expect(spoofed.headers.get("retry-after")).toMatch(/^[1-9]\d*$/);
    // Other clients behind the same proxy each have their own budget.
    for (let i = 0; i < 3; i++) {
      const other = await call("POST", url, {
        json: recusalBody(fx, i),
        remote: proxy,
        headers: { "x-forwarded-for": ip() },
      });
      expect(other.status, other.text).toBe(201);
    }
  });

  it("every anonymous write route answers 429 with Retry-After once its limit is spent", async () => {
    const fx = await teamFixture(get().db);
    const uuid = "00000000-0000-4000-8000-000000000000";
    const bodies: Record<string, [string, unknown]> = {
      // An unknown login: each try costs a full password hash and answers 401, never locks.
      "POST /auth/sign-in": ["/auth/sign-in", { login: "nobody-here", password: "wrong password" }],
      "POST /contributions/commitment": [
        "/contributions/commitment",
        { credential: "cred_unknown", commitment: "00".repeat(32) },
      ],
      "POST /contributions/reveal": [
        "/contributions/reveal",
        { credential: "cred_unknown", nonce: "00".repeat(32) },
      ],
      "POST /contributions/status": ["/contributions/status", { credential: "cred_unknown" }],
      "POST /public/findings/:id/corrections": [
        `/public/findings/${uuid}/corrections`,
        { message: "这条记录有误" },
      ],
      "POST /public/rounds/:id/recusal-requests": [
        `/public/rounds/${fx.roundId}/recusal-requests`,
        recusalBody(fx, 0),
      ],
    };
    for (const route of allRoutes().filter(isAnonymousWrite)) {
      const [path, json] = bodies[keyOf(route)] ?? [];
      expect(path, `${keyOf(route)}: add a request for it here`).toBeDefined();
      // A fresh app: its buckets are full. Its clock stands still, so however slowly this
      // machine answers (sign-in hashes a password per request) no token comes back mid-loop.
      const frozen = new Date();
      const { call } = testApp(get(), {}, { clock: () => frozen });
      const remote = ip();
      const { capacity } = RATE_LIMITS[route.rateLimit!];
      for (let i = 0; i < capacity; i++) {
        const r = await call("POST", path!, { json, remote });
        expect(r.status, `${keyOf(route)} #${i + 1}: ${r.text}`).not.toBe(429);
      }
      const r = await call("POST", path!, { json, remote });
      expect(r.status, `${keyOf(route)}: ${r.text}`).toBe(429);
      expect(Number(r.headers.get("retry-after")), keyOf(route)).toBeGreaterThanOrEqual(1);
    }
  });

  it("the contributors' commitment and reveal share one budget", async () => {
    const { call } = testApp(get());
    const remote = ip();
    const { capacity } = RATE_LIMITS.contribution;
    for (let i = 0; i < capacity; i++) {
      const path = i % 2 ? "/contributions/reveal" : "/contributions/commitment";
      const field = i % 2 ? { nonce: "00".repeat(32) } : { commitment: "00".repeat(32) };
      expect(
        (await call("POST", path, { json: { credential: "cred_x", ...field }, remote })).status,
      ).not.toBe(429);
    }
    const r = await call("POST", "/contributions/reveal", {
      json: { credential: "cred_x", nonce: "00".repeat(32) },
      remote,
    });
    expect(r.status).toBe(429);
  });
});
