/**
 * The caller's department and every department below it (province → city → county) as a tree,
 * and a new department directly below the caller's: its region code must lie under the
 * caller's (the server checks it), optionally with its first admin account.
 */
import { Button, Card, Form, Input, Modal, Table, Tag } from "antd";
import { useState } from "react";
import {
  type DepartmentRow,
  type NewDepartment,
  useCreateDepartment,
  useDepartments,
} from "../../api/accounts";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import { useDepartment } from "../../layout/ConsoleLayout";
import { OneTimePasswordModal, type OneTimeSecret } from "./one-time-password";

type TreeRow = DepartmentRow & { children?: TreeRow[] };

/** Nests the flat subtree under its root (the caller's department). */
function toTree(rows: DepartmentRow[]): TreeRow[] {
  const byId = new Map<string, TreeRow>(rows.map((r) => [r.id, { ...r }]));
  const roots: TreeRow[] = [];
  for (const row of byId.values()) {
    const parent = row.parentId ? byId.get(row.parentId) : undefined;
    if (!parent) roots.push(row);
    else if (parent.children) parent.children.push(row);
    else parent.children = [row];
  }
  return roots;
}

interface DepartmentFormValues extends Omit<NewDepartment, "admin"> {
  adminLogin?: string;
  adminName?: string;
}

export function DepartmentsCard() {
  const { t } = useI18n();
  const own = useDepartment();
  const departments = useDepartments();
  const create = useCreateDepartment();
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<OneTimeSecret | null>(null);
  const [form] = Form.useForm<DepartmentFormValues>();

  const submit = async () => {
    const { adminLogin, adminName, ...v } = await form.validateFields();
    const admin = adminLogin ? { login: adminLogin, displayName: adminName || adminLogin } : undefined;
    const created = await create.mutateAsync({ ...v, admin });
    form.resetFields();
    setOpen(false);
    if (created.admin) setSecret({ login: created.admin.login, password: created.admin.oneTimePassword });
  };

  return (
    <Card
      title={t("accounts.departments")}
      extra={
        <Button onClick={() => setOpen(true)} data-action="create-department">
          {t("accounts.createDepartment")}
        </Button>
      }
    >
      <ProblemAlert error={departments.error} />
      <Table<TreeRow>
        // Remount when a department is added, so defaultExpandAllRows shows the new one too.
        key={departments.data?.items.length ?? 0}
        rowKey="id"
        size="small"
        loading={departments.isPending}
        dataSource={toTree(departments.data?.items ?? [])}
        expandable={{ defaultExpandAllRows: true }}
        pagination={false}
        columns={[
          { title: t("accounts.departmentName"), dataIndex: "name" },
          { title: t("accounts.departmentCode"), dataIndex: "code" },
          { title: t("region"), dataIndex: "regionCode" },
          {
            title: t("accounts.level"),
            dataIndex: "level",
            render: (l: DepartmentRow["level"]) => <Tag>{t(`accounts.level.${l}` as MessageKey)}</Tag>,
          },
        ]}
      />
      <Modal
        open={open}
        title={t("accounts.createDepartment")}
        onCancel={() => setOpen(false)}
        onOk={() => void submit().catch(() => {})}
        confirmLoading={create.isPending}
        okButtonProps={{ ...({ "data-action": "save-department" } as object) }}
        destroyOnHidden
      >
        <ProblemAlert error={create.error} />
        <Form form={form} layout="vertical" data-testid="department-form">
          <Form.Item
            name="name"
            label={t("accounts.departmentName")}
            rules={[{ required: true, whitespace: true, message: t("accounts.departmentNameRequired") }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="code"
            label={t("accounts.departmentCode")}
            rules={[{ required: true, whitespace: true, message: t("accounts.departmentCodeRequired") }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="regionCode"
            label={t("region")}
            extra={`${t("accounts.regionHint")} ${own.data?.regionCode ?? ""}`}
            rules={[{ required: true, pattern: /^\d{6}$/, message: t("accounts.regionRule") }]}
          >
            <Input maxLength={6} />
          </Form.Item>
          <Form.Item name="adminLogin" label={t("accounts.subAdminLogin")} extra={t("accounts.subAdminHint")}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="adminName" label={t("accounts.subAdminName")}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
      <OneTimePasswordModal secret={secret} onClose={() => setSecret(null)} />
    </Card>
  );
}
