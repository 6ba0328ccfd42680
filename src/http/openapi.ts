import { OpenApiBuilder, type OperationObject, type ParameterObject } from "openapi3-ts/oas31";
import { z } from "zod";
import { problemSchema } from "./problem.js";
import { RATE_LIMITS } from "./rate-limit.js";
import { type RouteDef, rolesAllowed } from "./route.js";

type JsonSchema = Record<string, unknown>;

/** Named schemas (zod `.meta({ id })`) collected while converting, emitted as components. */
let components: Record<string, JsonSchema> = {};

function toSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const raw = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" });
  // zod names shared schemas under $defs; OpenAPI keeps them under components.
  const js = JSON.parse(JSON.stringify(raw).replaceAll('"#/$defs/', '"#/components/schemas/')) as JsonSchema;
  delete js.$schema;
  const defs = js.$defs as Record<string, JsonSchema> | undefined;
  delete js.$defs;
  for (const [id, def] of Object.entries(defs ?? {})) components[id] ??= def;
  const ownId = schema.meta()?.id;
  if (typeof ownId === "string") {
    delete js.id;
    components[ownId] ??= js;
    return { $ref: `#/components/schemas/${ownId}` };
  }
  return js;
}

/** Hono `/a/:id` → OpenAPI `/a/{id}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

function parametersOf(route: RouteDef): ParameterObject[] {
  const out: ParameterObject[] = [];
  for (const [where, schema] of [
    ["path", route.params],
    ["query", route.query],
  ] as const) {
    if (!schema) continue;
    const js = toSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, prop] of Object.entries(js.properties ?? {})) {
      out.push({
        name,
        in: where,
        required: where === "path" || (js.required ?? []).includes(name),
        schema: prop,
        ...(typeof prop.description === "string" ? { description: prop.description } : {}),
      });
    }
  }
  return out;
}

const problemRef = { $ref: "#/components/schemas/Problem" };
const problemContent = { "application/problem+json": { schema: problemRef } };
const standardErrors: Record<string, string> = {
  "400":
    "Invalid input (per-field errors listed; a NUL character anywhere in the path, query or JSON body is always refused)",
  "404": "Not found in the caller's department",
  "413": "Request body too large",
};

function operationOf(route: RouteDef): OperationObject {
  const responses: OperationObject["responses"] = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const content: Record<string, { schema: JsonSchema }> = {};
    if (spec.schema) content["application/json"] = { schema: toSchema(spec.schema, "output") };
    for (const t of spec.contentTypes ?? []) content[t] = { schema: { type: "string" } };
    // Every error a route documents is a problem+json body (src/http/on-error.ts).
    const body = Object.keys(content).length ? content : Number(status) >= 400 ? problemContent : null;
    responses[status] = { description: spec.description, ...(body ? { content: body } : {}) };
  }
  const errors = { ...standardErrors };
  if (route.access !== "public") {
    errors["401"] = "Missing, malformed or revoked bearer token, and no live session cookie";
    errors["403"] =
      "The caller's role may not do this; or (…/csrf) a session-authenticated write without the session's x-csrf-token header";
  }
  for (const [status, description] of Object.entries(errors)) {
    responses[status] ??= { description, content: problemContent };
  }
  if (route.rateLimit) {
    const { capacity, refillMs } = RATE_LIMITS[route.rateLimit];
    responses["429"] ??= {
      description:
        `Too many requests from this client (${capacity} in a burst, then one every ${refillMs / 1000} s, ` +
        "shared by every route of the same limit); retry after the seconds given",
      headers: {
        "Retry-After": {
          description: "Whole seconds until a retry can succeed (also the problem's retryAfterSeconds)",
          schema: { type: "integer", minimum: 1 },
        },
      },
      content: problemContent,
    };
  }
  responses.default = { description: "Unexpected error", content: problemContent };
  const op: OperationObject = {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    parameters: parametersOf(route),
    responses,
    security: route.access === "public" ? [] : [{ bearer: [] }, { session: [] }],
  };
  if (route.access !== "public") op.description = `Roles: ${rolesAllowed(route).join(", ")}.`;
  if (route.body) {
    op.requestBody = {
      required: true,
      content: { "application/json": { schema: toSchema(route.body, "input") } },
    };
  } else if (route.rawBody) {
    op.requestBody = {
      required: true,
      description: route.rawBody.description,
      content: Object.fromEntries(route.rawBody.contentTypes.map((t) => [t, { schema: { type: "string" } }])),
    };
  }
  return op;
}

/** Builds the whole OpenAPI 3.1 document from the route table: the one place it is assembled. */
export function buildOpenApiDocument(routes: RouteDef[], version: string) {
  components = {};
  const builder = OpenApiBuilder.create()
    .addOpenApiVersion("3.1.0")
    .addTitle("Sortes API")
    .addVersion(version)
    .addDescription("Verifiable double-random inspection draws (双随机、一公开).")
    .addSecurityScheme("bearer", { type: "http", scheme: "bearer" })
    .addSecurityScheme("session", {
      type: "apiKey",
      in: "cookie",
      name: "sortes_session",
      description:
        "Staff session from POST /auth/sign-in. Writes (POST/PUT/PATCH/DELETE) must also send the header x-csrf-token with the csrfToken from the sign-in or GET /auth/session answer.",
    });
  toSchema(problemSchema, "output");
  const paths: Record<string, Record<string, OperationObject>> = {};
  for (const route of routes) {
    const p = toOpenApiPath(route.path);
    paths[p] ??= {};
    paths[p][route.method] = operationOf(route);
  }
  for (const p of Object.keys(paths).sort()) builder.addPath(p, paths[p] ?? {});
  for (const id of Object.keys(components).sort()) builder.addSchema(id, components[id] ?? {});
  return builder.getSpec();
}
