/**
 * The draw specification (docs/draw-spec.md) served by the portal, so the pages' "see the
 * specification" is a link rather than a path in a repository the reader may not have:
 * `/draw-spec.md` as text/markdown, and `/zh/spec`, `/en/spec` as a page. The page renders
 * only the block structure (headings with anchors, code blocks, text blocks kept line for
 * line); the text itself is shown exactly as written.
 */
import { readFile } from "node:fs/promises";
import { html, raw } from "hono/html";
import { strings } from "../i18n.js";
import type { Html } from "../layout.js";
import type { PageHandler } from "../mount.js";

const SPEC_URL = new URL("../../../docs/draw-spec.md", import.meta.url);

let cached: Promise<string> | undefined;

/** The specification's Markdown, read once per process (it changes only with a deploy). */
export function specMarkdown(): Promise<string> {
  cached ??= readFile(SPEC_URL, "utf8").catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

type Block =
  | { kind: "heading"; level: number; id: string; text: string }
  | { kind: "code"; text: string }
  | { kind: "text"; text: string };

/** "## 16. `sortes-draw/v2`" → "s16"; "### 16.5 Entity selection" → "s16-5"; else "h<line>". */
function anchor(text: string, line: number): string {
  const m = /^(\d+(?:\.\d+)*)\.?\s/.exec(text);
  return m ? `s${m[1]!.replaceAll(".", "-")}` : `h${line}`;
}

function blocks(md: string): Block[] {
  const out: Block[] = [];
  const lines = md.split(/\r?\n/);
  let text: string[] = [];
  const flush = () => {
    if (text.some((l) => l.trim() !== "")) out.push({ kind: "text", text: text.join("\n").trim() });
    text = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const h = /^(#{1,4})\s+(.*)$/.exec(line);
    if (h) {
      flush();
      out.push({ kind: "heading", level: h[1]!.length, id: anchor(h[2]!, i + 1), text: h[2]! });
    } else if (line.startsWith("```")) {
      flush();
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i]!.startsWith("```"); i++) code.push(lines[i]!);
      out.push({ kind: "code", text: code.join("\n") });
    } else if (line.trim() === "") {
      flush();
    } else text.push(line);
  }
  flush();
  return out;
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escaped text with `code` and **bold** marked up (the only inline forms rendered). */
function inline(text: string): Html {
  const escaped = text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
  return raw(
    escaped.replace(/`([^`]+)`/g, "<code>$1</code>").replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>"),
  );
}

function render(b: Block): Html {
  if (b.kind === "code") return html`<pre class="spec-code"><code>${b.text}</code></pre>`;
  if (b.kind === "text") return html`<p class="spec-text">${inline(b.text)}</p>`;
  // The document's own title is the page's h1: "# Part II" and "## 16." are both h2.
  if (b.level <= 2) return html`<h2 id="${b.id}">${inline(b.text)}</h2>`;
  if (b.level === 3) return html`<h3 id="${b.id}">${inline(b.text)}</h3>`;
  return html`<h4 id="${b.id}">${inline(b.text)}</h4>`;
}

export const specPage: PageHandler = async (ctx) => {
  const s = strings(ctx.lang);
  const all = blocks(await specMarkdown());
  const body = all.filter((b, i) => !(i === 0 && b.kind === "heading" && b.level === 1));
  const toc = body.filter(
    (b): b is Extract<Block, { kind: "heading" }> => b.kind === "heading" && b.level <= 2,
  );
  return {
    title: s.spec_title,
    body: html`<p class="lead">${s.spec_intro}</p>
<p><a href="/draw-spec.md">${s.spec_raw}</a> (text/markdown)</p>
<nav class="card spec-toc" aria-labelledby="toc-h"><h2 id="toc-h">${s.spec_toc}</h2>
<ul>${toc.map((h) => html`<li><a href="#${h.id}">${inline(h.text)}</a></li>`)}</ul></nav>
<article class="spec" lang="en">${body.map(render)}</article>`,
  };
};
