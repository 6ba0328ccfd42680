/** The inspector's own assignments (GET /me/assignments), accepting and declaring a conflict. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { components, paths } from "./schema";

export type Assignment = components["schemas"]["Assignment"];
type ConflictBody = NonNullable<
  paths["/me/assignments/{id}/conflict"]["post"]["requestBody"]
>["content"]["application/json"];
export type ConflictCategory = ConflictBody["category"];

/** Every category the API accepts (a Record, so the compiler notices one added or removed). */
const categories: Record<ConflictCategory, true> = {
  "own-interest": true,
  spouse: true,
  "lineal-relative": true,
  "collateral-relative": true,
  "close-in-law": true,
  "former-employment": true,
  other: true,
};
export const CONFLICT_CATEGORIES = Object.keys(categories) as ConflictCategory[];

const MINE = ["me", "assignments"] as const;

export function useMyAssignments() {
  return useQuery({ queryKey: MINE, queryFn: () => unwrap(api.GET("/me/assignments")) });
}

export function useAcceptAssignment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/me/assignments/{id}/accept", { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: MINE }),
  });
}

export function useDeclareConflict() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; category: ConflictCategory; statement: string }) =>
      unwrap(
        api.POST("/me/assignments/{id}/conflict", {
          params: { path: { id: v.id } },
          body: { category: v.category, statement: v.statement },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: MINE }),
  });
}
