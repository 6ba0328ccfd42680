import { defineConfig } from "drizzle-kit";

// Schema lives next to each domain; src/db/schema.ts re-exports every table.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/schema.ts",
  out: "./migrations",
});
