/**
 * The signed-in person: GET /auth/session (401 → signed out), sign-in and sign-out. The CSRF
 * token from each answer is handed to the client for later writes.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiProblem, api, setCsrfToken, unwrap } from "./client";
import type { components } from "./schema";

export type Session = components["schemas"]["StaffSession"];
export type Account = Session["account"];

export const SESSION_KEY = ["session"] as const;

async function loadSession(): Promise<Session | null> {
  try {
    const session = await unwrap(api.GET("/auth/session"));
    setCsrfToken(session.csrfToken);
    return session;
  } catch (e) {
    if (e instanceof ApiProblem && e.problem.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw e;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: loadSession, staleTime: 60_000, retry: false });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { login: string; password: string }) => unwrap(api.POST("/auth/sign-in", { body })),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      // Whatever was cached belonged to whoever was signed in before.
      qc.clear();
      qc.setQueryData(SESSION_KEY, session);
    },
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/auth/sign-out")),
    onSettled: () => {
      setCsrfToken(null);
      qc.clear();
      qc.setQueryData(SESSION_KEY, null);
    },
  });
}

/** A one-time password (new accounts, resets) is replaced first; other sessions of the account end. */
export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { current: string; next: string }) => unwrap(api.POST("/auth/password", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: SESSION_KEY }),
  });
}

/** Where a person lands after signing in: inspectors on the phone workspace. */
export function homeFor(account: Account): string {
  return account.role === "inspector" ? "/m" : "/";
}
