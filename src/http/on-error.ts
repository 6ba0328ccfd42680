import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Logger } from "pino";
import { z } from "zod";
import { AppError, type FieldError, TooManyRequests } from "../errors.js";
import { PROBLEM_BASE, type Problem, problemResponse as plainProblemResponse } from "./problem.js";
import { localizeProblem, problemLocale } from "./problem-locale.js";

/** Zod issues become per-field errors; `where` says which part of the request failed. */
export function zodFieldErrors(err: z.ZodError, where: string): FieldError[] {
  return err.issues.map((i) => ({
    field: [where, ...i.path.map(String)].join("."),
    reason: i.message,
  }));
}

/** The one place errors become HTTP responses (application/problem+json). */
export function makeOnError(log: Logger) {
  return (err: Error, c: Context): Response => {
    const requestId = c.get("requestId") as string | undefined;
    // Title and common details in the caller's language (Accept-Language: zh-CN or English).
    const locale = problemLocale(c.req.header("accept-language"));
    const problemResponse = (p: Problem, headers: Record<string, string> = {}) =>
      plainProblemResponse(localizeProblem(p, locale), {
        "content-language": locale,
        vary: "Accept-Language",
        ...headers,
      });
    if (err instanceof AppError) {
      // A 5xx AppError is an alarm (e.g. IntegrityFailure: a table disagrees with its signed proof).
      if (err.status >= 500) log.error({ err, requestId, ...err.extra }, err.title);
      return problemResponse(
        {
          type: PROBLEM_BASE + err.slug,
          title: err.title,
          status: err.status,
          detail: err.message,
          requestId,
          ...(err.errors.length ? { errors: err.errors } : {}),
          ...err.extra,
        },
        // RFC 9110 §10.2.3: a 429 says when to come back, in seconds.
        err instanceof TooManyRequests ? { "retry-after": String(err.retryAfterSeconds) } : {},
      );
    }
    if (err instanceof z.ZodError) {
      return problemResponse({
        type: `${PROBLEM_BASE}invalid`,
        title: "Invalid input",
        status: 400,
        detail: "the request did not match the expected shape",
        requestId,
        errors: zodFieldErrors(err, "body"),
      });
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      return problemResponse({
        type: `${PROBLEM_BASE}${status === 413 ? "payload-too-large" : "http"}`,
        title: status === 413 ? "Payload too large" : "HTTP error",
        status,
        detail: err.message || `HTTP ${status}`,
        requestId,
      });
    }
    log.error({ err, requestId }, "unhandled error");
    return problemResponse({
      type: `${PROBLEM_BASE}internal`,
      title: "Internal error",
      status: 500,
      detail: "an unexpected error occurred; quote the request id when reporting it",
      requestId,
    });
  };
}
