/**
 * A round's assignments board: its team rows (server cursor pages), substitutions, the
 * inspected parties' recusal requests and the decision on one.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { components } from "./schema";

export type BoardRow = components["schemas"]["BoardRow"];
export type RecusalRequest = components["schemas"]["RecusalRequest"];
export type SubstitutionRecord = components["schemas"]["SubstitutionRecord"];

const key = (roundId: string) => ["rounds", roundId] as const;

export function useRound(roundId: string) {
  return useQuery({
    queryKey: [...key(roundId), "detail"],
    queryFn: () => unwrap(api.GET("/rounds/{id}", { params: { path: { id: roundId } } })),
  });
}

export function useRounds() {
  return useQuery({ queryKey: ["rounds"], queryFn: () => unwrap(api.GET("/rounds")) });
}

export function useBoardPage(roundId: string, cursor: string | undefined, limit: number) {
  return useQuery({
    queryKey: [...key(roundId), "board", cursor ?? "", limit],
    queryFn: () =>
      unwrap(api.GET("/rounds/{id}/board", { params: { path: { id: roundId }, query: { cursor, limit } } })),
    placeholderData: keepPreviousData,
  });
}

export function useSubstitutions(roundId: string) {
  return useQuery({
    queryKey: [...key(roundId), "substitutions"],
    queryFn: () => unwrap(api.GET("/rounds/{id}/substitutions", { params: { path: { id: roundId } } })),
  });
}

export function useRecusalRequests(roundId: string) {
  return useQuery({
    queryKey: [...key(roundId), "recusal-requests"],
    queryFn: () => unwrap(api.GET("/rounds/{id}/recusal-requests", { params: { path: { id: roundId } } })),
  });
}

export function useDecideRecusal(roundId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; accept: boolean; note: string }) =>
      unwrap(
        api.POST("/recusal-requests/{id}/decision", {
          params: { path: { id: v.id } },
          body: { accept: v.accept, note: v.note },
        }),
      ),
    // The board, the substitutions and the requests all change with a decision.
    onSuccess: () => qc.invalidateQueries({ queryKey: key(roundId) }),
  });
}

/** Download links of the round's exports (GET, same origin: the session cookie authorises them). */
export function exportLinks(roundId: string) {
  const base = `/rounds/${encodeURIComponent(roundId)}`;
  return {
    csv: `${base}/assignments.csv`,
    xlsx: `${base}/assignments.xlsx`,
    notices: `${base}/notices.zip`,
  };
}
