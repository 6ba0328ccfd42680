/**
 * The findings review queue (GET /publication/findings, paged and filtered on the server), one
 * finding with its timeline, and the decisions: approve (publishes), withhold, retract; the
 * correction requests inbox and its resolution.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { components, paths } from "./schema";

export type ReviewItem = components["schemas"]["FindingReviewItem"];
export type ReviewState = ReviewItem["state"];
export type Finding = components["schemas"]["Finding"];
export type CorrectionRequest = components["schemas"]["CorrectionRequest"];
type Body<P extends keyof paths> = paths[P] extends {
  post: { requestBody?: { content: { "application/json": infer B } } };
}
  ? B
  : never;
export type WithholdBody = Body<"/findings/{id}/withhold">;
export type WithholdReason = WithholdBody["reason"];
export type RetractBody = Body<"/findings/{id}/retract">;
export type ResolveBody = Body<"/correction-requests/{id}/resolve">;

/** Every reason the API accepts (a Record, so the compiler notices one added or removed). */
const reasons: Record<WithholdReason, true> = {
  minor: true,
  state_secret: true,
  trade_secret: true,
  personal_privacy: true,
  security: true,
  obstructs_enforcement: true,
};
export const WITHHOLD_REASONS = Object.keys(reasons) as WithholdReason[];

const ROOT = ["findings-review"] as const;

export interface ReviewFilter {
  state: ReviewState;
  round?: string;
  q?: string;
  offset: number;
  limit: number;
}

export function useReviewQueue(filter: ReviewFilter) {
  return useQuery({
    queryKey: [...ROOT, "queue", filter],
    queryFn: () => unwrap(api.GET("/publication/findings", { params: { query: filter } })),
    placeholderData: keepPreviousData,
  });
}

export function useFinding(id: string | null) {
  return useQuery({
    queryKey: [...ROOT, "finding", id],
    enabled: id !== null,
    queryFn: () => unwrap(api.GET("/findings/{id}", { params: { path: { id: id as string } } })),
  });
}

export function useTimeline(team: { roundId: string; entityId: string } | null) {
  return useQuery({
    queryKey: [...ROOT, "timeline", team?.roundId, team?.entityId],
    enabled: team !== null,
    queryFn: () =>
      unwrap(
        api.GET("/inspections/{roundId}/{entityId}/events", {
          params: { path: team as { roundId: string; entityId: string } },
        }),
      ),
  });
}

function useDecision<V>(call: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => {
      qc.invalidateQueries({ queryKey: ROOT });
      qc.invalidateQueries({ queryKey: ["dashboard"] });
    },
  });
}

export function useApprove() {
  return useDecision((id: string) =>
    unwrap(api.POST("/findings/{id}/approve", { params: { path: { id } } })),
  );
}

export function useWithhold() {
  return useDecision((v: { id: string } & WithholdBody) =>
    unwrap(
      api.POST("/findings/{id}/withhold", {
        params: { path: { id: v.id } },
        body: { reason: v.reason, note: v.note },
      }),
    ),
  );
}

export function useRetract() {
  return useDecision((v: { id: string } & RetractBody) =>
    unwrap(
      api.POST("/findings/{id}/retract", {
        params: { path: { id: v.id } },
        body: { reason: v.reason, revokedOn: v.revokedOn, explanation: v.explanation },
      }),
    ),
  );
}

export function useCorrections(status: CorrectionRequest["status"] | undefined) {
  return useQuery({
    queryKey: [...ROOT, "corrections", status ?? "all"],
    queryFn: () => unwrap(api.GET("/correction-requests", { params: { query: { status } } })),
  });
}

export function useResolveCorrection() {
  return useDecision((v: { id: string } & ResolveBody) => {
    const { id, ...body } = v;
    return unwrap(api.POST("/correction-requests/{id}/resolve", { params: { path: { id } }, body }));
  });
}
