/**
 * Rounds (抽查任务) for the wizard: list, one round (polled while it waits for people),
 * preflight checks (GET /round-readiness, GET /rounds/{id}/readiness), create, commit, draw,
 * and the committed eligible set's exclusions. Contributors' own calls are in contribute.ts.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { components, operations } from "./schema";

export type Round = components["schemas"]["Round"];
export type RoundDetail = components["schemas"]["RoundDetail"];
export type ReadinessCheck = components["schemas"]["RoundReadiness"]["checks"][number];
export type CreateRoundBody = operations["createRound"]["requestBody"]["content"]["application/json"];
export type PlannedQuery = operations["plannedRoundReadiness"]["parameters"]["query"];
export type Credential = { name: string; credential: string };

const KEY = ["rounds"] as const;

/** Statuses in which the round waits for other people (contributors): the page polls. */
const WAITING = new Set(["draft", "committed"]);

export function useRounds() {
  return useQuery({ queryKey: KEY, queryFn: () => unwrap(api.GET("/rounds")) });
}

export function useRoundDetail(id: string) {
  return useQuery({
    queryKey: [...KEY, id],
    queryFn: () => unwrap(api.GET("/rounds/{id}", { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data && WAITING.has(q.state.data.status) ? 2000 : false),
  });
}

export function useRoundReadiness(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, id, "readiness"],
    enabled,
    queryFn: () => unwrap(api.GET("/rounds/{id}/readiness", { params: { path: { id } } })),
    refetchInterval: enabled ? 2000 : false,
  });
}

export function usePlannedReadiness(query: PlannedQuery | null) {
  return useQuery({
    queryKey: [...KEY, "planned", query],
    enabled: query !== null,
    queryFn: () => unwrap(api.GET("/round-readiness", { params: { query: query as PlannedQuery } })),
  });
}

export function useExclusions(id: string, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, id, "exclusions"],
    enabled,
    queryFn: () => unwrap(api.GET("/public/rounds/{id}/exclusions", { params: { path: { id } } })),
  });
}

export function useCreateRound() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateRoundBody) => unwrap(api.POST("/rounds", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

function useRoundStep(call: (id: string) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: call, onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export const useCommitRound = () =>
  useRoundStep((id) => unwrap(api.POST("/rounds/{id}/commit", { params: { path: { id } } })));

export const useDrawRound = () =>
  useRoundStep((id) => unwrap(api.POST("/rounds/{id}/draw", { params: { path: { id } } })));

/**
 * Contributors' one-time credentials are answered once, by the create call. The wizard keeps
 * them for this browser tab only (sessionStorage), so a reload on the invite step still shows
 * the links; they are never sent anywhere else.
 */
const credentialsKey = (roundId: string) => `sortes.round.${roundId}.credentials`;

export function keepCredentials(roundId: string, credentials: Credential[]): void {
  sessionStorage.setItem(credentialsKey(roundId), JSON.stringify(credentials));
}

export function keptCredentials(roundId: string): Credential[] | null {
  const raw = sessionStorage.getItem(credentialsKey(roundId));
  return raw ? (JSON.parse(raw) as Credential[]) : null;
}

/** The contributor's page for a credential; the credential rides in the fragment (never sent). */
export function inviteLink(credential: string): string {
  return `${window.location.origin}/console/contribute#${credential}`;
}
