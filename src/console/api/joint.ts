/**
 * Joint rounds (联合抽查): departments to invite (found by name), the invitations of the
 * caller's department (join with its own item, or decline), and the lead's withdrawal.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { operations } from "./schema";

export type JointInvitation =
  operations["listJointInvitations"]["responses"][200]["content"]["application/json"]["items"][number];
export type JoinBody = operations["joinJointRound"]["requestBody"]["content"]["application/json"];
export type Joined = operations["joinJointRound"]["responses"][200]["content"]["application/json"];

const KEY = ["joint-rounds"] as const;
const ROUNDS = ["rounds"] as const;

/** Departments whose name or code contains `q` (at least one character typed). */
export function useDepartmentSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: ["departments", "search", text],
    enabled: text !== "",
    queryFn: () => unwrap(api.GET("/public/departments", { params: { query: { q: text } } })),
    staleTime: 60_000,
  });
}

export function useJointInvitations() {
  return useQuery({ queryKey: KEY, queryFn: () => unwrap(api.GET("/joint-rounds")) });
}

export function useJoinRound() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: JoinBody }) =>
      unwrap(api.POST("/rounds/{id}/join", { params: { path: { id } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useDeclineRound() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/rounds/{id}/decline", { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useWithdrawInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, code }: { id: string; code: string }) =>
      unwrap(api.DELETE("/rounds/{id}/joint-departments/{code}", { params: { path: { id, code } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ROUNDS }),
  });
}
