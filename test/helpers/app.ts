import pino from "pino";
import { parseConfig } from "../../src/config.js";
import type { Database } from "../../src/db/types.js";
import { createApp } from "../../src/http/app.js";

export function testConfig(overrides: Record<string, string> = {}) {
  return parseConfig({ LOG_LEVEL: "silent", CRON_ENABLED: "false", ...overrides });
}

/** The real app over a real database; requests go through `app.request` (no sockets). */
export function testApp(
  database: Database,
  overrides: Record<string, string> = {},
  deps: { clock?: () => Date } = {},
) {
  const config = testConfig(overrides);
  const { app, routes, openapi } = createApp({
    database,
    config,
    log: pino({ level: "silent" }),
    version: "test",
    clock: deps.clock,
  });
  const call = async (
    method: string,
    path: string,
    opts: {
      token?: string;
      json?: unknown;
      body?: BodyInit;
      headers?: Record<string, string>;
      /** Simulate a request from the network with this socket peer address (rate limits apply). */
      remote?: string;
    } = {},
  ) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body = opts.body;
    if (opts.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(opts.json);
    }
    // @hono/node-server's bindings as getConnInfo reads them; without, the request is in-process.
    const env = opts.remote ? { incoming: { socket: { remoteAddress: opts.remote } } } : undefined;
    const res = await app.request(path, { method, headers, body }, env);
    const text = await res.text();
    let data: unknown = text;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      // non-JSON bodies (CSV, HTML) stay as text
    }
    // Tests read arbitrary response shapes; each assertion states the shape it expects.
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
    return { status: res.status, headers: res.headers, data: data as any, text };
  };
  return { app, routes, openapi, call, config };
}
