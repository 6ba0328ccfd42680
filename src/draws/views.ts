/** Zod shapes shared by the draw routes (OpenAPI components), and the streaming helper. */
import { z } from "zod";
import { EXCLUSION_CODES } from "./pool-exclusions.js";

export const complaintStratumSchema = z
  .object({
    minComplaints: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .describe(
        "Entities whose roster complaint count (complaints in the 12 months before the revision) is at least this",
      ),
    rateBp: z
      .number()
      .int()
      .min(0)
      .max(10000)
      .describe("Their rate, basis points; at least the plan's highest class rate"),
  })
  .meta({ id: "ComplaintStratum" });

export const roundSchema = z
  .object({
    id: z.string().uuid(),
    departmentId: z.string().uuid(),
    title: z.string(),
    planYear: z.number().int(),
    itemVersionId: z.string().uuid(),
    revisionId: z.string().uuid().nullable(),
    status: z.enum(["draft", "committed", "revealed", "drawn", "in_progress", "closed", "failed"]),
    failure: z.object({ code: z.string(), reason: z.string() }).nullable(),
    teamSize: z.number().int(),
    window: z.object({ from: z.string(), until: z.string() }),
    revealDeadline: z
      .string()
      .describe("UTC time in the draw-spec §3.2 form YYYY-MM-DDTHH:MM:SSZ, as in the commitment"),
    drawAt: z.string().nullable(),
    beaconPlan: z.unknown().nullable(),
    beacon: z.unknown().nullable(),
    commitment: z.unknown().nullable().describe("The committed document (draw-spec §8.1)"),
    commitmentHash: z.string().nullable(),
    seed: z.string().nullable(),
    supplementsRoundId: z.string().uuid().nullable(),
    complaintStratum: complaintStratumSchema
      .nullable()
      .describe(
        "The complaint stratum rule (RULES §5, draw-spec §17.1), committed in the filter; null: none",
      ),
    departments: z
      .array(
        z.object({
          code: z.string(),
          name: z.string(),
          role: z.enum(["lead", "member"]),
          joined: z.boolean().describe("A member has joined with its checklist item (the lead always has)"),
          declined: z
            .boolean()
            .describe("A member declined the invitation (listed while the round is a draft)"),
        }),
      )
      .describe("Every department of the round, the lead first; more than one for a joint round (联合抽查)"),
    contributors: z.array(
      z.object({
        name: z.string(),
        commitment: z.string().nullable(),
        revealed: z.boolean(),
        nonce: z.string().nullable().describe("Null until the round is revealed (or failed)"),
        revealedAt: z
          .string()
          .nullable()
          .describe(
            "UTC time in the draw-spec §3.2 form YYYY-MM-DDTHH:MM:SSZ, as in the proof's reveals; null until revealed",
          ),
      }),
    ),
    createdAt: z.string(),
    committedAt: z
      .string()
      .nullable()
      .describe(
        "UTC time in the draw-spec §3.2 form YYYY-MM-DDTHH:MM:SSZ, as in the commitment; null for a draft",
      ),
  })
  .meta({ id: "Round" });

/** Roster inspectors a round's draw cannot use (src/draws/pool-exclusions.ts), for admins only. */
export const excludedInspectorsSchema = z
  .array(
    z.object({
      inspectorId: z.string().uuid(),
      name: z.string(),
      certificateNo: z.string(),
      inPool: z
        .boolean()
        .describe("In the committed pool (active, certified on the window's first day) yet not a candidate"),
      reasons: z
        .array(
          z.object({
            code: z.enum(EXCLUSION_CODES),
            detail: z.string().describe("The dates or qualification behind the code, in words"),
          }),
        )
        .min(1),
    }),
  )
  .describe(
    "Every roster inspector the draw cannot use, in certificate-number order, with each reason: " +
      "suspended, left, certificate-not-yet-valid (on the window's first day), certificate-expired " +
      "(before the window opens), certificate-expires-in-window, not-qualified (lacks the item's qualification)",
  )
  .meta({ id: "ExcludedInspectors" });

/** The round as its department's admins and auditors see it: the public view plus exclusions. */
export const roundDetailSchema = roundSchema
  .extend({
    excludedInspectors: excludedInspectorsSchema
      .nullable()
      .describe("Null until the round is committed (the roster is read at commit)"),
  })
  .meta({ id: "RoundDetail" });

export const roundIdParams = z.object({ id: z.string().uuid() });

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");
export const isoTime = z.string().datetime({ offset: true });

/** A streamed (chunked) response from an async generator of text chunks. */
export function streamText(gen: AsyncGenerator<string>, contentType: string, filename?: string): Response {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Batch small lines into ~64 KiB chunks.
      let buf = "";
      while (buf.length < 65536) {
        const { value, done } = await gen.next();
        if (done) {
          if (buf) controller.enqueue(enc.encode(buf));
          controller.close();
          return;
        }
        buf += value;
      }
      controller.enqueue(enc.encode(buf));
    },
    async cancel() {
      await gen.return(undefined);
    },
  });
  const headers: Record<string, string> = { "content-type": contentType };
  if (filename) headers["content-disposition"] = `attachment; filename="${filename}"`;
  return new Response(body, { status: 200, headers });
}
