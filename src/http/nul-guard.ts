/**
 * Rejects a NUL character (U+0000) anywhere in the request's path, query or JSON body with a
 * 400 problem+json naming where it was. PostgreSQL cannot store NUL in text, so without this
 * check a NUL reaches the database and comes back as a 500; checking once at the edge covers
 * every route (and the portal's pages), before authentication, so the answer does not depend on
 * who asks.
 */
import type { MiddlewareHandler } from "hono";
import { Invalid } from "../errors.js";
import type { RouteDef } from "./route.js";

const NUL = "\u0000";

/** Decodes one percent-encoded URL component; a malformed one is left for the route to refuse. */
function decoded(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}

/** A name for a JSON path or parameter key that itself holds a NUL, readable in the problem. */
const printable = (s: string) => s.replaceAll(NUL, "\\u0000");

/**
 * The route parameter a path segment fills (`params.id`), found by matching the route table's
 * patterns segment by segment; `path` when no route has a parameter there.
 */
function segmentName(routes: RouteDef[], method: string, segments: string[], index: number): string {
  let fallback: string | undefined;
  for (const route of routes) {
    const pattern = route.path.split("/");
    if (pattern.length !== segments.length) continue;
    const name = pattern[index]?.startsWith(":") ? pattern[index].slice(1) : undefined;
    if (!name) continue;
    if (!pattern.every((p, i) => i === index || p.startsWith(":") || p === segments[i])) continue;
    if (route.method.toUpperCase() === method) return `params.${name}`;
    fallback ??= `params.${name}`;
  }
  return fallback ?? "path";
}

/** Does the path fit the route's pattern (`:name` segments match anything)? */
function fits(route: RouteDef, segments: string[]): boolean {
  const pattern = route.path.split("/");
  return (
    pattern.length === segments.length && pattern.every((p, i) => p.startsWith(":") || p === segments[i])
  );
}

/** The JSON path (`body.a.0.b`) of the first string or key holding a NUL, if any. */
export function findNul(value: unknown, path = "body"): string | undefined {
  if (typeof value === "string") return value.includes(NUL) ? path : undefined;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = findNul(v, `${path}.${i}`);
      if (hit) return hit;
    }
    return undefined;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes(NUL)) return `${path}.${printable(k)}`;
      const hit = findNul(v, `${path}.${k}`);
      if (hit) return hit;
    }
  }
  return undefined;
}

function refuse(field: string): never {
  throw new Invalid(`${field} contains a NUL character (U+0000), which is never valid input`, [
    { field, reason: "contains a NUL character (U+0000)" },
  ]);
}

/** The middleware; `routes` only serve to name the path parameter that holds the NUL. */
export function rejectNul(routes: RouteDef[]): MiddlewareHandler {
  const uploads = routes.filter((r) => r.rawBody);
  return async (c, next) => {
    // A NUL reaches a URL only percent-encoded, so most requests skip the parse.
    if (c.req.url.includes("%00")) {
      const url = new URL(c.req.url);
      const segments = url.pathname.split("/");
      for (const [i, segment] of segments.entries()) {
        if (decoded(segment).includes(NUL)) refuse(segmentName(routes, c.req.method, segments, i));
      }
      for (const [key, value] of new URLSearchParams(url.search)) {
        if (key.includes(NUL) || value.includes(NUL)) refuse(`query.${printable(key)}`);
      }
    }
    // Only JSON bodies are read here (the text is cached for the route's own parse). Upload
    // routes (CSV, XLSX, evidence) read the raw stream themselves, whatever its declared type,
    // so their bodies stream past untouched and are checked by their importers.
    if (
      c.req.method !== "GET" &&
      c.req.method !== "HEAD" &&
      isJson(c.req.header("content-type")) &&
      !isUpload(uploads, c.req.method, c.req.path)
    ) {
      const text = await c.req.text();
      // A NUL in JSON text is either the escape \u0000 or a raw byte (invalid JSON anyway);
      // the parse that names the field runs only when one of them is present.
      if (text.includes(NUL)) refuse("body");
      if (text.includes("\\u0000")) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined; // not JSON: the route says so
        }
        const field = findNul(parsed);
        if (field) refuse(field);
      }
    }
    return next();
  };
}

const isJson = (type: string | undefined) => !!type && /\bjson\b/i.test(type);

const isUpload = (uploads: RouteDef[], method: string, path: string) =>
  uploads.some((r) => r.method.toUpperCase() === method && fits(r, path.split("/")));
