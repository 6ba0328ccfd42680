/**
 * The portal's page script (progressive enhancement; pages are readable
 * without it): reveal countdowns, the in-browser verifier, "Was I drawn?" and
 * the correction form. The heavy work runs in the verification Web Worker.
 */

import type { Phase, WorkerMessage, WorkerRequest } from "./protocol.js";
import { localizeStepDetail } from "./step-detail.js";
import type { StepResult } from "./verify-steps.js";

const T: Record<string, string> = JSON.parse(document.getElementById("portal-strings")?.textContent || "{}");
const t = (key: string, values: Record<string, string | number> = {}): string =>
  (T[key] ?? key).replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));

const STEPS = ["commitment", "reveals", "beacon", "seed", "selection", "teams", "substitutions", "signature"];

function newWorker(): Worker {
  return new Worker(document.body.dataset.worker ?? "/portal/assets/verify-worker.js");
}

function countdowns(): void {
  const els = Array.from(document.querySelectorAll<HTMLElement>("[data-countdown]"));
  if (els.length === 0) return;
  const tick = () => {
    for (const el of els) {
      const left = Math.floor((Date.parse(el.dataset.countdown ?? "") - Date.now()) / 1000);
      if (!(left > 0)) {
        el.textContent = t("js_countdown_over");
        continue;
      }
      el.textContent = t("js_countdown", {
        d: Math.floor(left / 86400),
        h: Math.floor((left % 86400) / 3600),
        m: Math.floor((left % 3600) / 60),
        s: left % 60,
      });
    }
  };
  tick();
  setInterval(tick, 1000);
}

/** Overall progress (0..1000): downloads take the first 30 %, the eight steps share the rest. */
function overall(phase: Phase, done: number, total: number): number | null {
  const frac = total > 0 ? Math.min(1, done / total) : null;
  if (phase === "download-proof" || phase === "download-eligible" || phase === "parse")
    return frac === null ? null : Math.round(300 * frac);
  const i = STEPS.indexOf(phase);
  return Math.round(300 + (700 * (i + (frac ?? 0))) / STEPS.length);
}

function setupVerify(panel: HTMLElement): void {
  const button = panel.querySelector<HTMLButtonElement>("[data-verify-start]")!;
  const bar = panel.querySelector<HTMLProgressElement>("progress")!;
  const phaseEl = panel.querySelector<HTMLElement>("[data-verify-phase]")!;
  const verdict = panel.querySelector<HTMLElement>("[data-verify-verdict]")!;
  const setStep = (r: {
    step: string;
    status: StepResult["status"] | "pending" | "running";
    code?: string;
    detail: string;
  }) => {
    const li = panel.querySelector<HTMLElement>(`[data-step="${r.step}"]`);
    if (!li) return;
    li.dataset.status = r.status;
    li.querySelector(".step-status")!.textContent = t(`js_${r.status}`);
    li.querySelector(".step-detail")!.textContent = localizeStepDetail(document.body.dataset.lang ?? "", r);
  };
  button.addEventListener("click", () => {
    button.disabled = true;
    verdict.textContent = "";
    verdict.className = "verdict";
    for (const step of STEPS) setStep({ step, status: "pending", detail: "" });
    bar.value = 0;
    const worker = newWorker();
    worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
      const m = e.data;
      if (m.type === "progress") {
        const v = overall(m.phase, m.done, m.total);
        if (v === null) bar.removeAttribute("value");
        else bar.value = v;
        const name = STEPS.includes(m.phase) ? t(`step_${m.phase}`) : t("js_download");
        phaseEl.textContent = name;
        if (STEPS.includes(m.phase)) setStep({ step: m.phase, status: "running", detail: "" });
      } else if (m.type === "step") {
        setStep(m.result);
        const li = panel.querySelector<HTMLElement>(`[data-step="${m.result.step}"]`);
        if (li) {
          li.dataset.ms = String(m.ms);
          if (m.result.status === "pass" || m.result.status === "fail")
            li.querySelector(".step-status")!.textContent +=
              ` · ${m.ms < 1000 ? `${m.ms} ms` : `${(m.ms / 1000).toFixed(1)} s`}`;
        }
      } else if (m.type === "done" || m.type === "error") {
        bar.value = 1000;
        phaseEl.textContent = "";
        button.disabled = false;
        worker.terminate();
        if (m.type === "error") {
          verdict.textContent = t("js_error", { message: m.message });
          verdict.classList.add("fail");
        } else if (m.ok) {
          verdict.textContent = t("js_verified", { n: m.entities, ms: m.ms });
          verdict.classList.add("pass");
        } else {
          const failed = Array.from(panel.querySelectorAll<HTMLElement>('[data-status="fail"]'));
          const names = failed.map((li) => li.querySelector(".step-name")?.textContent ?? "");
          verdict.textContent = t("js_failed", { steps: names.join(", ") });
          verdict.classList.add("fail");
        }
        panel.dataset.result = m.type === "done" && m.ok ? "pass" : "fail";
        panel.dataset.ms = m.type === "done" ? String(m.ms) : "";
        panel.dataset.downloadMs = m.type === "done" ? String(m.downloadMs) : "";
      }
    };
    // Picked files (offline copies) take precedence over the URLs.
    const file = (name: string) => panel.querySelector<HTMLInputElement>(`[data-file="${name}"]`)?.files?.[0];
    const proof = file("proof") ?? panel.dataset.proof ?? "";
    const eligible = file("eligible") ?? panel.dataset.eligible ?? "";
    if (!proof || !eligible) {
      worker.terminate();
      button.disabled = false;
      verdict.textContent = t("js_need_input");
      verdict.classList.add("fail");
      return;
    }
    const req: WorkerRequest = {
      type: "verify",
      proof,
      eligible,
      ...(panel.dataset.key ? { expectedPublicKey: panel.dataset.key } : {}),
    };
    worker.postMessage(req);
  });
}

function line(parent: HTMLElement, text: string, cls = ""): void {
  const p = document.createElement("p");
  p.textContent = text;
  if (cls) p.className = cls;
  parent.append(p);
}

function setupLookup(panel: HTMLElement): void {
  const form = panel.querySelector<HTMLFormElement>("[data-lookup-form]")!;
  const out = panel.querySelector<HTMLElement>("[data-lookup-result]")!;
  let worker: Worker | null = null;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    out.replaceChildren();
    const code = String(new FormData(form).get("code") ?? "").trim();
    const url = (panel.dataset.lookupUrl ?? "").replace("{code}", encodeURIComponent(code));
    try {
      const res = await fetch(url, { headers: { accept: "application/json" } });
      const data = await res.json();
      if (!res.ok) throw new Error(data?.detail ?? `HTTP ${res.status}`);
      if (data.excluded) return line(out, t("js_excluded", { reason: data.excluded.reason }));
      if (!data.eligible || !data.inclusion) return line(out, t("js_not_eligible"));
      worker ??= newWorker();
      const reply = new Promise<WorkerMessage>((resolve) => {
        worker!.onmessage = (m: MessageEvent<WorkerMessage>) => resolve(m.data);
      });
      const req: WorkerRequest = {
        type: "inclusion",
        proofUrl: panel.dataset.proof ?? "",
        code,
        stratum: data.stratum,
        // `index` (engine's EligibleInclusionProof shape); `leafIndex` in the first version of the API.
        leafIndex: data.inclusion.index ?? data.inclusion.leafIndex,
        treeSize: data.inclusion.treeSize,
        path: data.inclusion.path,
        ...(Array.isArray(data.inclusion.chunk) ? { chunk: data.inclusion.chunk } : {}),
        ticket: data.ticket ?? null,
        drawn: typeof data.drawn === "boolean" ? data.drawn : null,
      };
      worker.postMessage(req);
      const m = await reply;
      if (m.type === "error") throw new Error(m.message);
      if (m.type !== "inclusion") return;
      line(
        out,
        m.included ? t("js_included", { root: m.root }) : t("js_not_included"),
        m.included ? "pass" : "fail",
      );
      if (m.ticket !== null) line(out, t("js_ticket", { ticket: m.ticket }), "mono");
      if (m.ticketMatches !== null)
        line(
          out,
          m.ticketMatches ? t("js_ticket_ok") : t("js_ticket_bad"),
          m.ticketMatches ? "pass" : "fail",
        );
      line(
        out,
        m.drawn ? t("js_drawn", { rank: m.rank ?? "?" }) : t("js_not_drawn"),
        m.drawn ? "strong" : "",
      );
      if (m.team) line(out, t("js_team", { team: m.team.join(", ") }));
      out.dataset.result =
        m.included && m.ticketMatches !== false && m.drawnMatches !== false ? "pass" : "fail";
    } catch (err) {
      line(out, t("js_error", { message: (err as Error).message }), "fail");
      out.dataset.result = "error";
    }
  });
}

function setupCorrection(form: HTMLFormElement): void {
  const out = form.querySelector<HTMLElement>("[data-correction-result]")!;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    const finding = String(fd.get("finding") ?? "")
      .trim()
      .toLowerCase();
    const contact = String(fd.get("contact") ?? "").trim();
    const body = { message: String(fd.get("message") ?? ""), contact: contact || null };
    const endpoint = (form.dataset.endpoint ?? "").replace("{finding}", encodeURIComponent(finding));
    try {
      const res = await fetch(endpoint, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
      const data = await res.json().catch(() => null);
      if (!res.ok) throw new Error(data?.detail ?? `HTTP ${res.status}`);
      out.textContent = t("js_sent", { id: data?.id ?? "" });
      form.reset();
    } catch (err) {
      out.textContent = t("js_error", { message: (err as Error).message });
    }
  });
}

/** 回避申请: the inspector is named by the 执法证号 on the firm's notice. */
function setupRecusal(form: HTMLFormElement): void {
  const out = form.querySelector<HTMLElement>("[data-recusal-result]")!;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    const field = (name: string) => String(fd.get(name) ?? "").trim();
    const body = {
      entityId: field("entityId"),
      certificateNo: field("certificateNo"),
      category: field("category"),
      statement: field("statement"),
      contact: field("contact"),
    };
    try {
      const res = await fetch(form.dataset.endpoint ?? "", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
      const data = await res.json().catch(() => null);
      if (!res.ok) throw new Error(data?.detail ?? `HTTP ${res.status}`);
      out.textContent = t("js_sent", { id: data?.id ?? "" });
      out.dataset.result = "sent";
    } catch (err) {
      out.textContent = t("js_error", { message: (err as Error).message });
      out.dataset.result = "error";
    }
  });
}

countdowns();
Array.from(document.querySelectorAll<HTMLElement>("[data-verify]")).forEach(setupVerify);
Array.from(document.querySelectorAll<HTMLElement>("[data-lookup]")).forEach(setupLookup);
Array.from(document.querySelectorAll<HTMLFormElement>("[data-correction]")).forEach(setupCorrection);
Array.from(document.querySelectorAll<HTMLFormElement>("[data-recusal]")).forEach(setupRecusal);
