/** The audit hash chain as the server recomputes it (GET /audit/verify): intact, or the first broken link. */
import { Alert, Button, Typography } from "antd";
import { useAuditVerify } from "../../api/audit";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";

export function ChainStatus() {
  const { t } = useI18n();
  const verify = useAuditVerify();
  if (verify.error) return <ProblemAlert error={verify.error} />;
  const report = verify.data;
  const recheck = (
    <Button
      size="small"
      loading={verify.isFetching}
      onClick={() => void verify.refetch()}
      data-action="verify-audit"
    >
      {t("audit.recheck")}
    </Button>
  );
  if (!report) return <Alert type="info" showIcon title={t("audit.checking")} />;
  return report.ok ? (
    <Alert
      type="success"
      showIcon
      data-chain="ok"
      action={recheck}
      title={`${t("audit.chainOk")} · ${t("audit.checked")} ${report.checked}`}
      description={
        <Typography.Text type="secondary" copyable={{ text: report.head }}>
          {t("audit.head")} {report.head.slice(0, 16)}…
        </Typography.Text>
      }
    />
  ) : (
    <Alert
      type="error"
      showIcon
      data-chain="broken"
      action={recheck}
      title={`${t("audit.chainBroken")} #${report.firstBroken?.seq}`}
      description={report.firstBroken?.reason}
    />
  );
}
