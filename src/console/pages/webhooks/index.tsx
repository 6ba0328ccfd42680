/**
 * Webhook delivery log (admin): every delivery of the department's notifications with its
 * status, attempts and last error; a delivery can be sent again (same event id, so receivers
 * de-duplicate). Pages through the server's cursor, filters by status on the server.
 */
import { Button, Card, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { type Delivery, type DeliveryFilter, useDeliveries, useReplayDelivery } from "../../api/deliveries";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { beijingTime } from "../../time";

const STATUS_COLOR = {
  pending: "processing",
  delivered: "success",
  failed: "warning",
  dead: "error",
} as const;
const STATUSES = Object.keys(STATUS_COLOR) as Delivery["status"][];

export default function WebhooksPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<Delivery["status"] | undefined>();
  // Cursors of the pages seen so far: "back" pops one.
  const [cursors, setCursors] = useState<string[]>([]);
  const filter: DeliveryFilter = { channel: "webhook", limit: 20, status, cursor: cursors.at(-1) };
  const deliveries = useDeliveries(filter);
  const replay = useReplayDelivery();

  return (
    <Card
      title={t("webhooks")}
      extra={
        <Select
          allowClear
          placeholder={t("status")}
          style={{ width: 140 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setCursors([]);
          }}
          options={STATUSES.map((s) => ({ value: s, label: s }))}
        />
      }
    >
      <ProblemAlert error={deliveries.error ?? replay.error} />
      <Table<Delivery>
        rowKey="id"
        size="small"
        loading={deliveries.isPending}
        dataSource={deliveries.data?.items ?? []}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t("createdAt"), dataIndex: "createdAt", render: (v: string) => beijingTime(v) },
          { title: t("eventKindCol"), dataIndex: "kind" },
          {
            title: t("status"),
            dataIndex: "status",
            render: (s: Delivery["status"]) => (
              <Tag color={STATUS_COLOR[s]} data-delivery-status={s}>
                {s}
              </Tag>
            ),
          },
          { title: t("attempts"), dataIndex: "attempts" },
          {
            title: t("lastResult"),
            render: (_, d) => (
              <Typography.Text type={d.lastError ? "danger" : undefined}>
                {d.lastStatus ?? ""} {d.lastError ?? ""}
              </Typography.Text>
            ),
          },
          {
            title: t("deliveredAt"),
            dataIndex: "deliveredAt",
            render: (v: string | null) => beijingTime(v),
          },
          {
            title: "",
            render: (_, d) => (
              <Button
                size="small"
                loading={replay.isPending && replay.variables === d.id}
                onClick={() => replay.mutate(d.id)}
                data-action="replay"
              >
                {t("replay")}
              </Button>
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>
          {t("previousPage")}
        </Button>
        <Button
          disabled={!deliveries.data?.nextCursor}
          onClick={() => {
            const next = deliveries.data?.nextCursor;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          {t("nextPage")}
        </Button>
      </Space>
    </Card>
  );
}
