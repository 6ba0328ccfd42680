import { z } from "zod";
import type { AuthContext } from "../auth/tokens.js";
import { defineRoute } from "../http/route.js";
import { createItemBody, itemCode, patchItemBody } from "./item-input.js";
import { getItem, getItemVersion, listItems, listItemVersions } from "./item-queries.js";
import { itemSummarySchema, itemVersionSchema } from "./item-view.js";
import { createItem, deleteDraft, publishItem, updateItem, withdrawItem } from "./items.js";
import { publicChecklistRoutes } from "./public-routes.js";

/** Admins and auditors see drafts; inspectors see what is published. */
const seesDrafts = (auth: AuthContext) => auth.role !== "inspector";
const codeParams = z.object({ itemCode });
const versionParams = z.object({ itemCode, version: z.coerce.number().int().min(1) });
const tag = "checklist";

export const checklistRoutes = [
  defineRoute({
    method: "post",
    path: "/checklist",
    operationId: "createChecklistItem",
    summary: "Create a checklist item (first version, as a draft)",
    tag,
    access: ["admin"],
    body: createItemBody,
    responses: {
      201: { description: "The draft version 1", schema: itemVersionSchema },
      409: { description: "An item with this code exists" },
      422: { description: "A default rate or frequency is below the floor of 细则第九条" },
    },
    handler: async (c, { ctx, body }) => c.json(await createItem(ctx.db, ctx.auth!.departmentId, body), 201),
  }),
  defineRoute({
    method: "get",
    path: "/checklist",
    operationId: "listChecklistItems",
    summary: "List checklist items",
    tag,
    access: ["admin", "auditor", "inspector"],
    responses: {
      200: {
        description: "Items with current published version and draft",
        schema: z.object({ items: z.array(itemSummarySchema) }),
      },
    },
    handler: async (c, { ctx }) =>
      c.json({
        items: await listItems(ctx.db, ctx.auth!.departmentId, { includeDrafts: seesDrafts(ctx.auth!) }),
      }),
  }),
  defineRoute({
    method: "get",
    path: "/checklist/:itemCode",
    operationId: "getChecklistItem",
    summary: "Get a checklist item",
    tag,
    access: ["admin", "auditor", "inspector"],
    params: codeParams,
    responses: { 200: { description: "Current published version and draft", schema: itemSummarySchema } },
    handler: async (c, { ctx, params }) =>
      c.json(
        await getItem(ctx.db, ctx.auth!.departmentId, params.itemCode, {
          includeDrafts: seesDrafts(ctx.auth!),
        }),
      ),
  }),
  defineRoute({
    method: "patch",
    path: "/checklist/:itemCode",
    operationId: "updateChecklistItem",
    summary: "Edit a checklist item (edits the draft, or starts a new version after publication)",
    tag,
    access: ["admin"],
    params: codeParams,
    body: patchItemBody,
    responses: {
      200: { description: "The edited draft", schema: itemVersionSchema },
      201: {
        description: "A new draft version (the newest version was published)",
        schema: itemVersionSchema,
      },
      422: { description: "A default rate or frequency is below the floor of 细则第九条" },
    },
    handler: async (c, { ctx, params, body }) => {
      const r = await updateItem(ctx.db, ctx.auth!.departmentId, params.itemCode, body);
      return c.json(r.version, r.created ? 201 : 200);
    },
  }),
  defineRoute({
    method: "post",
    path: "/checklist/:itemCode/publish",
    operationId: "publishChecklistItem",
    summary: "Publish the pending draft of a checklist item",
    tag,
    access: ["admin"],
    params: codeParams,
    responses: {
      200: { description: "The published version (immutable from now on)", schema: itemVersionSchema },
      409: { description: "No draft to publish" },
    },
    handler: async (c, { ctx, params }) =>
      c.json(await publishItem(ctx.db, ctx.auth!.departmentId, params.itemCode)),
  }),
  defineRoute({
    method: "delete",
    path: "/checklist/:itemCode/draft",
    operationId: "deleteChecklistDraft",
    summary: "Discard the pending draft of a checklist item",
    tag,
    access: ["admin"],
    params: codeParams,
    responses: { 204: { description: "Discarded" } },
    handler: async (c, { ctx, params }) => {
      await deleteDraft(ctx.db, ctx.auth!.departmentId, params.itemCode);
      return c.body(null, 204);
    },
  }),
  defineRoute({
    method: "post",
    path: "/checklist/:itemCode/withdraw",
    operationId: "withdrawChecklistItem",
    summary: "Withdraw an item from the checklist (its published versions stay public as history)",
    tag,
    access: ["admin"],
    params: codeParams,
    body: z.object({
      reason: z.string().trim().min(1).max(2000).describe("Why, e.g. the repealed provision"),
    }),
    responses: {
      200: { description: "The withdrawn item", schema: itemSummarySchema },
      409: { description: "Already withdrawn, or never published" },
    },
    handler: async (c, { ctx, params, body }) => {
      await withdrawItem(ctx.db, ctx.auth!.departmentId, params.itemCode, body.reason);
      return c.json(await getItem(ctx.db, ctx.auth!.departmentId, params.itemCode, { includeDrafts: true }));
    },
  }),
  defineRoute({
    method: "get",
    path: "/checklist/:itemCode/versions",
    operationId: "listChecklistItemVersions",
    summary: "List the versions of a checklist item",
    tag,
    access: ["admin", "auditor", "inspector"],
    params: codeParams,
    responses: {
      200: { description: "Versions, oldest first", schema: z.object({ items: z.array(itemVersionSchema) }) },
    },
    handler: async (c, { ctx, params }) => {
      const opts = { includeDrafts: seesDrafts(ctx.auth!) };
      return c.json({ items: await listItemVersions(ctx.db, ctx.auth!.departmentId, params.itemCode, opts) });
    },
  }),
  defineRoute({
    method: "get",
    path: "/checklist/:itemCode/versions/:version",
    operationId: "getChecklistItemVersion",
    summary: "Get one version of a checklist item",
    tag,
    access: ["admin", "auditor", "inspector"],
    params: versionParams,
    responses: { 200: { description: "The version", schema: itemVersionSchema } },
    handler: async (c, { ctx, params }) => {
      const opts = { includeDrafts: seesDrafts(ctx.auth!) };
      return c.json(
        await getItemVersion(ctx.db, ctx.auth!.departmentId, params.itemCode, params.version, opts),
      );
    },
  }),
  ...publicChecklistRoutes,
];
