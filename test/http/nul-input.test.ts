/**
 * Issue 11, item 7: a NUL character (U+0000) in any path parameter, query parameter or JSON
 * field of any route is refused at the edge with a 400 problem+json naming where it was —
 * before authentication, so with no token, a wrong role or the right one the answer is the same,
 * and never a 500 (PostgreSQL cannot store NUL in text).
 */
import { expect, it } from "vitest";
import { z } from "zod";
import type { RouteDef } from "../../src/http/route.js";
import { allRoutes } from "../../src/http/routes.js";
import { teamFixture } from "../findings/helpers.js";
import { testApp } from "../helpers/app.js";
import { describeEachDriver, newDepartment } from "../helpers/db.js";

type Call = ReturnType<typeof testApp>["call"];
const keyOf = (r: RouteDef) => `${r.method.toUpperCase()} ${r.path}`;

/** Declared property names of a params/query/body schema (first is used; "x" when none). */
function fieldsOf(schema: z.ZodType | undefined): string[] {
  if (!schema) return [];
  const js = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as {
    properties?: Record<string, unknown>;
  };
  return Object.keys(js.properties ?? {});
}

/** The route's path with every parameter filled: `nul` in the one named, a plain value elsewhere. */
function fill(route: RouteDef, nul?: string): string {
  return route.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => (name === nul ? "a%00b" : "x"));
}

async function expectNulRefused(what: string, field: string, p: ReturnType<Call>) {
  const r = await p;
  expect(r.status, `${what}: ${r.text.slice(0, 300)}`).toBe(400);
  expect(r.headers.get("content-type"), what).toContain("application/problem+json");
  expect(r.data.type, what).toBe("https://sortes.example/problems/invalid");
  expect(r.data.errors, what).toEqual([{ field, reason: "contains a NUL character (U+0000)" }]);
  expect(r.data.detail, what).toContain(field);
}

describeEachDriver("a NUL in any input is a 400 at the edge", (get) => {
  const routes = allRoutes();

  it(`every route (${routes.length}): path parameter, query parameter and JSON field, with and without a token`, async () => {
    const { call } = testApp(get());
    const { tokens } = await newDepartment(get().db);
    let checked = 0;
    for (const route of routes) {
      const method = route.method.toUpperCase();
      for (const token of [undefined, tokens.admin, tokens.auditor]) {
        const who = `${keyOf(route)} (${token === undefined ? "no token" : "token"})`;
        for (const name of route.path.match(/:([A-Za-z0-9_]+)/g) ?? []) {
          const param = name.slice(1);
          await expectNulRefused(
            `${who}, path :${param}`,
            `params.${param}`,
            call(method, fill(route, param), { token }),
          );
          checked++;
        }
        const q = fieldsOf(route.query)[0] ?? "x";
        await expectNulRefused(
          `${who}, query ${q}`,
          `query.${q}`,
          call(method, `${fill(route)}?${q}=a%00b`, { token }),
        );
        checked++;
        // Upload routes read their raw body themselves (see the test below).
        if (method !== "GET" && !route.rawBody) {
          // A JSON field: the route's own first field when it takes a body, any field otherwise.
          const f = fieldsOf(route.body)[0] ?? "note";
          await expectNulRefused(
            `${who}, body ${f}`,
            `body.${f}`,
            call(method, fill(route), { token, json: { [f]: "a\u0000b" } }),
          );
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(routes.length * 3);
  }, 120_000);

  it("names nested fields, keys, repeated query keys and path segments outside the API", async () => {
    const { call } = testApp(get());
    const { tokens } = await newDepartment(get().db);
    const post = (json: unknown) => call("POST", "/checklist", { token: tokens.admin, json });
    await expectNulRefused(
      "nested",
      "body.items.1.note",
      post({ items: [{ note: "ok" }, { note: "\u0000" }] }),
    );
    await expectNulRefused("a key", "body.bad\\u0000key", post({ "bad\u0000key": 1 }));
    await expectNulRefused(
      "second value of a repeated key",
      "query.q",
      call("GET", "/entities?q=ok&q=%00", { token: tokens.admin }),
    );
    await expectNulRefused("a query key", "query.a\\u0000", call("GET", "/entities?a%00=1"));
    // The portal's pages and paths no route serves: the segment has no parameter name.
    await expectNulRefused("portal page", "path", call("GET", "/zh/rounds/%00"));
    await expectNulRefused("unknown path", "path", call("GET", "/no/such/%00/route"));
    // A raw NUL byte inside the JSON text (invalid JSON anyway) is refused the same way.
    const raw = await call("POST", "/checklist", {
      token: tokens.admin,
      body: '{"name":"a\u0000b"}',
      headers: { "content-type": "application/json" },
    });
    expect(raw.status, raw.text).toBe(400);
    expect(raw.data.errors[0].field).toBe("body");
  });

  it("upload routes get their body untouched, even when it is declared as JSON", async () => {
    const { call } = testApp(get());
    const { tokens } = await newDepartment(get().db);
    const uploads = routes.filter((r) => r.rawBody).map(keyOf);
    expect(uploads.length).toBeGreaterThan(0);
    // The guard does not read (and so consume) the stream: the importer answers about the file.
    const r = await call("POST", "/entities/imports", {
      token: tokens.admin,
      body: '{"a":"\\u0000","b":"\u0000"}',
      headers: { "content-type": "application/json" },
    });
    expect(r.status, r.text).toBeGreaterThanOrEqual(400);
    expect(r.status, r.text).toBeLessThan(500);
    expect(r.text).not.toContain("NUL character");
  });

  it("an entity id no roster can hold, in a public recusal request, is a 400 (was a 500)", async () => {
    const fx = await teamFixture(get().db);
    const { call } = testApp(get());
    for (const entityId of ["\u0001x", "\ud800", " ", " padded "]) {
      const r = await call("POST", `/public/rounds/${fx.roundId}/recusal-requests`, {
        json: {
          entityId,
          inspectorId: fx.members[0]!.id,
          category: "other",
          statement: "申请",
          contact: "0591",
        },
      });
      expect(r.status, `${JSON.stringify(entityId)}: ${r.text}`).toBe(400);
      expect(r.data.errors).toEqual([{ field: "body.entityId", reason: "not a valid entity id" }]);
    }
  });

  it("leaves look-alikes alone: an escaped backslash-u0000 and %2500 are ordinary text", async () => {
    const { call } = testApp(get());
    const { tokens } = await newDepartment(get().db);
    // The JSON string `\\u0000` is the six characters \u0000, not NUL: the route validates it.
    const created = await call("POST", "/checklist", {
      token: tokens.admin,
      json: {
        code: "NUL-LOOKALIKE",
        inspectingBody: "监管局\\u0000",
        name: "事项 %00",
        legalBasis: "依据",
        content: "内容",
        methods: ["written"],
      },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.data.inspectingBody).toBe("监管局\\u0000");
    // %2500 decodes to the text "%00": the route's own validation answers, not the NUL guard.
    const lookup = await call("GET", "/checklist/%2500", { token: tokens.admin });
    expect(lookup.status, lookup.text).toBe(400);
    expect(lookup.data.errors).toEqual([
      { field: "params.itemCode", reason: expect.not.stringContaining("NUL") },
    ]);
    const search = await call("GET", "/public/rounds?year=%2500");
    expect(search.text).not.toContain("NUL");
  });
});
