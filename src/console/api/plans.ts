/** Annual plans (年度抽查计划): the year's current version, its versions, drafts, approval, amendments. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { components, operations } from "./schema";

export type Plan = components["schemas"]["Plan"];
export type PlanBody = operations["replacePlan"]["requestBody"]["content"]["application/json"];

const KEY = ["plans"] as const;

export function usePlans() {
  return useQuery({ queryKey: KEY, queryFn: () => unwrap(api.GET("/plans", { params: { query: {} } })) });
}

/** Every version of the year's plan (oldest first); 404 when the year has none. */
export function usePlanVersions(year: number) {
  return useQuery({
    queryKey: [...KEY, year, "versions"],
    queryFn: () => unwrap(api.GET("/plans/{year}/versions", { params: { path: { year } } })),
  });
}

function usePlanWrite<V>(call: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export const useCreatePlan = () =>
  usePlanWrite(({ year, body }: { year: number; body: PlanBody }) =>
    unwrap(api.POST("/plans", { body: { year, ...body } })),
  );

export const useReplacePlan = () =>
  usePlanWrite(({ year, body }: { year: number; body: PlanBody }) =>
    unwrap(api.PUT("/plans/{year}", { params: { path: { year } }, body })),
  );

export const useAmendPlan = () =>
  usePlanWrite(({ year, body, reason }: { year: number; body: PlanBody; reason: string }) =>
    unwrap(api.POST("/plans/{year}/amendments", { params: { path: { year } }, body: { reason, ...body } })),
  );

export const useApprovePlan = () =>
  usePlanWrite((year: number) => unwrap(api.POST("/plans/{year}/approve", { params: { path: { year } } })));

export const useDiscardPlanDraft = () =>
  usePlanWrite((year: number) => unwrap(api.DELETE("/plans/{year}", { params: { path: { year } } })));
