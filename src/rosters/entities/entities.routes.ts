import { z } from "zod";
import { Invalid } from "../../errors.js";
import { defineRoute } from "../../http/route.js";
import { entityImportKind } from "../imports/entities-import.js";
import { importErrorRoutes } from "../imports/import-errors.routes.js";
import { createImportJob, getImportJob, importJobView } from "../imports/import-jobs.js";
import { UPLOAD_REFUSED, uploadFormat, XLSX_TYPE } from "../imports/import-source.js";
import { entityListQuery, entityView, getEntity, listEntities } from "./entities.js";
import { freezeBody, freezeRoster, getRevision, listRevisions, revisionView } from "./revisions.js";
import { diffQuery, diffRevisions, diffView } from "./revisions-diff.js";

const READERS = ["admin", "auditor"] as const;

const importQuery = z.object({
  mode: z.enum(["replace", "upsert"]).default("replace"),
  /** Only needed when the content type does not say (application/octet-stream). */
  format: z.enum(["csv", "xlsx"]).optional(),
  encoding: z.enum(["auto", "utf-8", "gb18030"]).default("auto"),
});

const uuidParam = z.object({ id: z.string().uuid() });

export const entityRoutes = [
  defineRoute({
    method: "get",
    path: "/entities",
    operationId: "listEntities",
    summary: "List the market-entity roster",
    tag: "entities",
    access: READERS,
    query: entityListQuery,
    responses: {
      200: {
        description: "One page, ordered by credit code; pass nextCursor as cursor for the next",
        schema: z.object({ items: z.array(entityView), nextCursor: z.string().nullable() }),
      },
    },
    handler: async (c, { ctx, query }) => c.json(await listEntities(ctx.db, ctx.auth!.departmentId, query)),
  }),
  defineRoute({
    method: "post",
    path: "/entities/imports",
    operationId: "importEntities",
    summary: "Import the entity roster from a CSV or XLSX file",
    tag: "entities",
    access: ["admin"],
    query: importQuery,
    rawBody: {
      contentTypes: ["text/csv", XLSX_TYPE, "application/octet-stream"],
      description:
        "CSV (UTF-8 or GBK/GB18030, detected) or XLSX with Chinese or English headers. All or nothing: " +
        "mode=replace (default) makes the file the whole roster; mode=upsert adds and updates only.",
    },
    responses: {
      202: { description: "The queued import job", schema: importJobView },
      400: { description: UPLOAD_REFUSED },
    },
    handler: async (c, { ctx, query }) => {
      const body = c.req.raw.body;
      if (!body) throw new Invalid("the upload is empty");
      const job = await createImportJob({
        database: ctx.database,
        dataDir: ctx.config.DATA_DIR,
        departmentId: ctx.auth!.departmentId,
        kind: entityImportKind,
        format: uploadFormat(c.req.header("content-type"), query.format),
        mode: query.mode,
        encoding: query.encoding === "auto" ? undefined : query.encoding,
        body,
        createdBy: ctx.auth!.tokenId,
      });
      return c.json(job, 202, { location: `/entities/imports/${job.id}` });
    },
  }),
  defineRoute({
    method: "get",
    path: "/entities/imports/:id",
    operationId: "getEntityImport",
    summary: "Show an entity import job",
    tag: "entities",
    access: READERS,
    params: uuidParam,
    responses: {
      200: { description: "State, progress and (when finished) the report", schema: importJobView },
    },
    handler: async (c, { ctx, params }) =>
      c.json(await getImportJob(ctx.db, ctx.auth!.departmentId, params.id, entityImportKind.name)),
  }),
  ...importErrorRoutes("/entities/imports", entityImportKind.name),
  defineRoute({
    method: "post",
    path: "/entities/revisions",
    operationId: "freezeEntityRoster",
    summary: "Freeze the entity roster into a revision",
    tag: "entities",
    access: ["admin"],
    body: freezeBody,
    responses: { 201: { description: "The immutable revision with its Merkle root", schema: revisionView } },
    handler: async (c, { ctx, body }) => {
      const auth = ctx.auth!;
      const rev = await freezeRoster(ctx.db, {
        departmentId: auth.departmentId,
        createdBy: auth.tokenId,
        ...body,
      });
      return c.json(rev, 201);
    },
  }),
  defineRoute({
    method: "get",
    path: "/entities/revisions",
    operationId: "listEntityRevisions",
    summary: "List roster revisions",
    tag: "entities",
    access: READERS,
    responses: { 200: { description: "Newest first", schema: z.object({ items: z.array(revisionView) }) } },
    handler: async (c, { ctx }) => c.json({ items: await listRevisions(ctx.db, ctx.auth!.departmentId) }),
  }),
  defineRoute({
    method: "get",
    path: "/entities/revisions/:id",
    operationId: "getEntityRevision",
    summary: "Get a roster revision",
    tag: "entities",
    access: READERS,
    params: uuidParam,
    responses: { 200: { description: "The revision", schema: revisionView } },
    handler: async (c, { ctx, params }) =>
      c.json(await getRevision(ctx.db, ctx.auth!.departmentId, params.id)),
  }),
  defineRoute({
    method: "get",
    path: "/entities/revisions/:id/diff/:otherId",
    operationId: "diffEntityRevisions",
    summary: "Compare two roster revisions",
    tag: "entities",
    access: READERS,
    params: z.object({ id: z.string().uuid(), otherId: z.string().uuid() }),
    query: diffQuery,
    responses: {
      200: { description: "Entities added, removed and changed from :id to :otherId", schema: diffView },
    },
    handler: async (c, { ctx, params, query }) =>
      c.json(await diffRevisions(ctx.db, ctx.auth!.departmentId, params.id, params.otherId, query)),
  }),
  // Last: `/entities/:code` would otherwise also match `/entities/revisions`.
  defineRoute({
    method: "get",
    path: "/entities/:code",
    operationId: "getEntity",
    summary: "Get one entity by credit code",
    tag: "entities",
    access: READERS,
    params: z.object({ code: z.string().min(1).max(64) }),
    responses: { 200: { description: "The entity", schema: entityView } },
    handler: async (c, { ctx, params }) =>
      c.json(await getEntity(ctx.db, ctx.auth!.departmentId, params.code)),
  }),
];
