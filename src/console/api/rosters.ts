/**
 * Rosters: entity and inspector imports (upload, job polling, refused rows), entity revisions
 * (freeze, diff), inspectors and conflicts of interest.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { components } from "./schema";

export type RosterKind = "entities" | "inspectors";
export type ImportJob = components["schemas"]["ImportJob"];
export type ImportErrorsPage = components["schemas"]["ImportErrorsPage"];
export type Revision = components["schemas"]["EntityRevision"];
export type Inspector = components["schemas"]["Inspector"];
export type Conflict = components["schemas"]["ConflictOfInterest"];

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const isRunning = (job: ImportJob | undefined) => job?.state === "queued" || job?.state === "running";

/**
 * Sends the file as the raw request body (what POST …/imports takes). openapi-fetch serialises
 * JSON by default; the identity bodySerializer hands it the File as it is, so the browser
 * streams the upload without reading it into memory.
 */
export function useUploadRoster(kind: RosterKind) {
  return useMutation({
    mutationFn: ({ file, mode }: { file: File; mode: "replace" | "upsert" }) => {
      const xlsx = /\.xlsx$/i.test(file.name);
      const opts = {
        params: { query: { mode, format: xlsx ? ("xlsx" as const) : ("csv" as const) } },
        body: file as never,
        bodySerializer: (b: unknown) => b as BodyInit,
        headers: { "content-type": xlsx ? XLSX : "text/csv" },
      };
      return unwrap(
        kind === "entities" ? api.POST("/entities/imports", opts) : api.POST("/inspectors/imports", opts),
      ) as Promise<ImportJob>;
    },
  });
}

/** The job, polled every half second while it is queued or running. */
export function useImportJob(kind: RosterKind, id: string | null) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: ["rosters", kind, "imports", id],
    enabled: id !== null,
    queryFn: async () => {
      const path = { params: { path: { id: id ?? "" } } };
      const job = (await unwrap(
        kind === "entities"
          ? api.GET("/entities/imports/{id}", path)
          : api.GET("/inspectors/imports/{id}", path),
      )) as ImportJob;
      // A finished import changed the roster: lists built from it are stale.
      if (!isRunning(job)) void qc.invalidateQueries({ queryKey: ["rosters", kind, "list"] });
      return job;
    },
    refetchInterval: (q) => (q.state.data && !isRunning(q.state.data) ? false : 500),
    refetchIntervalInBackground: true,
  });
}

/** One page of the job's refused rows, paged on the server. */
export function useImportErrors(
  kind: RosterKind,
  id: string | null,
  page: number,
  pageSize: number,
  ready: boolean,
) {
  return useQuery({
    queryKey: ["rosters", kind, "imports", id, "errors", page, pageSize],
    enabled: id !== null && ready,
    placeholderData: keepPreviousData,
    queryFn: () => {
      const params = { params: { path: { id: id ?? "" }, query: { page, pageSize } } };
      return unwrap(
        kind === "entities"
          ? api.GET("/entities/imports/{id}/errors", params)
          : api.GET("/inspectors/imports/{id}/errors", params),
      ) as Promise<ImportErrorsPage>;
    },
  });
}

/** Where the browser downloads the error file (a plain GET with the session cookie). */
export const errorFileUrl = (kind: RosterKind, id: string) => `/${kind}/imports/${id}/errors.csv`;

export function useRevisions() {
  return useQuery({
    queryKey: ["rosters", "entities", "list", "revisions"],
    queryFn: () => unwrap(api.GET("/entities/revisions")),
  });
}

export function useFreezeRevision() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { label: string; reason?: string }) =>
      unwrap(api.POST("/entities/revisions", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ["rosters", "entities", "list", "revisions"] }),
  });
}

export function useRevisionDiff(from: string | null, to: string | null, cursor: string | undefined) {
  return useQuery({
    queryKey: ["rosters", "entities", "diff", from, to, cursor],
    enabled: from !== null && to !== null && from !== to,
    placeholderData: keepPreviousData,
    queryFn: () =>
      unwrap(
        api.GET("/entities/revisions/{id}/diff/{otherId}", {
          params: { path: { id: from ?? "", otherId: to ?? "" }, query: { limit: 50, cursor } },
        }),
      ),
  });
}

export function useInspectors(cursor: string | undefined) {
  return useQuery({
    queryKey: ["rosters", "inspectors", "list", cursor],
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET("/inspectors", { params: { query: { limit: 50, cursor } } })),
  });
}

export function useConflicts(cursor: string | undefined) {
  return useQuery({
    queryKey: ["rosters", "conflicts", "list", cursor],
    placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.GET("/conflicts", { params: { query: { limit: 50, cursor } } })),
  });
}
