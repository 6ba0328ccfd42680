/**
 * The printable 检查通知书 / 双清单 (list of inspection matters + list of inspectors) for one
 * drawn entity, as a self-contained HTML page: inline stylesheet with A4 print margins, a CJK
 * font stack, the QR code as inline SVG — no external asset, so a saved file prints the same
 * anywhere. Plain string templates (every value escaped): the ZIP renders thousands of these.
 */
import QRCode from "qrcode";
import type { NoticeEntity, NoticeRound } from "./notice-data.js";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function esc(value: string | number | null | undefined): string {
  return String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const METHOD_ZH: Record<string, string> = { written: "书面检查", on_site: "实地查看" };

/** Serif-free CJK stack: WenQuanYi Zen Hei is what a Debian print server has. */
const FONTS = `"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "SimHei", sans-serif`;

export const NOTICE_CSS = `
@page { size: A4; margin: 18mm 16mm; }
html { font-family: ${FONTS}; font-size: 11pt; line-height: 1.6; color: #000; }
body { margin: 0; background: #e8e8e8; }
.notice { box-sizing: border-box; width: 210mm; max-width: 100%; margin: 0 auto; padding: 18mm 16mm; background: #fff; }
h1 { font-size: 20pt; text-align: center; letter-spacing: .3em; margin: .2em 0 0; }
h2 { font-size: 12pt; margin: 1.1em 0 .4em; }
.issuer { text-align: center; font-size: 13pt; margin: 0; }
.sub { text-align: center; margin: 0 0 1em; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; }
th, td { border: 1px solid #000; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f2f2f2; font-weight: bold; }
tr, figure, .sign { break-inside: avoid; }
a { color: inherit; overflow-wrap: anywhere; }
code { font-family: inherit; overflow-wrap: anywhere; }
.verify { display: flex; gap: 6mm; align-items: center; }
.verify figure { margin: 0; text-align: center; flex: none; }
.verify svg { width: 36mm; height: 36mm; display: block; }
.sign { text-align: right; margin-top: 2em; }
.meta { font-size: 8.5pt; color: #333; margin-top: 1.5em; border-top: 1px solid #999; padding-top: .4em; }
@media print {
  body { background: #fff; }
  .notice { width: auto; padding: 0; margin: 0; }
  a { text-decoration: none; }
}`;

/** The QR code of the round's verification page, as inline SVG (one per round: every notice shares it). */
export function verifyQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 4 });
}

export function recusalLink(nr: NoticeRound, entityId: string): string {
  return `${nr.recusalUrl}?entity=${encodeURIComponent(entityId)}`;
}

function row(cells: (string | number | null)[], tag = "td"): string {
  return `<tr>${cells.map((c) => `<${tag}>${esc(c)}</${tag}>`).join("")}</tr>`;
}

export function noticeHtml(nr: NoticeRound, e: NoticeEntity, qrSvg: string): string {
  const { round, department: dept, item } = nr;
  const recusal = recusalLink(nr, e.creditCode);
  const methods = item.methods.map((m) => METHOD_ZH[m] ?? m).join("、");
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>检查通知书 · ${esc(e.name || e.creditCode)}</title>
<style>${NOTICE_CSS}</style>
</head>
<body>
<main class="notice">
<p class="issuer">${esc(dept.name)}</p>
<h1>检查通知书</h1>
<p class="sub">（“双随机、一公开”抽查 · 检查事项清单和检查人员名单）</p>
<p><strong>${esc(e.name || e.creditCode)}</strong>：</p>
<p>根据本部门${esc(round.planYear)}年度随机抽查工作计划，经公开、可验证的随机抽取，你单位被确定为“${esc(round.title)}”的检查对象，检查人员亦由随机抽取产生。现将有关事项告知如下：</p>
<h2>一、被检查主体</h2>
<table>
<colgroup><col style="width:28%"><col></colgroup>
${row(["主体名称", e.name])}
${row(["统一社会信用代码", e.creditCode])}
${row(["法定代表人（负责人）", e.legalRepresentative])}
${row(["住所（经营场所）", e.address])}
</table>
<h2>二、检查事项清单</h2>
<table>
<colgroup><col style="width:22%"><col style="width:30%"><col><col style="width:14%"></colgroup>
${row(["抽查事项", "检查依据", "检查内容", "检查方式"], "th")}
${row([`${item.name}（${item.code}）`, item.legalBasis, item.content, methods])}
</table>
<h2>三、检查人员名单</h2>
<table>
<colgroup><col style="width:10%"><col style="width:25%"><col style="width:30%"><col></colgroup>
${row(["序号", "姓名", "职务", "执法证号"], "th")}
${e.team.map((m, i) => row([i + 1, m.name, m.post ?? "—", m.certificateNo])).join("\n")}
</table>
<p>检查人员不少于两人，检查时主动出示执法证件；未出示执法证件的，你单位有权拒绝接受检查（《中华人民共和国行政处罚法》第四十二条、第五十五条）。检查人员如因回避调整，以本部门通知和公开的抽取证明为准。</p>
<h2>四、检查时间</h2>
<p>${esc(round.windowFrom)} 至 ${esc(round.windowUntil)}，具体日期由检查组联系确定。</p>
<h2>五、申请回避</h2>
<p>你单位认为检查人员与你单位有利害关系或者其他关系、可能影响公正检查的，可在检查前申请其回避：访问
<a href="${esc(recusal)}">${esc(recusal)}</a>，填写该检查人员的执法证号、回避理由和联系方式。本部门审查决定；同意回避的，替换人员按公开规则随机抽取，并记入可验证的抽取证明。</p>
<h2>六、你单位的义务</h2>
<p>请如实提供与检查事项有关的材料，配合现场检查。拒绝、阻碍检查的，依法承担相应责任。</p>
<h2>七、抽取过程公开验证</h2>
<div class="verify">
<figure>${qrSvg}<figcaption>扫码验证</figcaption></figure>
<p>本次抽取所用的名录、事项和随机数均事先公开承诺，任何人均可重新运行抽取过程，核对你单位是否确由随机抽中以及检查人员是否随机选派。扫描二维码或访问：<br><a href="${esc(nr.verifyUrl)}">${esc(nr.verifyUrl)}</a></p>
</div>
<p class="sign">${esc(dept.name)}（印章）<br>年　　月　　日</p>
<p class="meta">抽查任务编号 <code>${esc(round.id)}</code> · 抽取证明第 ${esc(nr.proofVersion)} 版 · 事项 ${esc(item.code)} 第 ${esc(item.version)} 版</p>
</main>
</body>
</html>
`;
}
