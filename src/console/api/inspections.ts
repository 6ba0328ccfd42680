/**
 * A team's inspection record (src/findings/routes.ts): the hash-chained timeline, evidence
 * uploads (raw bytes), sign-offs and the finding. The server enforces the order
 * events → evidence → every member's sign-off → finding; these hooks only call it.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { components } from "./schema";

export type InspectionEvent = components["schemas"]["InspectionEvent"];
export type FindingInput = components["schemas"]["FindingInput"];
export type EventInput = components["schemas"]["InspectionEventInput"];

export interface TeamKey {
  roundId: string;
  entityId: string;
}

const timelineKey = (t: TeamKey) => ["inspection", t.roundId, t.entityId, "events"] as const;
const findingsKey = (t: TeamKey) => ["inspection", t.roundId, t.entityId, "findings"] as const;

export function useTimeline(t: TeamKey, enabled = true) {
  return useQuery({
    queryKey: timelineKey(t),
    enabled,
    queryFn: () => unwrap(api.GET("/inspections/{roundId}/{entityId}/events", { params: { path: t } })),
  });
}

export function useTeamFindings(t: TeamKey, enabled = true) {
  return useQuery({
    queryKey: findingsKey(t),
    enabled,
    queryFn: () => unwrap(api.GET("/inspections/{roundId}/{entityId}/findings", { params: { path: t } })),
  });
}

function useTimelineWrite<V>(t: TeamKey, write: (v: V) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: write,
    onSuccess: () => qc.invalidateQueries({ queryKey: ["inspection", t.roundId, t.entityId] }),
  });
}

export function useAppendEvent(t: TeamKey) {
  return useTimelineWrite(t, (body: EventInput) =>
    unwrap(api.POST("/inspections/{roundId}/{entityId}/events", { params: { path: t }, body })),
  );
}

/** Sends the file's bytes as the request body with its own media type (the route reads the raw stream). */
export function useUploadEvidence(t: TeamKey) {
  return useTimelineWrite(t, (v: { file: Blob; summary?: string }) =>
    unwrap(
      api.POST("/inspections/{roundId}/{entityId}/evidence", {
        params: { path: t, query: v.summary ? { summary: v.summary } : {} },
        // The generated type says string (format binary); the bytes go through unchanged.
        body: v.file as unknown as string,
        bodySerializer: (b: unknown) => b as BodyInit,
        headers: { "content-type": v.file.type || "application/octet-stream" },
      }),
    ),
  );
}

export function useSignOff(t: TeamKey) {
  return useTimelineWrite(t, () =>
    unwrap(api.POST("/inspections/{roundId}/{entityId}/sign-off", { params: { path: t } })),
  );
}

export function useFileFinding(t: TeamKey) {
  return useTimelineWrite(t, (body: FindingInput) =>
    unwrap(api.POST("/inspections/{roundId}/{entityId}/findings", { params: { path: t }, body })),
  );
}

/** Whether `inspectorId` signed the timeline's current content (a sign-off after the last other event). */
export function hasSignedCurrent(events: readonly InspectionEvent[], inspectorId: string): boolean {
  const lastContent = events.findLastIndex((e) => e.kind !== "sign_off");
  if (lastContent < 0) return false;
  return events.slice(lastContent + 1).some((e) => e.kind === "sign_off" && e.inspectorId === inspectorId);
}
