/**
 * Every notice of a round as one ZIP (`<creditCode>-<name>.html` per drawn entity, plus
 * `index.html`), streamed: entities are read, checked and rendered a batch at a time and each
 * compressed file leaves as soon as it is written, so a round of thousands of drawn entities
 * never holds all its notices (or the archive) in memory — only the index lines are kept.
 */
import { crc32, deflateRawSync } from "node:zlib";
import { Zip, type ZipInputFile } from "fflate";
import type { Db } from "../../db/types.js";
import { type NoticeEntity, type NoticeRound, noticeEntities } from "./notice-data.js";
import { esc, NOTICE_CSS, noticeHtml, verifyQrSvg } from "./notice-html.js";

/** Entities per database round trip; a batch's notices are ~10 KB each before compression. */
const BATCH = 200;

/** Characters no common file system accepts in a name (and control characters). */
const UNSAFE = /[\\/:*?"<>|\p{Cc}]/gu;

export function noticeFileName(e: { creditCode: string; name: string }): string {
  const name = e.name.replace(UNSAFE, "_").trim().slice(0, 80);
  return `${e.creditCode.replace(UNSAFE, "_")}${name ? `-${name}` : ""}.html`;
}

interface IndexLine {
  file: string;
  entity: NoticeEntity;
}

function indexHtml(nr: NoticeRound, lines: IndexLine[]): string {
  const rows = lines
    .map(
      ({ file, entity: e }, i) =>
        `<tr><td>${i + 1}</td><td><a href="${esc(encodeURI(file))}">${esc(e.creditCode)}</a></td><td>${esc(e.name)}</td><td>${esc(e.address)}</td><td>${esc(e.team.map((m) => `${m.name}（${m.certificateNo}）`).join("、"))}</td></tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>检查通知书目录 · ${esc(nr.round.title)}</title>
<style>${NOTICE_CSS}</style></head>
<body><main class="notice">
<p class="issuer">${esc(nr.department.name)}</p>
<h1>检查通知书目录</h1>
<p class="sub">${esc(nr.round.title)} · 检查时间 ${esc(nr.round.windowFrom)} 至 ${esc(nr.round.windowUntil)} · 共 ${lines.length} 份</p>
<table><colgroup><col style="width:7%"><col style="width:24%"><col style="width:24%"><col><col style="width:24%"></colgroup>
<tr><th>序号</th><th>统一社会信用代码</th><th>主体名称</th><th>住所</th><th>检查人员（执法证号）</th></tr>
${rows}
</table>
<p class="meta">抽查任务编号 <code>${esc(nr.round.id)}</code> · 抽取证明第 ${esc(nr.proofVersion)} 版 · 公开验证 <a href="${esc(nr.verifyUrl)}">${esc(nr.verifyUrl)}</a></p>
</main></body></html>
`;
}

/**
 * Adds one file, compressed by Node's zlib: fflate writes the ZIP structure, but its own
 * (JavaScript) deflate cost 3–7× more per notice than zlib's here, and a round's notices are
 * thousands of small files. `zip.add` sets the file's `ondata`; the file is one chunk.
 */
function addDeflated(zip: Zip, filename: string, text: string) {
  const raw = Buffer.from(text, "utf8");
  const file: ZipInputFile = { filename, size: raw.length, crc: crc32(raw), compression: 8, terminate() {} };
  zip.add(file);
  file.ondata?.(null, deflateRawSync(raw, { level: 6 }), true);
}

/** The ZIP as a byte stream; the caller has checked the round (noticeRound). */
export function noticesZipStream(db: Db, nr: NoticeRound): ReadableStream<Uint8Array> {
  const order = nr.signed.order;
  const index: IndexLine[] = [];
  let next = 0;
  let qr: string | undefined;
  let zip: Zip;
  const add = (name: string, text: string) => addDeflated(zip, name, text);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((err, chunk, final) => {
        if (err) return controller.error(err);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
    },
    async pull() {
      qr ??= await verifyQrSvg(nr.verifyUrl);
      if (next >= order.length) {
        add("index.html", indexHtml(nr, index));
        zip.end();
        return;
      }
      const ids = order.slice(next, next + BATCH);
      next += ids.length;
      for (const entity of await noticeEntities(db, nr, ids)) {
        const file = noticeFileName(entity);
        add(file, noticeHtml(nr, entity, qr));
        index.push({ file, entity });
      }
    },
    cancel() {
      zip?.terminate();
    },
  });
}
