/**
 * Language of the console: zh-CN first, English by a switch kept in localStorage. One
 * dictionary per language (zh-CN.ts, en-US.ts); antd and dayjs follow the same choice.
 */
import enUSAntd from "antd/locale/en_US";
import zhCNAntd from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { createContext, type ReactNode, useContext, useMemo, useState } from "react";
import { setApiLanguage } from "../api/client";
import { enUS } from "./en-US";
import { type MessageKey, zhCN } from "./zh-CN";

export type Lang = "zh-CN" | "en-US";

const STORAGE_KEY = "sortes.console.lang";
const dictionaries: Record<Lang, Record<MessageKey, string>> = { "zh-CN": zhCN, "en-US": enUS };
export const antdLocales = { "zh-CN": zhCNAntd, "en-US": enUSAntd };

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  return localStorage.getItem(STORAGE_KEY) === "en-US" ? "en-US" : "zh-CN";
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const value = useMemo<I18n>(() => {
    dayjs.locale(lang === "zh-CN" ? "zh-cn" : "en");
    setApiLanguage(lang);
    document.documentElement.lang = lang;
    const dict = dictionaries[lang];
    return {
      lang,
      setLang(next) {
        localStorage.setItem(STORAGE_KEY, next);
        setLangState(next);
      },
      t: (key) => dict[key],
    };
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}
