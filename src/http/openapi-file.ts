import { packageVersion } from "../server.js";
import { buildOpenApiDocument } from "./openapi.js";
import { allRoutes } from "./routes.js";

export const OPENAPI_FILE = new URL("../../openapi/openapi.json", import.meta.url);

/** The document as committed in openapi/openapi.json (stable formatting, trailing newline). */
export function renderOpenApiFile(): string {
  return `${JSON.stringify(buildOpenApiDocument(allRoutes(), packageVersion()), null, 2)}\n`;
}
