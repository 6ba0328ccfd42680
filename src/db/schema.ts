// Every table, re-exported for drizzle-kit and the typed query builder.
// Each domain keeps its schema next to its code.

export * from "../assignments/ics-feed.schema.js";
export * from "../assignments/schema.js";
export * from "../auth/accounts.schema.js";
export * from "../auth/schema.js";
export * from "../checklist/schema.js";
export * from "../departments/schema.js";
export * from "../draws/schema.js";
export * from "../findings/schema.js";
export * from "../jobs/notices.schema.js";
export * from "../jobs/schema.js";
export * from "../ledger/checkpoints.schema.js";
export * from "../ledger/schema.js";
export * from "../notifications/schema.js";
export * from "../plans/schema.js";
export * from "../plans/templates.schema.js";
export * from "../publication/schema.js";
export * from "../rosters/conflicts/conflicts.schema.js";
export * from "../rosters/entities/entities.schema.js";
export * from "../rosters/imports/import-errors.schema.js";
export * from "../rosters/inspectors/inspectors.schema.js";
