/**
 * Upload a roster file and follow its import: a live progress bar and the phase it is in
 * (reading the file, checking duplicates, writing, building indexes, swapping in; the job is
 * polled every half second and reports at least once a second; the page never waits on the
 * import), then the result — rows written, or the
 * refused rows as a server-paged table with line numbers and a downloadable error file — and
 * the flagged rows (legacy or checksum-failed credit codes) kept for a human to look at.
 */
import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Progress,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from "antd";
import { useState } from "react";
import {
  errorFileUrl,
  type ImportJob,
  type RosterKind,
  useImportErrors,
  useImportJob,
  useUploadRoster,
} from "../../api/rosters";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { rowReasonText } from "../../i18n/row-reasons";
import type { MessageKey } from "../../i18n/zh-CN";

type Mode = "replace" | "upsert";

/** Where each phase after reading starts on the bar (the database's share of a large import). */
const PHASE_PERCENT = { checking: 90, writing: 93, indexing: 94, swapping: 99 } as const;

function percentOf(job: ImportJob): number {
  if (job.state === "succeeded" || job.state === "failed") return 100;
  if (job.phase && job.phase !== "reading") return PHASE_PERCENT[job.phase];
  if (job.bytesTotal <= 0) return 0;
  // Reading is most of the work; the rest is the duplicate check, the indexes and the write.
  return Math.min(90, Math.floor((job.bytesRead / job.bytesTotal) * 90));
}

function ErrorTable({ kind, job }: { kind: RosterKind; job: ImportJob }) {
  const { t, lang } = useI18n();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const errors = useImportErrors(kind, job.id, page, pageSize, job.state === "failed");
  const total = errors.data?.total ?? 0;
  return (
    <section data-testid="import-errors" aria-label={t("rosters.errorTable")}>
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text type="danger" data-testid="import-error-count">
          {t("rosters.errorsTotal")} {job.report?.totalErrors ?? total}
        </Typography.Text>
        <Button href={errorFileUrl(kind, job.id)} download icon={<DownloadOutlined />}>
          {t("rosters.downloadErrors")}
        </Button>
      </Space>
      <ProblemAlert error={errors.error} />
      <Table
        className="import-error-table"
        rowKey={(e) => `${e.line}-${e.column}-${e.reason}`}
        size="small"
        scroll={{ x: "max-content" }}
        loading={errors.isFetching}
        dataSource={errors.data?.items ?? []}
        pagination={{
          current: page,
          pageSize,
          total,
          showSizeChanger: true,
          showTotal: (n) => `${t("rosters.rowsTotal")} ${n}`,
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
        }}
        columns={[
          { title: t("rosters.line"), dataIndex: "line", width: 90 },
          { title: t("rosters.column"), dataIndex: "column", width: 180 },
          {
            title: t("rosters.reason"),
            dataIndex: "reason",
            // The server writes reasons in English (the error file too); the table reads them back.
            render: (reason: string) => rowReasonText(reason, lang),
          },
        ]}
      />
    </section>
  );
}

function Flagged({ job }: { job: ImportJob }) {
  const { t } = useI18n();
  // A flag this console does not know yet is shown as the server wrote it.
  const flagLabel = (flag: string) => t(`rosters.flag.${flag}` as MessageKey) ?? flag;
  const flagged = job.report?.flagged;
  if (!flagged || flagged.total === 0) return null;
  return (
    <Card size="small" title={`${t("rosters.flagged")} ${flagged.total}`} style={{ marginTop: 12 }}>
      <Typography.Paragraph type="secondary">{t("rosters.flaggedHint")}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 8 }}>
        {Object.entries(flagged.byFlag).map(([flag, n]) => (
          <Tag key={flag} color="orange">
            {flagLabel(flag)}: {n}
          </Tag>
        ))}
      </Space>
      <Table
        rowKey={(r) => `${r.line}-${r.key}`}
        size="small"
        scroll={{ x: "max-content" }}
        dataSource={flagged.rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: t("rosters.line"), dataIndex: "line", width: 90 },
          { title: t("creditCode"), dataIndex: "key" },
          {
            title: t("rosters.flag"),
            dataIndex: "flag",
            render: (f: string) => <Tag color="orange">{flagLabel(f)}</Tag>,
          },
        ]}
      />
    </Card>
  );
}

function JobProgress({ kind, job }: { kind: RosterKind; job: ImportJob }) {
  const { t } = useI18n();
  const running = job.state === "queued" || job.state === "running";
  const written = job.report?.written;
  return (
    <div style={{ marginTop: 16 }} data-import-state={job.state}>
      <Progress
        percent={percentOf(job)}
        status={job.state === "failed" ? "exception" : job.state === "succeeded" ? "success" : "active"}
        aria-label={t("rosters.progress")}
      />
      <Typography.Text data-testid="import-rows">
        {t(`rosters.state.${job.state}`)}
        {job.state === "running" && job.phase && (
          <span data-testid="import-phase" data-phase={job.phase}>
            {" "}
            · {t(`rosters.phase.${job.phase}`)}
          </span>
        )}{" "}
        · {t("rosters.rowsRead")} {job.rows.toLocaleString("zh-CN")} · {(job.bytesRead / 1048576).toFixed(1)}{" "}
        / {(job.bytesTotal / 1048576).toFixed(1)} MB
      </Typography.Text>
      {job.state === "succeeded" && written && (
        <Descriptions size="small" column={3} style={{ marginTop: 8 }}>
          <Descriptions.Item label={t("rosters.inserted")}>{written.inserted}</Descriptions.Item>
          <Descriptions.Item label={t("rosters.updated")}>{written.updated}</Descriptions.Item>
          <Descriptions.Item label={t("rosters.deleted")}>{written.deleted}</Descriptions.Item>
        </Descriptions>
      )}
      {job.state === "failed" && (
        <Alert type="error" showIcon style={{ margin: "8px 0" }} title={t("rosters.failed")} />
      )}
      {job.state === "failed" && <ErrorTable kind={kind} job={job} />}
      {!running && <Flagged job={job} />}
    </div>
  );
}

export function ImportPanel({ kind, canUpload }: { kind: RosterKind; canUpload: boolean }) {
  const { t } = useI18n();
  const [mode, setMode] = useState<Mode>(kind === "entities" ? "replace" : "upsert");
  const [jobId, setJobId] = useState<string | null>(null);
  const upload = useUploadRoster(kind);
  const job = useImportJob(kind, jobId);
  const running = job.data?.state === "queued" || job.data?.state === "running";

  return (
    <Card size="small" title={t(kind === "entities" ? "rosters.importEntities" : "rosters.importInspectors")}>
      <Typography.Paragraph type="secondary">{t(`rosters.importHint.${kind}`)}</Typography.Paragraph>
      {canUpload && (
        <Space wrap>
          <Radio.Group value={mode} onChange={(e) => setMode(e.target.value)} aria-label={t("rosters.mode")}>
            <Radio value="replace">{t(`rosters.mode.replace.${kind}`)}</Radio>
            <Radio value="upsert">{t("rosters.mode.upsert")}</Radio>
          </Radio.Group>
          <Upload
            accept=".csv,.xlsx,text/csv"
            showUploadList={false}
            disabled={upload.isPending || running}
            beforeUpload={(file) => {
              setJobId(null);
              upload.mutate({ file, mode }, { onSuccess: (j) => setJobId(j.id) });
              return false;
            }}
          >
            <Button
              type="primary"
              icon={<UploadOutlined />}
              loading={upload.isPending}
              data-action={`upload-${kind}`}
            >
              {t("rosters.chooseFile")}
            </Button>
          </Upload>
        </Space>
      )}
      <ProblemAlert error={upload.error ?? job.error} />
      {job.data && <JobProgress kind={kind} job={job.data} />}
    </Card>
  );
}
