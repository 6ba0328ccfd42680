/**
 * A throw-away PostgreSQL database for one benchmark run on the server of `baseUrl`, so figures
 * never depend on what earlier runs left behind (table sizes change plans, e.g. the naive
 * baseline's scan). Dropped afterwards unless `keep` (then its URL is printed for re-runs).
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";

export async function withFreshDatabase<T>(
  baseUrl: string,
  prefix: string,
  fn: (url: string) => Promise<T>,
  keep = false,
): Promise<T> {
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    if (keep) console.log(`kept database ${url.toString()}`);
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
