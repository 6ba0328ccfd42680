/**
 * The console home's data: the year's plan progress (GET /plans/{year}/progress), publications
 * due this week and expiring certificates (GET /dashboard), the ledger's latest signed tree head
 * with its witnesses' cosignatures, and the scheduled jobs (admins only on the server).
 */
import { useQuery } from "@tanstack/react-query";
import { ApiProblem, api, unwrap } from "./client";
import type { components } from "./schema";

export type PlanProgress = components["schemas"]["PlanProgress"];
export type ProgressItem = PlanProgress["items"][number];

/** A 404 (no plan for the year) is an empty state, not an error. */
async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ApiProblem && e.problem.status === 404) return null;
    throw e;
  }
}

export function usePlanProgress(year: number) {
  return useQuery({
    queryKey: ["dashboard", "progress", year],
    queryFn: () => orNull(unwrap(api.GET("/plans/{year}/progress", { params: { path: { year } } }))),
  });
}

export function useDashboard() {
  return useQuery({ queryKey: ["dashboard", "summary"], queryFn: () => unwrap(api.GET("/dashboard")) });
}

/** The newest signed tree head and the newest checkpoint's cosigners (null before the first head). */
export function useLedgerHead(departmentCode: string | undefined) {
  return useQuery({
    queryKey: ["dashboard", "ledger", departmentCode],
    enabled: departmentCode !== undefined,
    queryFn: async () => {
      const query = { department: departmentCode as string };
      const sth = await orNull(unwrap(api.GET("/public/ledger/sth", { params: { query } })));
      const checkpoints = await unwrap(
        api.GET("/public/ledger/checkpoints", { params: { query: { ...query, limit: 1 } } }),
      );
      const witnesses = await unwrap(api.GET("/public/ledger/witnesses", { params: { query } }));
      return { sth, checkpoint: checkpoints.items[0] ?? null, witnesses: witnesses.items };
    },
  });
}

export function useJobs(enabled: boolean) {
  return useQuery({ queryKey: ["dashboard", "jobs"], enabled, queryFn: () => unwrap(api.GET("/jobs")) });
}
