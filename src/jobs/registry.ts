import type { Logger } from "pino";
import type { Config } from "../config.js";
import { notificationRemindersJob } from "../notifications/reminders.js";
import { publicationTakeDownJob } from "../publication/take-down.js";
import { publicationWatchdogJob } from "../publication/watchdog.js";
import { ledgerJobs } from "./ledger-sth.js";
import { planWarningsJob } from "./plan-warnings.js";
import { rosterRevisionReminder } from "./roster-reminder.js";
import { roundsDueJob } from "./rounds.js";
import type { JobDef } from "./runner.js";

/** Every scheduled job of the service. Each domain contributes its jobs here. */
export function allJobs(config: Config, log?: Pick<Logger, "warn">): JobDef[] {
  return [
    roundsDueJob(config),
    ...ledgerJobs(config, log),
    rosterRevisionReminder,
    publicationWatchdogJob,
    publicationTakeDownJob,
    notificationRemindersJob,
    planWarningsJob,
  ];
}
