import { Button, Result } from "antd";
import { Link } from "react-router";
import { useI18n } from "../i18n";

export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t("notFound")}
      extra={
        <Link to="/login">
          <Button type="primary">{t("signIn")}</Button>
        </Link>
      }
    />
  );
}
