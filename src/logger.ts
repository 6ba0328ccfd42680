import pino from "pino";
import type { Config } from "./config.js";

/**
 * JSON lines on stdout, written asynchronously: lines logged while a write is in flight go out
 * together in the next one, instead of one blocking write(2) per request line (~9 % of the
 * server's CPU under load). pino flushes what is pending when the process exits.
 */
export function createLogger(config: Pick<Config, "LOG_LEVEL">) {
  return pino(
    { level: config.LOG_LEVEL, base: { service: "sortes" } },
    pino.destination({ dest: 1, sync: false }),
  );
}
