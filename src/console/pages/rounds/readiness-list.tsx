/**
 * The preflight checks of a step, each with what was found or why the step would be refused,
 * and a link to the page where a failed check is fixed.
 */
import { CheckCircleTwoTone, CloseCircleTwoTone, WarningTwoTone } from "@ant-design/icons";
import { List, Typography } from "antd";
import { Link } from "react-router";
import type { ReadinessCheck } from "../../api/rounds";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/zh-CN";

/** Console page of each fix target (the server names the target, the console its page). */
const FIX_PAGES: Record<NonNullable<ReadinessCheck["fix"]>, string | null> = {
  roster: "/rosters",
  checklist: "/checklist",
  plan: "/plans",
  inspectors: "/rosters",
  // Contributors are fixed in the wizard itself (add one, or wait for their commitments).
  contributors: null,
};

function Icon({ check }: { check: ReadinessCheck }) {
  if (check.ok) return <CheckCircleTwoTone twoToneColor="#52c41a" />;
  if (!check.blocking) return <WarningTwoTone twoToneColor="#faad14" />;
  return <CloseCircleTwoTone twoToneColor="#ff4d4f" />;
}

export function ReadinessList({ checks }: { checks: ReadinessCheck[] }) {
  const { t } = useI18n();
  return (
    <List
      size="small"
      bordered
      dataSource={checks}
      renderItem={(c) => {
        const page = c.fix ? FIX_PAGES[c.fix] : null;
        return (
          <List.Item
            data-check={c.code}
            data-ok={String(c.ok)}
            actions={
              !c.ok && page
                ? [
                    <Link key="fix" to={page} data-fix={c.fix}>
                      {t(`rounds.fix.${c.fix}` as MessageKey)}
                    </Link>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              avatar={<Icon check={c} />}
              title={t(`rounds.check.${c.code}` as MessageKey)}
              description={<Typography.Text type={c.ok ? "secondary" : "danger"}>{c.detail}</Typography.Text>}
            />
          </List.Item>
        );
      }}
    />
  );
}
