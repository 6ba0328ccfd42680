/** Placeholder home of the department console until the dashboard lands: the department and where to start. */
import { Card, Space, Typography } from "antd";
import { ProblemAlert } from "../../components/ProblemAlert";
import { useI18n } from "../../i18n";
import { useDepartment } from "../../layout/ConsoleLayout";

export default function HomePage() {
  const { t } = useI18n();
  const department = useDepartment();
  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <ProblemAlert error={department.error} />
      <Card title={t("homeTitle")}>
        <Typography.Paragraph>{t("homeBody")}</Typography.Paragraph>
        <a href="/docs">{t("apiDocs")}</a>
      </Card>
    </Space>
  );
}
