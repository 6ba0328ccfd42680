/**
 * Findings (/console/findings): the review queue by publication state — pending ones with the
 * working days left before the legal deadline, overdue first — then published, retracted and
 * withheld ones; the correction requests inbox. Paging and filters run on the server.
 */
import { Badge, Card, Empty, Input, Select, Space, Table, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { useRounds } from "../../api/board";
import { type ReviewItem, type ReviewState, useReviewQueue } from "../../api/findings-review";
import { DeadlineTag } from "../../components/DeadlineTag";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { beijingTime } from "../../time";
import { CorrectionsInbox } from "./corrections";
import { ReviewDrawer } from "./review-drawer";

const STATES: ReviewState[] = ["pending", "published", "retracted", "withheld"];
const PAGE_SIZE = 20;

function StateDetail({ item }: { item: ReviewItem }) {
  const { t } = useI18n();
  if (item.state === "pending") return <DeadlineTag deadline={item.deadline} due={item.due} />;
  if (item.state === "published")
    return (
      <Space size={4}>
        <Tag color="green">{t("findings.state.published")}</Tag>
        {beijingTime(item.publishedAt)}
        {item.takenDownAt && <Tag>{t("findings.takenDown")}</Tag>}
      </Space>
    );
  if (item.state === "retracted")
    return <Tag color="red">{t(`findings.retract.${item.retraction?.reason}` as MessageKey)}</Tag>;
  return <Tag color="purple">{t(`findings.withhold.${item.withheld?.reason}` as MessageKey)}</Tag>;
}

export default function FindingsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get("tab") ?? "pending";
  const round = params.get("round") ?? undefined;
  const [q, setQ] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<ReviewItem | null>(null);
  const state = (STATES as string[]).includes(tab) ? (tab as ReviewState) : "pending";
  const queue = useReviewQueue({ state, round, q, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE });
  const rounds = useRounds();
  const counts = queue.data?.counts;

  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setPage(1);
  };

  const table = (
    <>
      <ProblemAlert error={queue.error} />
      {state === "pending" && (queue.data?.overdue ?? 0) > 0 && (
        <Typography.Paragraph type="danger" data-overdue-count={queue.data?.overdue}>
          {t("findings.overdueCount").replace("{n}", String(queue.data?.overdue))}
        </Typography.Paragraph>
      )}
      <Table<ReviewItem>
        rowKey="id"
        size="small"
        loading={queue.isFetching}
        dataSource={queue.data?.items ?? []}
        scroll={{ x: true }}
        onRow={(item) =>
          ({
            "data-finding": item.id,
            onClick: () => setOpen(item),
            style: { cursor: "pointer" },
          }) as React.HTMLAttributes<HTMLElement>
        }
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: queue.data?.total ?? 0,
          showSizeChanger: false,
          onChange: setPage,
        }}
        locale={{ emptyText: <Empty description={t(`findings.empty.${state}` as MessageKey)} /> }}
        columns={[
          { title: t("findings.stateCol"), render: (_, item) => <StateDetail item={item} /> },
          {
            title: t("entity"),
            render: (_, item) => (
              <Space direction="vertical" size={0}>
                <span>{item.entityName}</span>
                <Typography.Text type="secondary">{item.entityId}</Typography.Text>
              </Space>
            ),
          },
          { title: t("resultCode"), dataIndex: "resultCode" },
          {
            title: t("findings.decisionType"),
            dataIndex: "decisionType",
            render: (d: string) => t(`findings.decision.${d}` as MessageKey),
          },
          { title: t("findings.filedAt"), dataIndex: "filedAt", render: (v: string) => beijingTime(v) },
        ]}
      />
    </>
  );

  return (
    <Card
      title={t("findings.title")}
      extra={
        <Space wrap>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t("findings.allRounds")}
            style={{ width: 260 }}
            value={round}
            onChange={(v) => setFilter("round", v)}
            options={(rounds.data?.items ?? []).map((r) => ({ value: r.id, label: r.title }))}
          />
          <Input.Search
            allowClear
            placeholder={t("findings.search")}
            style={{ width: 240 }}
            onSearch={(v) => {
              setQ(v.trim() || undefined);
              setPage(1);
            }}
          />
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setFilter("tab", k === "pending" ? undefined : k)}
        items={[
          ...STATES.map((s) => ({
            key: s,
            label: (
              <Space size={4} data-tab={s}>
                {t(`findings.tab.${s}` as MessageKey)}
                {counts && <Badge count={counts[s]} showZero color={s === "pending" ? "orange" : "#bbb"} />}
              </Space>
            ),
            children: state === s ? table : null,
          })),
          { key: "corrections", label: t("findings.tab.corrections"), children: <CorrectionsInbox /> },
        ]}
      />
      <ReviewDrawer item={open} onClose={() => setOpen(null)} />
    </Card>
  );
}
