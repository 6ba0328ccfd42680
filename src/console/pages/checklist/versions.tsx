/** Version history of one checklist item: every version with its status, figures and publication time. */
import { Drawer, Table, Tag } from "antd";
import { type ChecklistItemVersion, useItemVersions } from "../../api/checklist";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { beijingTime } from "../../time";
import { figures } from "./figures";

export function VersionHistory({ itemCode, onClose }: { itemCode: string | null; onClose(): void }) {
  const { t } = useI18n();
  const versions = useItemVersions(itemCode);
  return (
    <Drawer
      open={itemCode !== null}
      onClose={onClose}
      size="large"
      title={`${t("checklist.history")} ${itemCode ?? ""}`}
    >
      <ProblemAlert error={versions.error} />
      <Table<ChecklistItemVersion>
        rowKey="id"
        size="small"
        loading={versions.isPending}
        dataSource={versions.data?.items ?? []}
        pagination={false}
        expandable={{
          expandedRowRender: (v) => (
            <div style={{ whiteSpace: "pre-wrap" }}>
              <b>{t("checklist.legalBasis")}：</b>
              {v.legalBasis}
              <br />
              <b>{t("checklist.content")}：</b>
              {v.content}
            </div>
          ),
        }}
        columns={[
          { title: t("checklist.version"), dataIndex: "version", render: (n: number) => `v${n}` },
          {
            title: t("status"),
            dataIndex: "status",
            render: (s: ChecklistItemVersion["status"]) => (
              <Tag color={s === "published" ? "green" : "gold"}>{t(`checklist.status.${s}`)}</Tag>
            ),
          },
          { title: t("checklist.name"), dataIndex: "name" },
          { title: t("checklist.figures"), render: (_, v) => figures(v, t) },
          {
            title: t("checklist.publishedAt"),
            dataIndex: "publishedAt",
            render: (v: string | null) => beijingTime(v),
          },
        ]}
      />
    </Drawer>
  );
}
