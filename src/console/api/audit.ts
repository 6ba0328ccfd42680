/** The department's audit trail (GET /audit, filtered and paged on the server) and its hash chain check. */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { components, operations } from "./schema";

export type AuditEntry = components["schemas"]["AuditEntry"];
export type AuditFilter = NonNullable<operations["listAudit"]["parameters"]["query"]>;

export function useAuditEntries(filter: AuditFilter) {
  return useQuery({
    queryKey: ["audit", filter],
    queryFn: () => unwrap(api.GET("/audit", { params: { query: filter } })),
  });
}

/** Recomputes the chain on the server: ok, or the first broken link. */
export function useAuditVerify() {
  return useQuery({ queryKey: ["audit", "verify"], queryFn: () => unwrap(api.GET("/audit/verify")) });
}
