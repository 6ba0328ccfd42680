/**
 * An entropy contributor's calls, with nothing but the one-time credential (no sign-in): its
 * round and state, the commitment (only the hash: the nonce stays in the browser), the reveal.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { components } from "./schema";

export type ContributorStatus = components["schemas"]["ContributorStatus"];

const key = (credential: string) => ["contributor", credential] as const;

/** Polled while the round waits for the department (commit) or for other contributors. */
export function useContributorStatus(credential: string) {
  return useQuery({
    queryKey: key(credential),
    enabled: credential !== "",
    queryFn: () => unwrap(api.POST("/contributions/status", { body: { credential } })),
    refetchInterval: (q) =>
      q.state.data && ["draft", "committed", "revealed"].includes(q.state.data.roundStatus) ? 3000 : false,
  });
}

export function useSubmitCommitment(credential: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (commitment: string) =>
      unwrap(api.POST("/contributions/commitment", { body: { credential, commitment } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(credential) }),
  });
}

export function useSubmitReveal(credential: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (nonce: string) => unwrap(api.POST("/contributions/reveal", { body: { credential, nonce } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(credential) }),
  });
}
