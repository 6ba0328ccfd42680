/** PostgreSQL WAL positions (pg_lsn, printed `X/Y` in hex) as comparable bigints. */

const LSN = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

/** The position, or null for anything that is not a pg_lsn text (e.g. a tampered cookie). */
export function parseLsn(text: string | null | undefined): bigint | null {
  const m = text ? LSN.exec(text.trim()) : null;
  if (!m) return null;
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/**
 * How a read failed on a replica, when the primary should answer it instead:
 * - `unreachable`: the replica cannot be reached or went away (connection errors, SQLSTATE
 *   class 57: shutdown, cannot connect now) — also take it out of rotation;
 * - `refused`: a query cancelled by a recovery conflict (40001 on a standby) or a write
 *   attempted on the read-only standby (25006, e.g. a signing key stored on first use).
 * null: any other error, the caller's to see.
 */
export function replicaFailure(err: unknown): "unreachable" | "refused" | null {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    const code = typeof e.code === "string" ? e.code : "";
    if (
      /^(ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|CONNECT_TIMEOUT|CONNECTION_(CLOSED|ENDED|DESTROYED))$/.test(
        code,
      ) ||
      /^57/.test(code)
    )
      return "unreachable";
    if (code === "40001" || code === "25006") return "refused";
    e = e.cause as typeof e;
  }
  return null;
}
