import { z } from "zod";
import type { Db } from "../db/types.js";
import { departmentByCode, getDepartment } from "../departments/departments.js";
import { Invalid, NotFound } from "../errors.js";
import { defineRoute } from "../http/route.js";
import { getSigningKey, listPublicKeys } from "./keys.js";
import { findLedgerEntries, getLedgerEntry, listLedgerEntries } from "./log.js";
import { consistencyProof, createTreeHead, inclusionProof, latestTreeHead } from "./tree.js";
import { verifyLedger } from "./verify.js";
import { submitCheckpoint } from "./witness-submit.js";

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "lower-case hex SHA-256");
const size = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const departmentQuery = z.string().min(1).max(100).describe("Department id (uuid) or code");
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Public ledger URLs name the log by department id or code. */
export async function resolveLog(db: Db, department: string): Promise<string> {
  if (UUID_RE.test(department)) return (await getDepartment(db, department.toLowerCase())).id;
  return (await departmentByCode(db, department)).id;
}

export const signedTreeHead = z
  .object({
    sth: z.object({
      type: z.literal("sortes/sth/v1"),
      log: z.string().uuid(),
      treeSize: z.number().int(),
      rootHash: hex64,
      timestamp: z.number().int(),
      keyId: hex64,
    }),
    signature: z.string(),
  })
  .meta({ id: "SignedTreeHead" });

const ledgerEntry = z
  .object({
    index: z.number().int(),
    leafHash: hex64,
    leaf: z.object({
      v: z.literal(1),
      log: z.string(),
      index: z.number().int(),
      kind: z.string(),
      artefactId: z.string(),
      loggedAt: z.string(),
      contentHash: hex64,
    }),
    content: z.unknown().describe("null once taken down"),
    takenDown: z.object({ at: z.string(), byIndex: z.number().int().nullable() }).nullable(),
  })
  .meta({ id: "LedgerEntry" });

const proof = z.array(hex64);

export const ledgerRoutes = [
  defineRoute({
    method: "get",
    path: "/public/keys",
    operationId: "listPublicKeys",
    summary: "The service's public signing keys",
    tag: "ledger",
    access: "public",
    responses: {
      200: {
        description: "Ed25519 public keys (raw, hex) by key id; `current` signs new heads and proofs",
        schema: z.object({
          current: hex64,
          keys: z.array(
            z.object({
              keyId: hex64,
              algorithm: z.string(),
              publicKey: z.string(),
              origin: z.string(),
              createdAt: z.string(),
            }),
          ),
        }),
      },
    },
    handler: async (c, { ctx }) => {
      const current = await getSigningKey(ctx.db, ctx.config);
      return c.json({ current: current.keyId, keys: await listPublicKeys(ctx.db) });
    },
  }),
  defineRoute({
    method: "get",
    path: "/public/ledger/sth",
    operationId: "getLatestTreeHead",
    summary: "Latest signed tree head of a department's log",
    tag: "ledger",
    access: "public",
    query: z.object({ department: departmentQuery }),
    responses: { 200: { description: "The latest signed tree head", schema: signedTreeHead } },
    handler: async (c, { ctx, query }) => {
      const sth = await latestTreeHead(ctx.db, await resolveLog(ctx.db, query.department));
      if (!sth) throw new NotFound("no tree head has been signed for this log yet");
      return c.json(sth);
    },
  }),
  defineRoute({
    method: "post",
    path: "/ledger/sth",
    operationId: "signTreeHead",
    summary: "Sign a tree head over the department's log now",
    tag: "ledger",
    access: ["admin"],
    adminOnly: true,
    responses: {
      201: {
        description:
          "The new signed tree head; its C2SP checkpoint is stored and has been submitted to the configured witnesses (see GET /public/ledger/witnesses for their answers)",
        schema: signedTreeHead,
      },
    },
    handler: async (c, { ctx }) => {
      const head = await createTreeHead(ctx.db, ctx.config, ctx.auth!.departmentId);
      // Bounded by WITNESS_TIMEOUT_MS; failures are recorded per witness, never thrown.
      await submitCheckpoint(ctx.db, ctx.config, ctx.auth!.departmentId);
      return c.json(head, 201);
    },
  }),
  defineRoute({
    method: "get",
    path: "/public/ledger/proof/inclusion",
    operationId: "getInclusionProof",
    summary: "Inclusion proof of a leaf in a tree of a given size",
    tag: "ledger",
    access: "public",
    query: z.object({ department: departmentQuery, leaf: hex64.describe("Leaf hash"), size: size.min(1) }),
    responses: {
      200: {
        description: "RFC 9162 inclusion proof",
        schema: z.object({ leafHash: hex64, index: z.number().int(), treeSize: z.number().int(), proof }),
      },
    },
    handler: async (c, { ctx, query }) =>
      c.json(
        await inclusionProof(ctx.db, await resolveLog(ctx.db, query.department), {
          leafHash: query.leaf,
          treeSize: query.size,
        }),
      ),
  }),
  defineRoute({
    method: "get",
    path: "/public/ledger/proof/consistency",
    operationId: "getConsistencyProof",
    summary: "Consistency proof between two tree sizes",
    tag: "ledger",
    access: "public",
    query: z.object({ department: departmentQuery, from: size, to: size }),
    responses: {
      200: {
        description: "RFC 9162 consistency proof",
        schema: z.object({ from: z.number().int(), to: z.number().int(), proof }),
      },
    },
    handler: async (c, { ctx, query }) =>
      c.json(
        await consistencyProof(ctx.db, await resolveLog(ctx.db, query.department), {
          from: query.from,
          to: query.to,
        }),
      ),
  }),
  defineRoute({
    method: "get",
    path: "/public/ledger/entries",
    operationId: "listLedgerEntries",
    summary: "Log entries in index order: a range, or those of one artefact",
    tag: "ledger",
    access: "public",
    query: z.object({
      department: departmentQuery,
      from: size.default(0),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      kind: z.string().min(1).max(64).optional().describe("With artefactId: that artefact's entries"),
      artefactId: z.string().min(1).max(200).optional(),
    }),
    responses: {
      200: {
        description: "Entries [from, from+limit), or every entry of kind+artefactId",
        schema: z.object({ items: z.array(ledgerEntry) }),
      },
    },
    handler: async (c, { ctx, query }) => {
      const log = await resolveLog(ctx.db, query.department);
      if (query.kind !== undefined || query.artefactId !== undefined) {
        if (query.kind === undefined || query.artefactId === undefined) {
          throw new Invalid("kind and artefactId go together", [
            { field: query.kind ? "artefactId" : "kind", reason: "required" },
          ]);
        }
        return c.json({ items: await findLedgerEntries(ctx.db, log, query.kind, query.artefactId) });
      }
      return c.json({ items: await listLedgerEntries(ctx.db, log, query.from, query.limit) });
    },
  }),
  defineRoute({
    method: "get",
    path: "/public/ledger/entries/:index",
    operationId: "getLedgerEntry",
    summary: "One log entry (content hidden once taken down)",
    tag: "ledger",
    access: "public",
    params: z.object({ index: size }),
    query: z.object({ department: departmentQuery }),
    responses: { 200: { description: "The entry", schema: ledgerEntry } },
    handler: async (c, { ctx, params, query }) =>
      c.json(await getLedgerEntry(ctx.db, await resolveLog(ctx.db, query.department), params.index)),
  }),
  defineRoute({
    method: "get",
    path: "/ledger/verify",
    operationId: "verifyLedger",
    summary: "Re-check the department's log and its signed heads",
    tag: "ledger",
    access: ["admin", "auditor"],
    responses: {
      200: {
        description: "ok, or the first problem found with its leaf index",
        schema: z.object({
          ok: z.boolean(),
          size: z.number().int(),
          treeHeadsChecked: z.number().int(),
          firstProblem: z
            .object({ index: z.number().int(), reason: z.string(), treeSize: z.number().int().optional() })
            .nullable(),
        }),
      },
    },
    handler: async (c, { ctx }) => c.json(await verifyLedger(ctx.db, ctx.auth!.departmentId)),
  }),
];
