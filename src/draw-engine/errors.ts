/**
 * Every rejection carries a stable machine code plus a plain-language message
 * (the verifier prints the message as "the first mismatch").
 */
export class DrawError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = "DrawError";
    this.code = code;
    this.details = details;
  }
}

export function fail(code: string, message: string, details?: Record<string, unknown>): never {
  throw new DrawError(code, message, details);
}
