/**
 * An entropy contributor's page (/console/contribute#<credential>, no sign-in): the credential
 * rides in the URL fragment, which browsers never send to a server. The 32-byte nonce is made
 * here with WebCrypto and saved as a file for the contributor; only its commitment is sent.
 * After the department commits the round, the contributor loads that file to reveal.
 */
import { DownloadOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Input, Result, Space, Steps, Typography, Upload } from "antd";
import { type ReactNode, useState } from "react";
import {
  type ContributorStatus,
  useContributorStatus,
  useSubmitCommitment,
  useSubmitReveal,
} from "../../api/contribute";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { beijingTime } from "../../time";
import {
  contributorCommitmentHex,
  NONCE_FILE_FORMAT,
  type NonceFile,
  newNonce,
  readNonceFile,
  toHex,
} from "./commitment";

function saveFile(file: NonceFile): void {
  const blob = new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: "application/json" });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `sortes-nonce-${file.roundId.slice(0, 8)}-${file.name}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function stepOf(s: ContributorStatus): number {
  if (s.roundStatus === "draft") return s.commitment ? 1 : 0;
  if (s.roundStatus === "committed") return s.revealed ? 3 : 2;
  return 3;
}

/** Step 1: make the nonce here, save it, send only the commitment. */
function CommitPanel({ status, credential }: { status: ContributorStatus; credential: string }) {
  const { t } = useI18n();
  const [file, setFile] = useState<NonceFile | null>(null);
  const [error, setError] = useState<unknown>(null);
  const submit = useSubmitCommitment(credential);
  const generate = async () => {
    try {
      const nonce = newNonce();
      const made: NonceFile = {
        format: NONCE_FILE_FORMAT,
        roundId: status.roundId,
        roundTitle: status.roundTitle,
        name: status.name,
        nonce: toHex(nonce),
        commitment: await contributorCommitmentHex(nonce),
        createdAt: new Date().toISOString(),
      };
      setFile(made);
      saveFile(made);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Paragraph>{t("contribute.commitHint")}</Typography.Paragraph>
      <ProblemAlert error={error ?? submit.error} />
      {!file ? (
        <Button type="primary" icon={<DownloadOutlined />} onClick={generate} data-action="generate-nonce">
          {t("contribute.generate")}
        </Button>
      ) : (
        <>
          <Alert type="warning" showIcon title={t("contribute.keepFile")} />
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t("contribute.commitment")}>
              <Typography.Text code copyable data-commitment={file.commitment}>
                {file.commitment}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Space wrap>
            <Button icon={<DownloadOutlined />} onClick={() => saveFile(file)}>
              {t("contribute.downloadAgain")}
            </Button>
            <Button
              type="primary"
              loading={submit.isPending}
              onClick={() => submit.mutate(file.commitment)}
              data-action="submit-commitment"
            >
              {t("contribute.sendCommitment")}
            </Button>
          </Space>
        </>
      )}
    </Space>
  );
}

/** Step 3: load the saved file, check it locally, reveal the nonce. */
function RevealPanel({ status, credential }: { status: ContributorStatus; credential: string }) {
  const { t } = useI18n();
  const [file, setFile] = useState<NonceFile | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reveal = useSubmitReveal(credential);
  const load = async (picked: File) => {
    setError(null);
    try {
      const read = await readNonceFile(await picked.text());
      // A wrong nonce fails the round publicly: refuse a file of another round here, before sending.
      if (read.commitment !== status.commitment) throw new Error(t("contribute.wrongFile"));
      setFile(read);
    } catch (e) {
      setFile(null);
      setError(e);
    }
    return false;
  };
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Typography.Paragraph>
        {t("contribute.revealHint")} {beijingTime(status.revealDeadline)}（{t("beijingTime")}）
      </Typography.Paragraph>
      <ProblemAlert error={error ?? reveal.error} />
      <Upload accept=".json,application/json" maxCount={1} beforeUpload={load} showUploadList={false}>
        <Button icon={<UploadOutlined />} data-action="load-nonce-file">
          {t("contribute.loadFile")}
        </Button>
      </Upload>
      {file && (
        <>
          <Alert type="success" showIcon title={t("contribute.fileMatches")} />
          <Button
            type="primary"
            danger
            loading={reveal.isPending}
            onClick={() => reveal.mutate(file.nonce)}
            data-action="reveal"
          >
            {t("contribute.reveal")}
          </Button>
        </>
      )}
    </Space>
  );
}

function credentialFromLocation(): string {
  return decodeURIComponent(window.location.hash.replace(/^#/, "")).trim();
}

export default function ContributePage() {
  const { t } = useI18n();
  const [credential, setCredential] = useState(credentialFromLocation);
  const [typed, setTyped] = useState("");
  const status = useContributorStatus(credential);
  const s = status.data;

  let body: ReactNode = null;
  if (!credential) {
    body = (
      <Space.Compact style={{ width: "100%" }}>
        <Input
          placeholder={t("contribute.pasteLink")}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <Button type="primary" onClick={() => setCredential(typed.replace(/^.*#/, "").trim())}>
          {t("contribute.open")}
        </Button>
      </Space.Compact>
    );
  } else if (s?.roundStatus === "failed") {
    body = <Result status="error" title={t("contribute.failed")} subTitle={s.failure?.reason} />;
  } else if (s?.roundStatus === "draft" && !s.commitment) {
    body = <CommitPanel status={s} credential={credential} />;
  } else if (s?.roundStatus === "draft") {
    body = <Alert type="info" showIcon data-state="committed" title={t("contribute.waitingCommit")} />;
  } else if (s?.roundStatus === "committed" && !s.revealed) {
    body = <RevealPanel status={s} credential={credential} />;
  } else if (s) {
    body = (
      <Result
        status="success"
        data-state="revealed"
        title={t("contribute.done")}
        extra={
          <a href={`/zh/rounds/${s.roundId}`} target="_blank" rel="noreferrer">
            {t("contribute.publicPage")}
          </a>
        }
      />
    );
  }

  return (
    <div style={{ maxWidth: 720, margin: "24px auto", padding: "0 12px" }}>
      <Card title={t("contribute.title")} extra={<LanguageSwitch />}>
        <Space direction="vertical" size={16} style={{ width: "100%" }}>
          <ProblemAlert error={status.error} />
          {s && (
            <>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t("contribute.department")}>{s.departmentName}</Descriptions.Item>
                <Descriptions.Item label={t("round")}>{s.roundTitle}</Descriptions.Item>
                <Descriptions.Item label={t("contribute.as")}>{s.name}</Descriptions.Item>
              </Descriptions>
              <Steps
                size="small"
                current={stepOf(s)}
                items={[
                  { title: t("contribute.step.generate") },
                  { title: t("contribute.step.wait") },
                  { title: t("contribute.step.reveal") },
                  { title: t("contribute.step.done") },
                ]}
              />
            </>
          )}
          {body}
          <Typography.Paragraph type="secondary">{t("contribute.why")}</Typography.Paragraph>
        </Space>
      </Card>
    </div>
  );
}
