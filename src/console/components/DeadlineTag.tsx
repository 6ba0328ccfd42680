/**
 * A publication deadline as the person deciding needs it: working days left (or overdue), counted
 * by the server from the working-day calendar; "provisional" when next year's holidays are not
 * announced yet. The browser never counts working days itself.
 */
import { Tag, Tooltip } from "antd";
import { useI18n } from "../i18n";

export interface DeadlineInfo {
  deadline: { date: string; provisional: boolean; basis: string } | null;
  due: { state: "on-time" | "due-soon" | "overdue"; workingDaysLeft: number } | null;
}

const COLOR = { "on-time": "green", "due-soon": "orange", overdue: "red" } as const;

export function DeadlineTag({ deadline, due }: DeadlineInfo) {
  const { t } = useI18n();
  if (!deadline) return <Tag>{t("findings.noDeadline")}</Tag>;
  const text = !due
    ? deadline.date
    : due.state === "overdue"
      ? `${t("findings.overdue")} · ${deadline.date}`
      : `${t("findings.daysLeft").replace("{n}", String(due.workingDaysLeft))} · ${deadline.date}`;
  return (
    <Tooltip title={`${deadline.basis}${deadline.provisional ? ` ${t("provisional")}` : ""}`}>
      <Tag color={due ? COLOR[due.state] : "default"} data-due-state={due?.state ?? "none"}>
        {text}
        {deadline.provisional ? " *" : ""}
      </Tag>
    </Tooltip>
  );
}
