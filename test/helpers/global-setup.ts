import postgres from "postgres";

/**
 * With TEST_DATABASE_URL set, start every run from an empty database so the committed
 * migrations are exercised from scratch. Test files then migrate it (serialised by an
 * advisory lock) and isolate themselves by creating their own departments.
 */
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`
      drop schema if exists drizzle cascade;
      drop schema if exists public cascade;
      create schema public;
    `);
  } finally {
    await sql.end();
  }
}
