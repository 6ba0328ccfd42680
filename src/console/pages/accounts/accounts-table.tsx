/**
 * The department's staff accounts: role, state (disabled, locked, one-time password pending),
 * reset password (a new one-time password, shown once) and disable (ends its sessions; an
 * admin cannot disable itself, the server refuses it too).
 */
import { Button, Card, Popconfirm, Space, Table, Tag } from "antd";
import { useState } from "react";
import { type StaffAccount, useAccounts, useDisableAccount, useResetPassword } from "../../api/accounts";
import { useSession } from "../../api/session";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { beijingTime } from "../../time";
import { AccountForm } from "./account-form";
import { OneTimePasswordModal, type OneTimeSecret } from "./one-time-password";

function StateTags({ account }: { account: StaffAccount }) {
  const { t } = useI18n();
  if (account.disabledAt) return <Tag>{t("accounts.disabled")}</Tag>;
  const locked = account.lockedUntil && Date.parse(account.lockedUntil) > Date.now();
  return (
    <Space size={4} wrap>
      {locked ? (
        <Tag color="red">{t("accounts.locked")}</Tag>
      ) : (
        <Tag color="green">{t("accounts.active")}</Tag>
      )}
      {account.mustChangePassword && <Tag color="gold">{t("accounts.mustChange")}</Tag>}
    </Space>
  );
}

export function AccountsTable() {
  const { t } = useI18n();
  const session = useSession();
  const accounts = useAccounts();
  const reset = useResetPassword();
  const disable = useDisableAccount();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<OneTimeSecret | null>(null);
  const self = session.data?.account.id;

  return (
    <Card
      title={t("accounts.accounts")}
      extra={
        <Button type="primary" onClick={() => setCreating(true)} data-action="create-account">
          {t("accounts.create")}
        </Button>
      }
    >
      <ProblemAlert error={accounts.error ?? reset.error ?? disable.error} />
      <Table<StaffAccount>
        rowKey="id"
        size="small"
        loading={accounts.isPending}
        dataSource={accounts.data?.items ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          { title: t("login"), dataIndex: "login" },
          { title: t("accounts.displayName"), dataIndex: "displayName" },
          {
            title: t("accounts.role"),
            dataIndex: "role",
            render: (r: StaffAccount["role"]) => <Tag color="blue">{t(`role.${r}` as MessageKey)}</Tag>,
          },
          { title: t("status"), render: (_, a) => <StateTags account={a} /> },
          { title: t("createdAt"), dataIndex: "createdAt", render: (v: string) => beijingTime(v) },
          {
            title: t("checklist.actions"),
            render: (_, a) =>
              a.disabledAt ? null : (
                <Space size={4}>
                  <Popconfirm
                    title={t("accounts.resetConfirm")}
                    onConfirm={async () => {
                      const r = await reset.mutateAsync(a.id);
                      if (r.oneTimePassword) setSecret({ login: a.login, password: r.oneTimePassword });
                    }}
                  >
                    <Button size="small" data-action="reset-password">
                      {t("accounts.resetPassword")}
                    </Button>
                  </Popconfirm>
                  {a.id !== self && (
                    <Popconfirm
                      title={t("accounts.disableConfirm")}
                      onConfirm={() => disable.mutateAsync(a.id)}
                    >
                      <Button size="small" danger data-action="disable-account">
                        {t("accounts.disable")}
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
          },
        ]}
      />
      <AccountForm
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(s) => {
          setCreating(false);
          setSecret(s);
        }}
      />
      <OneTimePasswordModal secret={secret} onClose={() => setSecret(null)} />
    </Card>
  );
}
