/**
 * The one error hierarchy. Domain code throws these; src/http/on-error.ts maps them to
 * application/problem+json. Nothing here knows about HTTP frameworks.
 */
export interface FieldError {
  /** 1-based line in an uploaded file, when the error comes from a file. */
  line?: number;
  /** Column header or JSON path of the offending field. */
  field?: string;
  reason: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly slug: string;
  abstract readonly title: string;
  constructor(
    detail: string,
    readonly errors: FieldError[] = [],
    /** Extra members for the problem document (e.g. totalErrors). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export class Invalid extends AppError {
  readonly status = 400;
  readonly slug = "invalid";
  readonly title = "Invalid input";
}

export class Unauthorized extends AppError {
  readonly status = 401;
  readonly slug = "unauthorized";
  readonly title = "Authentication required";
}

export class Forbidden extends AppError {
  readonly status = 403;
  readonly slug = "forbidden";
  readonly title = "Forbidden";
}

/** A session-authenticated write without the session's `x-csrf-token` header (or a cross-site sign-in). */
export class CsrfRejected extends AppError {
  readonly status = 403;
  readonly slug = "csrf";
  readonly title = "Cross-site request refused";
}

export class NotFound extends AppError {
  readonly status = 404;
  readonly slug = "not-found";
  readonly title = "Not found";
}

export class Conflict extends AppError {
  readonly status = 409;
  readonly slug = "conflict";
  readonly title = "Conflict";
}

export class PayloadTooLarge extends AppError {
  readonly status = 413;
  readonly slug = "payload-too-large";
  readonly title = "Payload too large";
}

/** An account locked after repeated failed sign-ins; `extra.lockedUntil` says until when (ISO-8601). */
export class Locked extends AppError {
  readonly status = 423;
  readonly slug = "locked";
  readonly title = "Account locked";
  constructor(
    detail: string,
    readonly lockedUntil: Date,
  ) {
    super(detail, [], { lockedUntil: lockedUntil.toISOString() });
  }
}

export class Unprocessable extends AppError {
  readonly status = 422;
  readonly slug = "unprocessable";
  readonly title = "Rule violated";
}

export class TooManyRequests extends AppError {
  readonly status = 429;
  readonly slug = "too-many-requests";
  readonly title = "Too many requests";
  /** Whole seconds until a retry can succeed: the problem's `retryAfterSeconds` and the Retry-After header. */
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail, [], { retryAfterSeconds });
  }
}

/**
 * Stored rows disagree with what was signed or ledgered (a table edited behind the service's
 * back, or a bug): the data is never served as truth. `extra.integrity` names the round or
 * artefact, the table, the row's key, the field, and the expected and found values.
 */
export class IntegrityFailure extends AppError {
  readonly status = 500;
  readonly slug = "integrity";
  readonly title = "Integrity check failed";
}
