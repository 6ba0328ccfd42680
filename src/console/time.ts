/**
 * Times as a person in China reads them: every instant is shown in Beijing time (Asia/Shanghai,
 * UTC+8) whatever the phone's own time zone; calendar dates (YYYY-MM-DD) are shown as they are.
 */
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);

export const BEIJING = "Asia/Shanghai";

/** An ISO instant as "YYYY-MM-DD HH:mm" in Beijing time. */
export function beijingTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).tz(BEIJING).format("YYYY-MM-DD HH:mm") : "—";
}

/** Today's date in Beijing (for date fields' defaults). */
export function beijingToday(): string {
  return dayjs().tz(BEIJING).format("YYYY-MM-DD");
}

/** Now as an ISO instant with the +08:00 offset (what inspection events record). */
export function beijingNowIso(): string {
  return dayjs().tz(BEIJING).format("YYYY-MM-DDTHH:mm:ssZ");
}
