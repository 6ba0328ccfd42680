/** The current Beijing time in the header, so every time a person reads has its reference beside it. */
import { Typography } from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import { useI18n } from "../i18n";
import { BEIJING } from "../time";

export function BeijingClock() {
  const { t } = useI18n();
  const [now, setNow] = useState(() => dayjs());
  useEffect(() => {
    const timer = setInterval(() => setNow(dayjs()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <Typography.Text type="secondary" data-testid="beijing-clock">
      {t("beijingTime")} {now.tz(BEIJING).format("YYYY-MM-DD HH:mm")}
    </Typography.Text>
  );
}
