/**
 * Portal languages. Simplified Chinese is the default (served at `/`); English
 * lives under `/en/`. Every string a page or the client bundle shows is here,
 * keyed the same in both languages (the type enforces it).
 */
import { en } from "./strings-en.js";
import { zh } from "./strings-zh.js";

export type Lang = "zh" | "en";
export type Strings = typeof zh;
export type StringKey = keyof Strings;

const table: Record<Lang, Strings> = { zh, en };

export function strings(lang: Lang): Strings {
  return table[lang];
}

/** The `lang` attribute value of each language. */
export const htmlLang: Record<Lang, string> = { zh: "zh-CN", en: "en" };

/**
 * URL prefix of each language. Every page lives under its prefix (the Chinese home is also
 * served at "/") so portal pages never share a path with the JSON API (/rounds, /checklist, …).
 */
export const prefix: Record<Lang, string> = { zh: "/zh", en: "/en" };

/** Replaces {name} placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** The client bundle's strings (step names, statuses, messages), embedded in each page as JSON. */
export function clientStrings(lang: Lang): Record<string, string> {
  const s = strings(lang);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s)) if (k.startsWith("js_") || k.startsWith("step_")) out[k] = v;
  return out;
}
