import type { Config } from "../config.js";
import { publicationTakeDownJob } from "../publication/take-down.js";
import { publicationWatchdogJob } from "../publication/watchdog.js";
import { rosterRevisionReminder } from "./roster-reminder.js";
import type { JobDef } from "./runner.js";

/** Every scheduled job of the service. Each domain contributes its jobs here. */
export function allJobs(_config: Config): JobDef[] {
  return [rosterRevisionReminder, publicationWatchdogJob, publicationTakeDownJob];
}
