import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { toOpenApiPath } from "../../src/http/openapi.js";
import { OPENAPI_FILE, renderOpenApiFile } from "../../src/http/openapi-file.js";
import { allRoutes } from "../../src/http/routes.js";

describe("OpenAPI document", () => {
  const rendered = renderOpenApiFile();
  const doc = JSON.parse(rendered);

  it("is committed and up to date (run `npm run openapi:write`)", () => {
    const committed = readFileSync(OPENAPI_FILE, "utf8");
    expect(committed).toBe(rendered);
  });

  it("validates against the OpenAPI 3.1 schema", async () => {
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.openapi).toBe("3.1.0");
  });

  it("documents every registered route with its error responses", () => {
    const routes = allRoutes();
    expect(routes.length).toBeGreaterThan(0);
    for (const r of routes) {
      const op = doc.paths[toOpenApiPath(r.path)]?.[r.method];
      expect(op, `${r.method.toUpperCase()} ${r.path}`).toBeDefined();
      expect(op.responses["400"]).toBeDefined();
      if (r.access !== "public") expect(op.responses["401"] && op.responses["403"]).toBeTruthy();
    }
    const ids = routes.map((r) => r.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
