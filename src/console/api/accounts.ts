/**
 * Staff accounts and departments for the admin page: list/create/disable/reset accounts
 * (POST answers carry a one-time password, shown once), the caller's department subtree and
 * a new subordinate department.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { components, operations } from "./schema";

export type StaffAccount = components["schemas"]["Account"];
export type NewAccount = NonNullable<
  operations["createAccount"]["requestBody"]
>["content"]["application/json"];
export type DepartmentRow = components["schemas"]["Department"];
export type NewDepartment = NonNullable<
  operations["createSubordinateDepartment"]["requestBody"]
>["content"]["application/json"];

const ACCOUNTS = ["accounts"] as const;
const DEPARTMENTS = ["departments"] as const;

export function useAccounts() {
  return useQuery({ queryKey: ACCOUNTS, queryFn: () => unwrap(api.GET("/accounts")) });
}

export function useCreateAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewAccount) => unwrap(api.POST("/accounts", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ACCOUNTS }),
  });
}

/** A generated one-time password; the holder replaces it at the next sign-in. */
export function useResetPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/accounts/{id}/password", { params: { path: { id } }, body: {} })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ACCOUNTS }),
  });
}

export function useDisableAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/accounts/{id}/disable", { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ACCOUNTS }),
  });
}

/** Active inspectors, for binding an inspector account (first 1 000 by certificate number). */
export function useActiveInspectors(enabled: boolean) {
  return useQuery({
    queryKey: ["inspectors", "active-for-accounts"],
    enabled,
    queryFn: () => unwrap(api.GET("/inspectors", { params: { query: { status: "active", limit: 1000 } } })),
  });
}

export function useDepartments() {
  return useQuery({ queryKey: DEPARTMENTS, queryFn: () => unwrap(api.GET("/departments")) });
}

export function useCreateDepartment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewDepartment) => unwrap(api.POST("/departments", { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: DEPARTMENTS }),
  });
}
