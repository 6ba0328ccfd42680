/** Public routes of the C2SP checkpoints, their cosignatures and the witnesses (docs/ledger.md). */
import { z } from "zod";
import { defineRoute } from "../http/route.js";
import { listCheckpoints, logKey, logOrigin, servedCheckpointNote } from "./checkpoints.js";
import { departmentQuery, resolveLog } from "./routes.js";
import { witnessStatus } from "./witness-submit.js";

const size = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

const checkpointItem = z
  .object({
    size: z.number().int(),
    rootHash: z.string().describe("Lower-case hex (the note's third line is the same 32 bytes in base64)"),
    timestamp: z.number().int().describe("ms since epoch: the JSON tree head that first signed this size"),
    origin: z.string(),
    cosigners: z.array(
      z.object({
        name: z.string(),
        keyHash: z.string().describe("4-byte key hash, hex"),
        timestamp: z.number().int().describe("The cosignature's own timestamp, seconds since epoch"),
      }),
    ),
  })
  .meta({ id: "LedgerCheckpoint" });

export const checkpointRoutes = [
  defineRoute({
    method: "get",
    path: "/public/ledger/checkpoint",
    operationId: "getLedgerCheckpoint",
    summary: "A department log's C2SP checkpoint with its cosignatures",
    tag: "ledger",
    access: "public",
    query: z.object({
      department: departmentQuery,
      size: size.optional().describe("A tree size that has a checkpoint; omitted: the newest"),
    }),
    responses: {
      200: {
        description:
          "The signed note (c2sp.org/tlog-checkpoint): origin, size, base64 root, blank line, the log's Ed25519 signature line (key name = origin), then every stored witness cosignature line (c2sp.org/tlog-cosignature)",
        contentTypes: ["text/plain; charset=utf-8"],
      },
    },
    handler: async (c, { ctx, query }) => {
      const note = await servedCheckpointNote(ctx.db, await resolveLog(ctx.db, query.department), query.size);
      return c.body(note, 200, { "content-type": "text/plain; charset=utf-8" });
    },
  }),
  defineRoute({
    method: "get",
    path: "/public/ledger/checkpoints",
    operationId: "listLedgerCheckpoints",
    summary: "A department log's checkpoints, newest first, with who cosigned each",
    tag: "ledger",
    access: "public",
    query: z.object({
      department: departmentQuery,
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      before: size.optional().describe("Only sizes below this one (the previous page's nextBefore)"),
    }),
    responses: {
      200: {
        description: "A page of checkpoints; nextBefore is null on the last page",
        schema: z.object({ items: z.array(checkpointItem), nextBefore: z.number().int().nullable() }),
      },
    },
    handler: async (c, { ctx, query }) =>
      c.json(
        await listCheckpoints(ctx.db, await resolveLog(ctx.db, query.department), {
          limit: query.limit,
          before: query.before,
        }),
      ),
  }),
  defineRoute({
    method: "get",
    path: "/public/ledger/witnesses",
    operationId: "listLedgerWitnesses",
    summary: "The witnesses the service submits this log's checkpoints to, and how each last answered",
    tag: "ledger",
    access: "public",
    query: z.object({ department: departmentQuery }),
    responses: {
      200: {
        description:
          "Configured witnesses (WITNESSES; the same for every department). cosignedSize: the size the witness last cosigned for this log (null: never asked); lastError: its last refusal or failure",
        schema: z.object({
          origin: z.string(),
          items: z.array(
            z.object({
              name: z.string(),
              verifierKey: z.string().describe("Cosignature verifier key, name+hash+base64(0x04‖key)"),
              url: z.string(),
              cosignedSize: z.number().int().nullable(),
              lastSuccessAt: z.string().nullable(),
              lastError: z.string().nullable(),
              lastErrorAt: z.string().nullable(),
            }),
          ),
        }),
      },
    },
    handler: async (c, { ctx, query }) => {
      const origin = await logOrigin(ctx.db, ctx.config, await resolveLog(ctx.db, query.department));
      return c.json({ origin, items: await witnessStatus(ctx.db, ctx.config, origin) });
    },
  }),
  defineRoute({
    method: "get",
    path: "/public/ledger/log-key",
    operationId: "getLedgerLogKey",
    summary: "A department log's checkpoint origin and note verifier key",
    tag: "ledger",
    access: "public",
    query: z.object({ department: departmentQuery }),
    responses: {
      200: {
        description:
          "origin; verifierKey = origin+hash+base64(0x01‖Ed25519 key) (c2sp.org/signed-note), the same key as the JSON tree heads' keyId",
        schema: z.object({
          origin: z.string(),
          verifierKey: z.string(),
          keyId: z.string(),
          publicKey: z.string().describe("Raw Ed25519 public key, hex"),
        }),
      },
    },
    handler: async (c, { ctx, query }) =>
      c.json(await logKey(ctx.db, ctx.config, await resolveLog(ctx.db, query.department))),
  }),
];
