/** C's notification delivery log (GET /notifications/deliveries) and replay, for admins. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import type { components, operations } from "./schema";

export type Delivery = components["schemas"]["NotificationDelivery"];
export type DeliveryFilter = NonNullable<operations["listNotificationDeliveries"]["parameters"]["query"]>;

const KEY = ["notifications", "deliveries"] as const;

/** One page of the log, newest first; `cursor` is the previous page's nextCursor. */
export function useDeliveries(filter: DeliveryFilter) {
  return useQuery({
    queryKey: [...KEY, filter],
    queryFn: () => unwrap(api.GET("/notifications/deliveries", { params: { query: filter } })),
  });
}

export function useReplayDelivery() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/notifications/deliveries/{id}/replay", { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}
