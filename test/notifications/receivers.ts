/**
 * Real receivers for the notification tests: an HTTP server that records webhook requests
 * (and answers as the test says), a Standard Webhooks verifier written here from the spec —
 * not the service's signing code — and an SMTP server (smtp-server) that keeps each message.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  path: string;
  at: number;
}

/** `respond` decides each answer (status); it may also hold the response open by returning null. */
export async function startReceiver(respond: (r: Received, n: number) => number | null = () => 200) {
  const received: Received[] = [];
  const held: ServerResponse[] = [];
  const waiters: (() => void)[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: Received = {
        id: String(req.headers["webhook-id"] ?? ""),
        timestamp: String(req.headers["webhook-timestamp"] ?? ""),
        signature: String(req.headers["webhook-signature"] ?? ""),
        body: Buffer.concat(chunks).toString("utf8"),
        path: req.url ?? "/",
        at: Date.now(),
      };
      received.push(r);
      for (const w of waiters.splice(0)) w();
      const status = respond(r, received.length);
      if (status === null) {
        held.push(res);
        return;
      }
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    received,
    /** Resolves once `n` requests have arrived (or rejects after `ms`). */
    async waitFor(n: number, ms = 15_000) {
      const until = Date.now() + ms;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`receiver got ${received.length} of ${n} requests`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Standard Webhooks verification from the spec: for each space-separated `v1,<base64>` entry,
 * HMAC-SHA256 keyed with base64-decode(secret without "whsec_") over "id.timestamp.body",
 * compared in constant time; the timestamp must be within 5 minutes. Returns which of the
 * given secrets produced a valid signature.
 */
export function verifyStandardWebhook(r: Received, secrets: string[], now = Date.now()): boolean[] {
  if (!/^\d+$/.test(r.timestamp) || Math.abs(now / 1000 - Number(r.timestamp)) > 300) {
    throw new Error(`webhook-timestamp ${r.timestamp} out of tolerance`);
  }
  const sent = r.signature
    .split(" ")
    .filter((s) => s.startsWith("v1,"))
    .map((s) => Buffer.from(s.slice(3), "base64"));
  return secrets.map((secret) => {
    const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
    const expected = createHmac("sha256", key).update(`${r.id}.${r.timestamp}.${r.body}`).digest();
    return sent.some((s) => s.length === expected.length && timingSafeEqual(s, expected));
  });
}

export interface Mail {
  from: string;
  to: string[];
  raw: string;
}

export async function startSmtp() {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** RFC 2047 encoded words (B and Q) in a header value. */
function decodeWords(v: string): string {
  return v.replace(/\s*=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
    enc.toLowerCase() === "b"
      ? Buffer.from(text, "base64").toString("utf8")
      : Buffer.from(
          text
            .replace(/_/g, " ")
            .replace(/=([0-9a-f]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))),
          "latin1",
        ).toString("utf8"),
  );
}

/** Subject and the decoded text/plain and text/html parts of a raw message. */
export function parseMail(raw: string) {
  const [head = ""] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, " ");
  const subject = decodeWords(/^subject: (.*)$/im.exec(unfolded)?.[1] ?? "");
  const part = (type: string) => {
    const m = new RegExp(`content-type: ${type}[^]*?\\r?\\n\\r?\\n([^]*?)(?:\\r?\\n--|$)`, "i").exec(raw);
    if (!m) return "";
    const before = raw.slice(0, m.index + m[0].length);
    const base64 = /content-transfer-encoding: base64/i.test(
      before.slice(before.lastIndexOf("Content-Type")),
    );
    return base64 ? Buffer.from(m[1]!.replace(/\s+/g, ""), "base64").toString("utf8") : m[1]!;
  };
  return { subject, text: part("text/plain"), html: part("text/html"), headers: unfolded };
}
