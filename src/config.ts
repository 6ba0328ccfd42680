import { z } from "zod";
import { parseWitnesses } from "./ledger/witness-config.js";

/**
 * Every environment variable Sortes reads, parsed once at start-up.
 * The README's configuration table mirrors this schema; keep them in step.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.string().url().optional(),
  /**
   * Streaming replicas (hot standbys) of DATABASE_URL, comma-separated postgres:// URLs. Public
   * GET routes read from them (src/db/replicas.ts, src/http/replica-reads.ts); empty: none.
   */
  DATABASE_REPLICA_URLS: z
    .string()
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((u) => u.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .url()
          .regex(/^postgres(ql)?:\/\//, "a postgres:// URL"),
      ),
    ),
  /** A replica that has not replayed what the primary wrote this long ago is not read from. */
  REPLICA_MAX_LAG_MS: z.coerce.number().int().positive().default(5_000),
  /** A caller's read after its own write waits this long for a replica to replay it, then reads the primary. */
  REPLICA_WAIT_MS: z.coerce.number().int().nonnegative().default(200),
  /** Replica health (reachable, replay position, lag) is checked this often. */
  REPLICA_CHECK_MS: z.coerce.number().int().positive().default(1_000),
  DATA_DIR: z.string().default("./data"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  IMPORT_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(512 * 1024 * 1024),
  /** Largest inspection evidence file accepted (bytes); stored content-addressed under DATA_DIR/evidence. */
  EVIDENCE_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(100 * 1024 * 1024),
  /** Proof bundles up to this size are served from the read cache; larger ones are streamed from the database. */
  PROOF_CACHE_MAX_BYTES: z.coerce
    .number()
    .int()
    .nonnegative()
    .default(8 * 1024 * 1024),
  BOOTSTRAP_DEPARTMENT_CODE: z.string().min(1).default("BOOTSTRAP"),
  BOOTSTRAP_DEPARTMENT_NAME: z.string().min(1).default("默认监管部门"),
  BOOTSTRAP_REGION_CODE: z
    .string()
    .regex(/^\d{6}$/)
    .default("350100"),
  SIGNING_KEY_HEX: z
    .string()
    .regex(/^[0-9a-f]{64}$/i)
    .optional(),
  DRAND_RELAYS: z
    .string()
    .default("https://api.drand.sh,https://drand.cloudflare.com")
    .transform((s) =>
      s
        .split(",")
        .map((u) => u.trim())
        .filter(Boolean),
    ),
  CRON_ENABLED: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().nonnegative().default(10_000),
  /**
   * Reverse proxies in front of Sortes (hops). 0: X-Forwarded-For is ignored and the socket
   * peer is the client; N: the client is the address the N-th proxy from us recorded
   * (src/http/rate-limit.ts, clientAddress).
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Address people reach this service at, for links in notices, e-mails, calendar feeds and QR
   * codes. Unset: http://localhost:PORT (fine on one machine, wrong behind a proxy).
   */
  PUBLIC_BASE_URL: z
    .string()
    .url()
    .optional()
    .transform((u) => u?.replace(/\/+$/, "")),
  /** Staff sessions (src/auth/sessions.ts): idle timeout and absolute lifetime. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_MAX_HOURS: z.coerce.number().int().positive().default(12),
  /** Password sign-in lock-out: this many consecutive failures lock the account for LOGIN_LOCK_MINUTES. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().positive().default(15),
  /** Adds `Secure` to the session cookie; set it when the service is reached over HTTPS. */
  COOKIE_SECURE: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /** Notification worker (src/notifications/worker.ts): runs inside `npm start` unless false. */
  NOTIFY_ENABLED: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  /** Deliveries one worker loop claims at a time, and how many loops run side by side. */
  NOTIFY_BATCH_SIZE: z.coerce.number().int().positive().max(1000).default(20),
  NOTIFY_CONCURRENCY: z.coerce.number().int().positive().max(64).default(2),
  /** Idle loops look for due deliveries this often (ms). */
  NOTIFY_POLL_MS: z.coerce.number().int().positive().default(500),
  /** A claimed delivery is due again after this long (ms) if its worker died before marking it. */
  NOTIFY_LEASE_MS: z.coerce.number().int().positive().default(60_000),
  /** One send (HTTP request, SMTP transaction) gives up after this long (ms); keep it below the lease. */
  NOTIFY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** Retry back-off: base doubling per attempt, capped, with random jitter; dead after MAX_ATTEMPTS. */
  NOTIFY_BACKOFF_BASE_MS: z.coerce.number().int().positive().default(1_000),
  NOTIFY_BACKOFF_CAP_MS: z.coerce.number().int().positive().default(3_600_000),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().positive().max(100).default(12),
  /** E-mail: nodemailer SMTP URL (smtp://user:pass@host:587). Unset: e-mail deliveries are dead at once. */
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default("Sortes <noreply@localhost>"),
  /** SMS: a gateway that takes signed JSON {phone, text}. Unset: SMS deliveries are dead at once. */
  SMS_WEBHOOK_URL: z.string().url().optional(),
  /** Standard Webhooks secret (whsec_…) the SMS gateway verifies; unset: requests are unsigned. */
  SMS_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/=]+$/)
    .optional(),
  /**
   * Host part of the ledger checkpoints' origins, `<host>/sortes/<department code>`
   * (docs/ledger.md "Checkpoints"). Unset: the host of PUBLIC_BASE_URL. A log keeps the origin
   * of its first checkpoint whatever this says later.
   */
  LEDGER_ORIGIN_HOST: z
    .string()
    .regex(/^[^\s+]+$/, "no white space or '+' (an origin is also a note key name)")
    .optional(),
  /**
   * Witnesses every department's checkpoints are submitted to (src/ledger/witness-config.ts):
   * `VERIFIER_KEY@URL` entries separated by commas or white space.
   */
  WITNESSES: z
    .string()
    .default("")
    .transform((value, ctx) => {
      try {
        return parseWitnesses(value);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /** How long one add-checkpoint request to a witness may take. */
  WITNESS_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
});

/** The parsed variables, with defaults that depend on other variables filled in. */
const configSchema = envSchema.transform((c) => ({
  ...c,
  PUBLIC_BASE_URL: c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`,
}));

export type Config = z.infer<typeof configSchema>;

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
