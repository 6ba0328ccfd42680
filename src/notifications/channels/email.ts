/** E-mail over SMTP (nodemailer), one message per delivery, zh-CN text and HTML. */
import nodemailer from "nodemailer";
import { emailMessage } from "../messages.js";
import { type Channel, errorResult } from "./types.js";

export interface EmailOptions {
  smtpUrl: string | undefined;
  from: string;
  baseUrl: string;
  timeoutMs: number;
}

/** Returns the channel and a close function (the pooled SMTP connections). */
export function emailChannel(o: EmailOptions): { send: Channel; close: () => void } {
  if (!o.smtpUrl) {
    return {
      send: async () => ({ ok: false, permanent: true, error: "e-mail is not configured (SMTP_URL)" }),
      close: () => {},
    };
  }
  const transport = nodemailer.createTransport({
    url: o.smtpUrl,
    connectionTimeout: o.timeoutMs,
    greetingTimeout: o.timeoutMs,
    socketTimeout: o.timeoutMs,
  });
  const send: Channel = async ({ delivery, event }) => {
    const m = emailMessage(event, o.baseUrl);
    try {
      await transport.sendMail({
        from: o.from,
        to: delivery.target,
        subject: m.subject,
        text: m.text,
        html: m.html,
        // Base64 bodies: CJK text stays intact through any 7-bit relay.
        textEncoding: "base64",
        // The event id in a header too: a mailbox rule or a person can tell a re-send by it.
        headers: { "X-Sortes-Event-Id": event.id },
        messageId: `<${event.id}@sortes>`,
      });
      return { ok: true };
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      // 5xx from the server is a permanent refusal (bad address); anything else is retried.
      return { ...errorResult(err), permanent: code !== undefined && code >= 500 && code < 600 };
    }
  };
  return { send, close: () => transport.close() };
}
