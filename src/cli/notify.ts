/**
 * `sortes notify worker [--once]`: the notification outbox worker as a process of its own,
 * against DATABASE_URL (or the embedded database under DATA_DIR, when no server has it open).
 * Any number may run beside the server's own worker: claims use FOR UPDATE SKIP LOCKED.
 */
import { join } from "node:path";
import pino from "pino";
import { parseConfig } from "../config.js";
import { openDatabase } from "../db/client.js";
import { createNotifier } from "../notifications/runtime.js";

const USAGE = `usage: sortes notify worker [--once]
Delivers the notification outbox (webhooks, e-mail, SMS) until SIGINT/SIGTERM, configured by the
NOTIFY_*, SMTP_URL, MAIL_FROM and SMS_WEBHOOK_* variables. --once: deliver what is due, then exit.`;

type Io = { out: (l: string) => void; err: (l: string) => void };

export async function notifyCli(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "worker" || rest.some((a) => a !== "--once")) {
    const help = args.includes("--help") || args.includes("-h") || args.length === 0;
    (help ? io.out : io.err)(USAGE);
    return help ? 0 : 2;
  }
  const config = parseConfig(process.env);
  const log = pino({ level: config.LOG_LEVEL });
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: join(config.DATA_DIR, "pglite") });
  const notifier = createNotifier(database.db, config, log);
  try {
    if (rest.includes("--once")) {
      let total = 0;
      for (;;) {
        const r = await notifier.tick();
        total += r.claimed;
        if (r.claimed === 0) break;
      }
      io.out(`attempted ${total} deliveries`);
      return 0;
    }
    notifier.start();
    io.out(`notification worker running (pid ${process.pid})`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    return 0;
  } finally {
    await notifier.stop();
    await database.close();
  }
}
