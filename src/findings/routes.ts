/**
 * Inspection records and findings. Team members (inspector tokens bound to a current member)
 * write; admins and auditors read. A non-member inspector gets 404, never 403.
 */
import { z } from "zod";
import type { AuthContext } from "../auth/tokens.js";
import { readDownQuery, resolveReadableDepartment } from "../departments/read-scope.js";
import { Invalid, NotFound } from "../errors.js";
import { defineRoute } from "../http/route.js";
import { appendEvent, listTimeline, signOff, verifyTimeline } from "./events.js";
import { evidenceStream, storeEvidence } from "./evidence-store.js";
import { findingInput } from "./finding-input.js";
import { fileFinding, getFinding, listFindings } from "./findings.js";
import { EVENT_KINDS } from "./result-codes.js";
import { requireMember, requireTeam, requireWindowOpen, type TeamRef } from "./team.js";
import { findingSchema, findingView, inspectionEventSchema, teamParams } from "./views.js";

const writableKinds = EVENT_KINDS.filter((k) => k !== "sign_off" && k !== "evidence_file") as [
  Exclude<(typeof EVENT_KINDS)[number], "sign_off" | "evidence_file">,
  ...Exclude<(typeof EVENT_KINDS)[number], "sign_off" | "evidence_file">[],
];

const eventBody = z
  .object({
    kind: z.enum(writableKinds),
    summary: z.string().trim().min(1).max(4000),
    occurredAt: z.string().datetime({ offset: true }).optional(),
    detail: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("media_reference needs { uri, mediaType?, sha256?, durationSeconds? }"),
    correctsEventId: z.string().uuid().nullable().optional().describe("The event this one corrects"),
  })
  .meta({ id: "InspectionEventInput" });

const evidenceQuery = z.object({
  summary: z
    .string()
    .trim()
    .min(1)
    .max(4000)
    .optional()
    .describe("What the file shows; without it the event reads 证据文件 with the media type and size"),
  occurredAt: z.string().datetime({ offset: true }).optional(),
  correctsEventId: z.string().uuid().optional(),
});

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i;

const team = (auth: AuthContext, p: { roundId: string; entityId: string }): TeamRef => ({
  departmentId: auth.departmentId,
  roundId: p.roundId,
  entityId: p.entityId,
});
const author = (auth: AuthContext) => ({ inspectorId: auth.inspectorId, tokenId: auth.tokenId });

/** Admins and auditors read any team of their department; inspectors only their own. */
async function requireReader(ctx: { db: Parameters<typeof requireTeam>[0]; auth: AuthContext }, t: TeamRef) {
  if (ctx.auth.role === "inspector") await requireMember(ctx.db, t, ctx.auth.inspectorId);
  else await requireTeam(ctx.db, t);
}

const base = "/inspections/:roundId/:entityId";
const created = (description: string) => ({
  201: { description, schema: inspectionEventSchema },
  409: {
    description:
      "The round's inspection window has not opened yet (the problem's windowOpensOn gives the day, Beijing time)",
  },
  422: { description: "occurredAt falls before the inspection window opens" },
});

export const findingRoutes = [
  defineRoute({
    method: "post",
    path: `${base}/events`,
    operationId: "appendInspectionEvent",
    summary: "Append an event to the team's inspection timeline",
    tag: "inspections",
    access: ["inspector"],
    params: teamParams,
    body: eventBody,
    responses: created("The appended event"),
    handler: async (c, { ctx, params, body }) =>
      c.json(await appendEvent(ctx.db, team(ctx.auth!, params), author(ctx.auth!), body), 201),
  }),
  defineRoute({
    method: "post",
    path: `${base}/evidence`,
    operationId: "uploadEvidence",
    summary: "Upload an evidence file (raw body) to the team's timeline",
    tag: "inspections",
    access: ["inspector"],
    params: teamParams,
    query: evidenceQuery,
    rawBody: {
      contentTypes: ["application/octet-stream", "image/*", "audio/*", "video/*", "application/pdf"],
      description: "The file's bytes; stored content-addressed by SHA-256 (limit EVIDENCE_LIMIT_BYTES)",
    },
    responses: created("The evidence_file event with hash, size, media type and storage path"),
    handler: async (c, { ctx, params, query }) => {
      const t = team(ctx.auth!, params);
      // Membership first, so a non-member cannot fill the disk.
      await requireMember(ctx.db, t, ctx.auth!.inspectorId);
      // And the window open: a refused upload must not leave a stored file behind.
      await requireWindowOpen(ctx.db, t, query.occurredAt, new Date());
      const mediaType = (c.req.header("content-type") ?? "application/octet-stream").split(";")[0]!.trim();
      if (!MEDIA_TYPE.test(mediaType))
        throw new Invalid("invalid content-type", [{ field: "content-type", reason: mediaType }]);
      const body = c.req.raw.body;
      if (!body) throw new Invalid("the evidence file is empty");
      const stored = await storeEvidence(ctx.config.DATA_DIR, body, ctx.config.EVIDENCE_LIMIT_BYTES);
      const event = await appendEvent(ctx.db, t, author(ctx.auth!), {
        kind: "evidence_file",
        summary:
          query.summary ?? `证据文件 / evidence file (${mediaType.toLowerCase()}, ${stored.size} bytes)`,
        occurredAt: query.occurredAt,
        correctsEventId: query.correctsEventId ?? null,
        evidence: { ...stored, mediaType: mediaType.toLowerCase() },
      });
      return c.json(event, 201);
    },
  }),
  defineRoute({
    method: "post",
    path: `${base}/sign-off`,
    operationId: "signOffInspection",
    summary: "Sign off the team's timeline with your own credential",
    tag: "inspections",
    access: ["inspector"],
    params: teamParams,
    responses: {
      201: { description: "The sign_off event naming the signed head", schema: inspectionEventSchema },
      409: { description: "The timeline is empty, or you already signed its current head" },
    },
    handler: async (c, { ctx, params }) =>
      c.json(await signOff(ctx.db, team(ctx.auth!, params), author(ctx.auth!)), 201),
  }),
  defineRoute({
    method: "get",
    path: `${base}/events`,
    operationId: "listInspectionEvents",
    summary: "Read the team's inspection timeline",
    tag: "inspections",
    access: ["admin", "auditor", "inspector"],
    params: teamParams,
    responses: {
      200: {
        description: "Events in order and whether the hash chain is intact",
        schema: z.object({
          items: z.array(inspectionEventSchema),
          firstBrokenSeq: z.number().int().nullable(),
        }),
      },
    },
    handler: async (c, { ctx, params }) => {
      const t = team(ctx.auth!, params);
      await requireReader({ db: ctx.db, auth: ctx.auth! }, t);
      return c.json({
        items: await listTimeline(ctx.db, t),
        firstBrokenSeq: await verifyTimeline(ctx.db, t),
      });
    },
  }),
  defineRoute({
    method: "get",
    path: `${base}/evidence/:sha256`,
    operationId: "downloadEvidence",
    summary: "Download an evidence file of the team's timeline",
    tag: "inspections",
    access: ["admin", "auditor", "inspector"],
    params: teamParams.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    responses: { 200: { description: "The file", contentTypes: ["application/octet-stream"] } },
    handler: async (c, { ctx, params }) => {
      const t = team(ctx.auth!, params);
      await requireReader({ db: ctx.db, auth: ctx.auth! }, t);
      const ev = (await listTimeline(ctx.db, t)).find((e) => e.evidence?.sha256 === params.sha256);
      if (!ev?.evidence) throw new NotFound(`evidence ${params.sha256} is not in this timeline`);
      const stream = await evidenceStream(ctx.config.DATA_DIR, params.sha256);
      return c.body(stream, 200, {
        "content-type": ev.evidence.mediaType,
        "content-length": String(ev.evidence.size),
        // Uploaded bytes are never rendered on the API's origin.
        "content-disposition": `attachment; filename="${params.sha256}"`,
        "x-content-type-options": "nosniff",
      });
    },
  }),
  defineRoute({
    method: "post",
    path: `${base}/findings`,
    operationId: "fileFinding",
    summary: "File the team's finding (every member must have signed off)",
    tag: "findings",
    access: ["inspector"],
    params: teamParams,
    body: findingInput,
    responses: { 201: { description: "The filed finding", schema: findingSchema } },
    handler: async (c, { ctx, params, body }) =>
      c.json(findingView(await fileFinding(ctx.db, team(ctx.auth!, params), author(ctx.auth!), body)), 201),
  }),
  defineRoute({
    method: "get",
    path: `${base}/findings`,
    operationId: "listTeamFindings",
    summary: "The team's filed findings",
    tag: "findings",
    access: ["admin", "auditor", "inspector"],
    params: teamParams,
    responses: { 200: { description: "Newest first", schema: z.object({ items: z.array(findingSchema) }) } },
    handler: async (c, { ctx, params }) => {
      const t = team(ctx.auth!, params);
      await requireReader({ db: ctx.db, auth: ctx.auth! }, t);
      const rows = await listFindings(ctx.db, t.departmentId, { roundId: t.roundId, entityId: t.entityId });
      return c.json({ items: rows.map(findingView) });
    },
  }),
  defineRoute({
    method: "get",
    path: "/findings",
    operationId: "listFindings",
    summary: "List the department's findings",
    tag: "findings",
    access: ["admin", "auditor"],
    query: readDownQuery.extend({ round: z.string().uuid().optional() }),
    responses: {
      200: { description: "Findings, newest first", schema: z.object({ items: z.array(findingSchema) }) },
    },
    handler: async (c, { ctx, query }) => {
      const departmentId = await resolveReadableDepartment(ctx.db, ctx.auth!, query.department);
      const rows = await listFindings(ctx.db, departmentId, { roundId: query.round });
      return c.json({ items: rows.map(findingView) });
    },
  }),
  defineRoute({
    method: "get",
    path: "/findings/:id",
    operationId: "getFinding",
    summary: "Read one finding",
    tag: "findings",
    access: ["admin", "auditor"],
    params: z.object({ id: z.string().uuid() }),
    query: readDownQuery,
    responses: { 200: { description: "The finding", schema: findingSchema } },
    handler: async (c, { ctx, params, query }) => {
      const departmentId = await resolveReadableDepartment(ctx.db, ctx.auth!, query.department);
      return c.json(findingView(await getFinding(ctx.db, departmentId, params.id)));
    },
  }),
];
