/** The worker as the service and `sortes notify worker` run it: channels built from Config. */
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Db } from "../db/types.js";
import { emailChannel } from "./channels/email.js";
import { type SmsSender, smsChannel, webhookSmsSender } from "./channels/sms.js";
import { webhookChannel } from "./channels/webhook.js";
import { notificationWorker, type WorkerOptions } from "./worker.js";

export interface NotifierOverrides {
  sms?: SmsSender;
  clock?: WorkerOptions["clock"];
}

export function createNotifier(
  db: Db,
  config: Config,
  log: WorkerOptions["log"],
  over: NotifierOverrides = {},
) {
  const email = emailChannel({
    smtpUrl: config.SMTP_URL,
    from: config.MAIL_FROM,
    baseUrl: config.PUBLIC_BASE_URL,
    timeoutMs: config.NOTIFY_TIMEOUT_MS,
  });
  const sms =
    over.sms ??
    (config.SMS_WEBHOOK_URL
      ? webhookSmsSender(config.SMS_WEBHOOK_URL, config.SMS_WEBHOOK_SECRET, config.NOTIFY_TIMEOUT_MS)
      : null);
  const worker = notificationWorker(db, {
    batchSize: config.NOTIFY_BATCH_SIZE,
    concurrency: config.NOTIFY_CONCURRENCY,
    pollMs: config.NOTIFY_POLL_MS,
    leaseMs: config.NOTIFY_LEASE_MS,
    backoffBaseMs: config.NOTIFY_BACKOFF_BASE_MS,
    backoffCapMs: config.NOTIFY_BACKOFF_CAP_MS,
    maxAttempts: config.NOTIFY_MAX_ATTEMPTS,
    channels: {
      webhook: webhookChannel(db, config.NOTIFY_TIMEOUT_MS),
      email: email.send,
      sms: smsChannel(sms, config.PUBLIC_BASE_URL),
    },
    log,
    clock: over.clock,
  });
  return {
    ...worker,
    async stop() {
      await worker.stop();
      email.close();
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;

/** Started by the server next to the cron jobs (unless NOTIFY_ENABLED=false). */
export function startNotifier(db: Db, config: Config, log: Logger): Notifier | null {
  if (!config.NOTIFY_ENABLED) return null;
  const notifier = createNotifier(db, config, log.child({ component: "notifications" }));
  notifier.start();
  return notifier;
}
