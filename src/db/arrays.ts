/**
 * PostgreSQL array literals for bulk statements (`insert … select … from unnest($1::text[], …)`).
 * drizzle expands a JS array parameter into a list of parameters, one each; a single literal
 * string parameter keeps a 100 000-row insert to one small statement on both drivers.
 */

/** '{"a","b"}' with every element double-quoted and `"`/`\` escaped (any text is safe). */
export function textArrayLiteral(values: readonly string[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ",";
    const v = values[i]!;
    out += /["\\]/.test(v) ? `"${v.replace(/["\\]/g, "\\$&")}"` : `"${v}"`;
  }
  return `${out}}`;
}

/** '{1,2,3}' of safe integers. */
export function intArrayLiteral(values: readonly number[]): string {
  for (const v of values) if (!Number.isSafeInteger(v)) throw new Error(`not an integer: ${v}`);
  return `{${values.join(",")}}`;
}
