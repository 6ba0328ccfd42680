import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { OPENAPI_FILE, renderOpenApiFile } from "../http/openapi-file.js";

writeFileSync(OPENAPI_FILE, renderOpenApiFile());
console.log(`wrote ${fileURLToPath(OPENAPI_FILE)}`);
