/**
 * New staff account: login, name, role (an inspector account is bound to an active inspector
 * of the roster) and an optional password; left empty, the server generates a one-time one.
 */
import { Form, Input, Modal, Select } from "antd";
import { type NewAccount, useActiveInspectors, useCreateAccount } from "../../api/accounts";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";
import type { OneTimeSecret } from "./one-time-password";

export const ROLES = ["admin", "operator", "auditor", "inspector"] as const;

export function AccountForm({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose(): void;
  onCreated(secret: OneTimeSecret | null): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<NewAccount>();
  const role = Form.useWatch("role", form);
  const inspectors = useActiveInspectors(open && role === "inspector");
  const create = useCreateAccount();

  const submit = async () => {
    const values = await form.validateFields();
    const created = await create.mutateAsync({ ...values, password: values.password || undefined });
    form.resetFields();
    onCreated(
      created.oneTimePassword ? { login: created.account.login, password: created.oneTimePassword } : null,
    );
  };

  return (
    <Modal
      open={open}
      title={t("accounts.create")}
      onCancel={onClose}
      onOk={() => void submit().catch(() => {})}
      okText={t("accounts.createOk")}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <ProblemAlert error={create.error} />
      <Form form={form} layout="vertical" initialValues={{ role: "operator" }} data-testid="account-form">
        <Form.Item
          name="login"
          label={t("login")}
          rules={[
            { required: true, message: t("loginRequired") },
            { max: 64, message: t("accounts.loginTooLong") },
          ]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t("accounts.displayName")}
          rules={[{ required: true, message: t("accounts.displayNameRequired") }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="role"
          label={t("accounts.role")}
          extra={t(`accounts.roleHint.${role ?? "operator"}` as MessageKey)}
        >
          <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}` as MessageKey) }))} />
        </Form.Item>
        {role === "inspector" && (
          <Form.Item
            name="inspectorId"
            label={t("accounts.inspector")}
            rules={[{ required: true, message: t("accounts.inspectorRequired") }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              loading={inspectors.isPending}
              notFoundContent={t("accounts.noInspectors")}
              options={(inspectors.data?.items ?? []).map((i) => ({
                value: i.id,
                label: `${i.name}（${i.certificateNo}）`,
              }))}
            />
          </Form.Item>
        )}
        <Form.Item
          name="password"
          label={t("accounts.initialPassword")}
          extra={t("accounts.initialPasswordHint")}
          rules={[{ min: 10, message: t("passwordRule") }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
