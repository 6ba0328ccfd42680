import { Tag } from "antd";
import type { Assignment } from "../api/assignments";
import { useI18n } from "../i18n";

const colors = { assigned: "orange", accepted: "green", recused: "default" } as const;

export function StatusTag({ status }: { status: Assignment["status"] }) {
  const { t } = useI18n();
  return (
    <Tag color={colors[status]} data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}
