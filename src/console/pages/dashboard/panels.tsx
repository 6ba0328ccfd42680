/**
 * The dashboard's smaller panels: publications due this week, certificates expiring, the
 * ledger's latest signed tree head with its witnesses' cosignatures, and the scheduled jobs.
 */
import { Card, Descriptions, Empty, List, Space, Table, Tag, Typography } from "antd";
import { Link } from "react-router";
import { useDashboard, useJobs, useLedgerHead } from "../../api/dashboard";
import type { ReviewItem } from "../../api/findings-review";
import { DeadlineTag } from "../../components/DeadlineTag";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { useDepartment } from "../../layout/ConsoleLayout";
import { beijingTime } from "../../time";

export function DuePanels() {
  const { t } = useI18n();
  const summary = useDashboard();
  const d = summary.data;
  return (
    <>
      <Card
        title={t("dashboard.dueThisWeek")}
        extra={d && `${d.week.from} ~ ${d.week.until}`}
        data-section="due"
      >
        <ProblemAlert error={summary.error} />
        <Table<ReviewItem>
          rowKey="id"
          size="small"
          loading={summary.isPending}
          pagination={false}
          scroll={{ x: true }}
          dataSource={d?.publicationsDue ?? []}
          locale={{ emptyText: <Empty description={t("dashboard.noneDue")} /> }}
          columns={[
            {
              title: t("findings.stateCol"),
              render: (_, i) => <DeadlineTag deadline={i.deadline} due={i.due} />,
            },
            { title: t("entity"), dataIndex: "entityName" },
            {
              title: "",
              render: () => <Link to="/findings">{t("dashboard.toReview")}</Link>,
            },
          ]}
        />
      </Card>
      <Card
        title={`${t("dashboard.certificates")} (${d?.certificatesExpiring.withinDays ?? 30} ${t("dashboard.days")})`}
        data-section="certificates"
      >
        <List
          size="small"
          loading={summary.isPending}
          dataSource={d?.certificatesExpiring.items ?? []}
          locale={{ emptyText: <Empty description={t("dashboard.noCertificates")} /> }}
          renderItem={(i) => (
            <List.Item data-certificate={i.certificateNo}>
              <Space>
                {i.name}
                {i.post && <Typography.Text type="secondary">{i.post}</Typography.Text>}
                <Typography.Text code>{i.certificateNo}</Typography.Text>
              </Space>
              <Tag color="orange">{i.certValidUntil}</Tag>
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}

export function LedgerPanel() {
  const { t } = useI18n();
  const department = useDepartment();
  const ledger = useLedgerHead(department.data?.code);
  const l = ledger.data;
  return (
    <Card title={t("dashboard.ledger")} data-section="ledger">
      <ProblemAlert error={department.error ?? ledger.error} />
      {l && !l.sth && <Empty description={t("dashboard.noSth")} />}
      {l?.sth && (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t("dashboard.treeSize")}>
            <span data-field="tree-size">{l.sth.sth.treeSize}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t("dashboard.rootHash")}>
            <Typography.Text code copyable ellipsis style={{ maxWidth: 260 }}>
              {l.sth.sth.rootHash}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t("dashboard.signedAt")}>
            {beijingTime(new Date(l.sth.sth.timestamp).toISOString())}
          </Descriptions.Item>
          <Descriptions.Item label={t("dashboard.cosigners")}>
            {l.checkpoint && l.checkpoint.cosigners.length > 0 ? (
              <Space size={4} wrap>
                {l.checkpoint.cosigners.map((c) => (
                  <Tag key={c.keyHash} color="green">
                    {c.name}
                  </Tag>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">
                {l.witnesses.length === 0 ? t("dashboard.noWitnesses") : t("dashboard.noCosignatures")}
              </Typography.Text>
            )}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

export function JobsPanel({ canSee }: { canSee: boolean }) {
  const { t } = useI18n();
  const jobs = useJobs(canSee);
  if (!canSee) return null;
  const last = new Map<string, { state: string; startedAt: string }>();
  for (const r of jobs.data?.recent ?? []) if (!last.has(r.job)) last.set(r.job, r);
  return (
    <Card title={t("dashboard.jobs")} data-section="jobs">
      <ProblemAlert error={jobs.error} />
      <Table
        rowKey="name"
        size="small"
        pagination={false}
        loading={jobs.isPending}
        dataSource={jobs.data?.upcoming ?? []}
        scroll={{ x: true }}
        locale={{ emptyText: <Empty description={t("dashboard.noJobs")} /> }}
        columns={[
          { title: t("dashboard.job"), dataIndex: "description" },
          {
            title: t("dashboard.nextRun"),
            dataIndex: "nextRun",
            render: (v: string | null) => beijingTime(v),
          },
          {
            title: t("dashboard.lastRun"),
            render: (_, j: { name: string }) => {
              const r = last.get(j.name);
              return r ? (
                <Space size={4}>
                  {beijingTime(r.startedAt)}
                  <Tag color={r.state === "succeeded" ? "green" : r.state === "failed" ? "red" : "default"}>
                    {r.state}
                  </Tag>
                </Space>
              ) : (
                "—"
              );
            },
          },
        ]}
      />
    </Card>
  );
}
