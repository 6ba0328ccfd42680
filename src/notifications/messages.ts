/**
 * The words of each notification (zh-CN), for e-mail (plain text + HTML) and SMS. Written from
 * the event's stored payload only, so a retry or replay says exactly what the first try said.
 */
import type { NotificationKind } from "./outbox.js";

export interface StoredEvent {
  id: string;
  kind: string;
  departmentId: string;
  recipientType: "inspector" | "department";
  recipientId: string;
  payload: Record<string, unknown>;
  createdAt: Date;
}

interface EntityRef {
  entityId: string;
  entityName?: string | null;
  address?: string | null;
}

type P = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? "" : String(v));
const windowOf = (p: P) => {
  const w = p.window as { from?: string; until?: string } | undefined;
  return w ? `${w.from} 至 ${w.until}` : "";
};
const entityLine = (e: EntityRef) =>
  `${e.entityName ?? e.entityId}（${e.entityId}）${e.address ? `，地址：${e.address}` : ""}`;

function listed(p: P, key: string): string[] {
  const items = (p[key] as EntityRef[] | undefined) ?? [];
  const count = Number(p.count ?? items.length);
  const lines = items.map((e) => `  · ${entityLine(e)}`);
  if (count > items.length) lines.push(`  · ……共 ${count} 户，完整名单见工作台`);
  return lines;
}

/** Subject and body lines per kind; unknown kinds fall back to the kind name. */
function describe(kind: string, p: P): { subject: string; lines: string[] } {
  switch (kind as NotificationKind) {
    case "assignment.created":
      return {
        subject: `【检查任务】${str(p.roundTitle)}`,
        lines: [
          p.reason === "substitution"
            ? "您已作为回避替补人员被分配检查任务："
            : `您在“${str(p.roundTitle)}”中被随机抽取为检查人员，共 ${str(p.count)} 户：`,
          ...listed(p, "assignments"),
          `检查时间窗口：${windowOf(p)}`,
        ],
      };
    case "assignment.substituted":
      return {
        subject: `【回避替换】${str(p.entityName ?? p.entityId)}`,
        lines: [
          `${str(p.roundTitle)}：检查对象 ${entityLine(p as unknown as EntityRef)} 的检查人员已调整。`,
          `回避人员：${str((p.recused as P | undefined)?.name)}`,
          p.substitute
            ? `替补人员：${str((p.substitute as P).name)}`
            : "无符合条件的替补人员，该检查组已解散。",
        ],
      };
    case "recusal.decided":
      return {
        subject: `【回避申请】${p.accepted ? "已同意" : "未同意"}`,
        lines: [
          `检查对象 ${entityLine(p as unknown as EntityRef)} 提出的回避申请${p.accepted ? "已获同意" : "未获同意"}。`,
          `处理意见：${str(p.note)}`,
        ],
      };
    case "finding.returned":
      return {
        subject: `【检查结果退回】${str(p.entityName ?? p.entityId)}`,
        lines: [
          `检查结果 ${str(p.findingId)}（${entityLine(p as unknown as EntityRef)}）经审核决定不予公示，已退回检查组。`,
          `原因：${str(p.reason)}；说明：${str(p.note)}`,
        ],
      };
    case "publication.due-soon":
      return {
        subject: `【公示提醒】${str(p.entityId)} 应于 ${str(p.deadline)} 前公示`,
        lines: [
          `检查结果 ${str(p.findingId)}（${str(p.entityId)}）尚未公示，距公示期限 ${str(p.deadline)} 还有 ${str(p.workingDaysLeft)} 个工作日。`,
        ],
      };
    case "publication.overdue":
      return {
        subject: `【逾期未公示】${str(p.entityId)}`,
        lines: [
          `检查结果 ${str(p.findingId)}（${str(p.entityId)}）已超过公示期限 ${str(p.deadline)}，尚未公示。`,
        ],
      };
    case "inspection.overdue":
      return {
        subject: `【检查逾期】${str(p.roundTitle)}`,
        lines: [
          `“${str(p.roundTitle)}”的检查时间窗口已于 ${str(p.windowUntil)} 结束，以下检查对象尚未提交检查结果：`,
          ...listed(p, "entities"),
        ],
      };
    case "certificate.expiring":
      return {
        subject: "【执法证即将到期】",
        lines: [
          `${str(p.name)}，您的执法证（${str(p.certificateNo)}）将于 ${str(p.certValidUntil)} 到期，请及时办理换证。`,
        ],
      };
    case "plan.behind-pace":
      return {
        subject: `【计划进度预警】${str(p.itemName)}`,
        lines: [
          `${str(p.year)}年抽查计划事项“${str(p.itemName)}”（${str(p.itemCode)}）已开展 ${str(p.done)}/${str(p.planned)} 轮，按目前进度年底前无法完成。`,
        ],
      };
    case "plan.repeated-check":
      return {
        subject: `【重复检查预警】${str(p.entityId)}`,
        lines: [
          `市场主体 ${str(p.entityId)} ${str(p.year)}年已被抽中 ${str(p.rounds)} 次，超过计划规定的每年 ${str(p.cap)} 次上限（国办发〔2024〕54号）。`,
        ],
      };
    default:
      return { subject: `【通知】${kind}`, lines: [JSON.stringify(p)] };
  }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** Inspectors go to the phone workspace; department events to the console. */
export function linkFor(event: StoredEvent, baseUrl: string): string {
  return event.recipientType === "inspector" ? `${baseUrl}/console/m/` : `${baseUrl}/console/`;
}

export function emailMessage(event: StoredEvent, baseUrl: string) {
  const { subject, lines } = describe(event.kind, event.payload);
  const link = linkFor(event, baseUrl);
  const text = [...lines, "", `打开工作台：${link}`, "", `（通知编号 ${event.id}，请勿直接回复本邮件）`].join(
    "\n",
  );
  const html = [
    '<!doctype html><html lang="zh-CN"><body style="font-family:sans-serif">',
    ...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
    `<p><a href="${escapeHtml(link)}">打开工作台</a></p>`,
    `<p style="color:#888;font-size:12px">通知编号 ${escapeHtml(event.id)}，请勿直接回复本邮件。</p>`,
    "</body></html>",
  ].join("\n");
  return { subject, text, html };
}

/** One short SMS: the subject, the first line, the link. */
export function smsText(event: StoredEvent, baseUrl: string): string {
  const { subject, lines } = describe(event.kind, event.payload);
  return `${subject}${lines[0] ?? ""} ${linkFor(event, baseUrl)}`;
}
