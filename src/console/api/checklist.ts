/** The department's checklist (随机抽查事项清单): items, drafts, publication, withdrawal, versions. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { components, operations } from "./schema";

export type ChecklistItemSummary = components["schemas"]["ChecklistItemSummary"];
export type ChecklistItemVersion = components["schemas"]["ChecklistItemVersion"];
export type CreateItemBody = operations["createChecklistItem"]["requestBody"]["content"]["application/json"];
export type PatchItemBody = operations["updateChecklistItem"]["requestBody"]["content"]["application/json"];

const KEY = ["checklist"] as const;

export function useChecklist() {
  return useQuery({ queryKey: KEY, queryFn: () => unwrap(api.GET("/checklist")) });
}

export function useItemVersions(itemCode: string | null) {
  return useQuery({
    queryKey: [...KEY, itemCode, "versions"],
    enabled: itemCode !== null,
    queryFn: () =>
      unwrap(api.GET("/checklist/{itemCode}/versions", { params: { path: { itemCode: itemCode ?? "" } } })),
  });
}

/** Every write refreshes the list (and the version histories under it). */
function useChecklistWrite<V>(call: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export const useCreateItem = () =>
  useChecklistWrite((body: CreateItemBody) => unwrap(api.POST("/checklist", { body })));

export const useUpdateItem = () =>
  useChecklistWrite(({ itemCode, body }: { itemCode: string; body: PatchItemBody }) =>
    unwrap(api.PATCH("/checklist/{itemCode}", { params: { path: { itemCode } }, body })),
  );

export const usePublishItem = () =>
  useChecklistWrite((itemCode: string) =>
    unwrap(api.POST("/checklist/{itemCode}/publish", { params: { path: { itemCode } } })),
  );

export const useDiscardDraft = () =>
  useChecklistWrite((itemCode: string) =>
    unwrap(api.DELETE("/checklist/{itemCode}/draft", { params: { path: { itemCode } } })),
  );

export const useWithdrawItem = () =>
  useChecklistWrite(({ itemCode, reason }: { itemCode: string; reason: string }) =>
    unwrap(api.POST("/checklist/{itemCode}/withdraw", { params: { path: { itemCode } }, body: { reason } })),
  );
