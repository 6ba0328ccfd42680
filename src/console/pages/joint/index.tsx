/**
 * 联合抽查邀请 (/console/joint-rounds, admins): the joint rounds other departments lead and
 * invited this department to. A draft's invitation can be joined (own item, optional
 * contributors) or declined; the rest shows where the round stands.
 */
import { Button, Card, Empty, Popconfirm, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { type JointInvitation, useDeclineRound, useJointInvitations } from "../../api/joint";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { JoinDialog } from "./join-dialog";

const HAS_TEAMS = new Set(["drawn", "in_progress", "closed"]);

function StateTag({ i }: { i: JointInvitation }) {
  const { t } = useI18n();
  if (i.joined) return <Tag color="green">{t("joint.joined")}</Tag>;
  if (i.declined) return <Tag color="red">{t("joint.declined")}</Tag>;
  if (i.status !== "draft") return <Tag>{t("joint.closed")}</Tag>;
  return <Tag color="gold">{t("joint.pending")}</Tag>;
}

export default function JointInvitationsPage() {
  const { t } = useI18n();
  const list = useJointInvitations();
  const decline = useDeclineRound();
  const [joining, setJoining] = useState<JointInvitation | null>(null);
  const open = (i: JointInvitation) => i.status === "draft" && !i.joined && !i.declined;
  // Once drawn, a member's own inspectors' teams are on the round's board.
  const drawn = (i: JointInvitation) => i.joined && HAS_TEAMS.has(i.status);
  return (
    <Card title={t("joint.invitations")}>
      <Typography.Paragraph type="secondary">{t("joint.invitationsIntro")}</Typography.Paragraph>
      <ProblemAlert error={list.error ?? decline.error} />
      <Table<JointInvitation>
        rowKey="roundId"
        loading={list.isPending}
        scroll={{ x: "max-content" }}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={t("joint.noInvitations")} /> }}
        columns={[
          { title: t("joint.roundTitle"), dataIndex: "title" },
          { title: t("joint.leadDepartment"), render: (_: unknown, i) => `${i.lead.name}（${i.lead.code}）` },
          { title: t("rounds.planYear"), dataIndex: "planYear" },
          {
            title: t("joint.roundStatus"),
            render: (_: unknown, i) => t(`rounds.status.${i.status}` as MessageKey),
          },
          {
            title: t("status"),
            render: (_: unknown, i) => (
              <span data-invitation-state={i.roundId}>
                <StateTag i={i} />
              </span>
            ),
          },
          {
            title: "",
            render: (_: unknown, i) =>
              open(i) ? (
                <Space>
                  <Button type="primary" size="small" onClick={() => setJoining(i)} data-action="join">
                    {t("joint.join")}
                  </Button>
                  <Popconfirm title={t("joint.declineConfirm")} onConfirm={() => decline.mutate(i.roundId)}>
                    <Button size="small" danger data-action="decline" loading={decline.isPending}>
                      {t("joint.decline")}
                    </Button>
                  </Popconfirm>
                </Space>
              ) : drawn(i) ? (
                <Link to={`/rounds/${i.roundId}/board`} data-action="open-board">
                  {t("joint.board")}
                </Link>
              ) : null,
          },
        ]}
      />
      {joining && <JoinDialog invitation={joining} onClose={() => setJoining(null)} />}
    </Card>
  );
}
