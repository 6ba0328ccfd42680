import { Button } from "antd";
import { useI18n } from "../i18n";

/** Switches zh-CN ⇄ en-US; the label is the other language's name. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Button type="link" size="small" onClick={() => setLang(lang === "zh-CN" ? "en-US" : "zh-CN")}>
      {t("language")}
    </Button>
  );
}
