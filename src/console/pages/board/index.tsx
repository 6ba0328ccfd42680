/**
 * Assignments board of one round (/console/rounds/:id/board): the round's teams with members,
 * acceptances, recusals and substitutes; the inspected parties' recusal requests to decide; the
 * exports (assignments CSV/XLSX, every 检查通知书 as a ZIP).
 */
import { DownloadOutlined } from "@ant-design/icons";
import { Button, Card, Descriptions, Empty, Space, Tag, Typography } from "antd";
import { Link, useParams } from "react-router";
import { accessOf } from "../../access";
import { exportLinks, useRound } from "../../api/board";
import { useSession } from "../../api/session";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { RecusalRequests } from "./recusal-requests";
import { TeamsTable } from "./teams";

/** Statuses whose round has teams (drawn or later). */
const HAS_TEAMS = new Set(["drawn", "in_progress", "closed"]);

export default function BoardPage() {
  const { t } = useI18n();
  const { id = "" } = useParams();
  const access = accessOf(useSession().data?.account);
  const round = useRound(id);
  const links = exportLinks(id);
  const drawn = round.data ? HAS_TEAMS.has(round.data.status) : false;

  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <ProblemAlert error={round.error} />
      <Card
        title={
          <Space>
            {t("board.title")}
            {round.data && <Typography.Text type="secondary">{round.data.title}</Typography.Text>}
            {round.data && <Tag data-round-status={round.data.status}>{round.data.status}</Tag>}
          </Space>
        }
        extra={
          drawn && (
            <Space wrap>
              <Button icon={<DownloadOutlined />} href={links.csv} data-export="csv">
                {t("board.exportCsv")}
              </Button>
              <Button icon={<DownloadOutlined />} href={links.xlsx} data-export="xlsx">
                {t("board.exportXlsx")}
              </Button>
              <Button icon={<DownloadOutlined />} href={links.notices} data-export="notices">
                {t("board.exportNotices")}
              </Button>
            </Space>
          )
        }
      >
        {round.data && (
          <Descriptions size="small" column={{ xs: 1, md: 3 }}>
            <Descriptions.Item label={t("window")}>
              {round.data.window.from} ~ {round.data.window.until}
            </Descriptions.Item>
            <Descriptions.Item label={t("board.teamSize")}>{round.data.teamSize}</Descriptions.Item>
            <Descriptions.Item label={t("board.verify")}>
              <a href={`/zh/rounds/${round.data.id}`} target="_blank" rel="noreferrer">
                {t("board.publicPage")}
              </a>
            </Descriptions.Item>
          </Descriptions>
        )}
        {round.data && !drawn && (
          <Empty description={t("board.notDrawn")}>
            <Link to={`/rounds/${id}`}>{t("board.toWizard")}</Link>
          </Empty>
        )}
      </Card>
      {drawn && (
        <>
          <Card title={t("board.requests")} size="small">
            <RecusalRequests roundId={id} canDecide={access.canOperate} />
          </Card>
          <Card title={t("board.teams")} size="small">
            <TeamsTable roundId={id} />
          </Card>
        </>
      )}
    </Space>
  );
}
