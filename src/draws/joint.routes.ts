/**
 * Routes of joint rounds (联合抽查): an invited department joins or declines and lists its
 * invitations; the lead withdraws an invitation.
 */
import { z } from "zod";
import { defineRoute } from "../http/route.js";
import { joinRound, listJointInvitations } from "./joint.js";
import { declineInvitation, withdrawInvitation } from "./joint-invitations.js";
import { roundIdParams } from "./views.js";

const credentials = z.array(z.object({ name: z.string(), credential: z.string() }));

export const jointRoundRoutes = [
  defineRoute({
    method: "post",
    path: "/rounds/:id/join",
    operationId: "joinJointRound",
    summary:
      "Join a joint round (联合抽查) the caller's department was invited to, with its published checklist item and optional contributors",
    tag: "rounds",
    access: ["admin"],
    params: roundIdParams,
    body: z.object({
      itemCode: z.string().min(1).describe("The department's own published checklist item"),
      itemVersion: z.number().int().positive().optional(),
      contributors: z
        .array(z.string().min(1).max(100))
        .max(20)
        .default([])
        .describe("Entropy contributors this department brings (each gets a one-time credential)"),
    }),
    responses: {
      200: {
        description: "Joined; each new contributor's one-time credential (shown only here)",
        schema: z.object({
          roundId: z.string().uuid(),
          itemCode: z.string(),
          itemVersion: z.number().int(),
          credentials,
        }),
      },
      404: { description: "No such round, or the department was not invited to it" },
      409: { description: "Already joined, or the round is no longer a draft" },
      422: { description: "The department's approved plan for the round's year does not cover the item" },
    },
    handler: async (c, { ctx, params, body }) =>
      c.json(await joinRound(ctx.db, ctx.auth!.departmentId, params.id, body)),
  }),
  defineRoute({
    method: "post",
    path: "/rounds/:id/decline",
    operationId: "declineJointRound",
    summary:
      "Decline a joint round's invitation: the department takes no part and the lead may commit without it",
    tag: "rounds",
    access: ["admin"],
    params: roundIdParams,
    responses: {
      200: {
        description: "Declined",
        schema: z.object({ roundId: z.string().uuid(), declinedAt: z.string() }),
      },
      404: { description: "No such round, or the department was not invited to it" },
      409: { description: "Already joined or declined, or the round is no longer a draft" },
    },
    handler: async (c, { ctx, params }) =>
      c.json(await declineInvitation(ctx.db, ctx.auth!.departmentId, params.id)),
  }),
  defineRoute({
    method: "delete",
    path: "/rounds/:id/joint-departments/:code",
    operationId: "withdrawJointInvitation",
    summary: "The lead withdraws a draft joint round's invitation of a department that has not joined",
    tag: "rounds",
    access: ["admin"],
    params: roundIdParams.extend({ code: z.string().min(1).max(64) }),
    responses: {
      204: { description: "Withdrawn: the department is no longer part of the round" },
      404: { description: "No such round of the caller's department, or the department is not invited" },
      409: { description: "The department has joined, or the round is no longer a draft" },
    },
    handler: async (c, { ctx, params }) => {
      await withdrawInvitation(ctx.db, ctx.auth!.departmentId, params.id, params.code);
      return c.body(null, 204);
    },
  }),
  defineRoute({
    method: "get",
    path: "/joint-rounds",
    operationId: "listJointInvitations",
    summary: "Joint rounds another department leads and invited the caller's department to",
    tag: "rounds",
    access: ["admin", "auditor"],
    responses: {
      200: {
        description: "Invitations, newest first",
        schema: z.object({
          items: z.array(
            z.object({
              roundId: z.string().uuid(),
              title: z.string(),
              planYear: z.number().int(),
              status: z.string(),
              lead: z.object({ code: z.string(), name: z.string() }),
              joined: z.boolean(),
              declined: z.boolean(),
            }),
          ),
        }),
      },
    },
    handler: async (c, { ctx }) =>
      c.json({ items: await listJointInvitations(ctx.db, ctx.auth!.departmentId) }),
  }),
];
