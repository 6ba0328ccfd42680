/** The console's generated API types match the committed OpenAPI document (run `npm run console:api`). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONSOLE_API_FILE, renderConsoleApi } from "../../src/cli/console-api.js";

describe("console API client types", () => {
  it("are generated from openapi/openapi.json and committed (npm run console:api)", async () => {
    const committed = readFileSync(CONSOLE_API_FILE, "utf8");
    expect(
      committed === (await renderConsoleApi()),
      "src/console/api/schema.d.ts is stale: npm run console:api",
    ).toBe(true);
  });
});
