import { z } from "zod";
import type { FieldError } from "../errors.js";

export const PROBLEM_BASE = "https://sortes.example/problems/";

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(
        z.object({
          line: z.number().int().optional(),
          field: z.string().optional(),
          reason: z.string(),
        }),
      )
      .optional(),
    totalErrors: z.number().int().optional(),
  })
  .meta({ id: "Problem" });

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId?: string;
  errors?: FieldError[];
  [k: string]: unknown;
}

export function problemResponse(p: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { "content-type": "application/problem+json; charset=utf-8", ...headers },
  });
}
