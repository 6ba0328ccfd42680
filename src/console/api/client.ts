/**
 * The one API client of the console: openapi-fetch over the types generated from
 * openapi/openapi.json (schema.d.ts). Requests go to the same origin with the session cookie;
 * writes carry the CSRF token the session answer gave (A's contract: cookie-authenticated
 * writes without `x-csrf-token` are refused), and every request the console's language.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { paths } from "./schema";

/** A problem+json answer (RFC 9457) as the API sends every error. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field?: string; line?: number; reason: string }[];
}

/** Thrown by `unwrap` for any non-2xx answer; pages show its title and detail. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
  }
}

let csrfToken: string | null = null;
/** The console's language: the server writes problem titles and details in it (Accept-Language). */
let language = "zh-CN";

export function setApiLanguage(lang: string): void {
  language = lang;
}

/** Set from the session answer (sign-in or GET /auth/session); cleared on sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    request.headers.set("accept-language", language);
    if (csrfToken && request.method !== "GET" && request.method !== "HEAD") {
      request.headers.set("x-csrf-token", csrfToken);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: "same-origin" });
api.use(csrf);

function toProblem(error: unknown, response: Response): Problem {
  if (error && typeof error === "object" && "title" in error) return error as Problem;
  return { title: response.statusText || "请求失败", status: response.status, detail: String(error ?? "") };
}

/** The answer's data, or an ApiProblem carrying the server's problem+json. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiProblem(toProblem(error, response));
  return data as T;
}
