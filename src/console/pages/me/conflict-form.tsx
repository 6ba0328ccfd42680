/**
 * Declaring a conflict of interest (回避): category + statement. The mutation belongs to the
 * page, which shows the substitute once the assignment reads as recused.
 */
import { Button, Form, Input, Modal, Select } from "antd";
import { useState } from "react";
import { CONFLICT_CATEGORIES, type ConflictCategory, type useDeclareConflict } from "../../api/assignments";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";

export function ConflictForm(props: {
  assignmentId: string;
  declare: ReturnType<typeof useDeclareConflict>;
}) {
  const { assignmentId, declare } = props;
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ category: ConflictCategory; statement: string }>();
  return (
    <>
      <Button size="large" danger style={{ flex: 1 }} onClick={() => setOpen(true)} data-action="conflict">
        {t("declareConflict")}
      </Button>
      <Modal
        open={open}
        title={t("declareConflict")}
        okText={t("submit")}
        cancelText={t("cancel")}
        confirmLoading={declare.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => declare.mutate({ id: assignmentId, ...v }, { onSuccess: () => setOpen(false) })}
        >
          <Form.Item
            name="category"
            label={t("conflictCategory")}
            rules={[{ required: true, message: t("required") }]}
          >
            <Select options={CONFLICT_CATEGORIES.map((c) => ({ value: c, label: t(`conflict.${c}`) }))} />
          </Form.Item>
          <Form.Item
            name="statement"
            label={t("conflictStatement")}
            rules={[
              { required: true, whitespace: true, message: t("conflictStatementRequired") },
              { max: 2000 },
            ]}
          >
            <Input.TextArea rows={4} />
          </Form.Item>
          <ProblemAlert error={declare.error} />
        </Form>
      </Modal>
    </>
  );
}
