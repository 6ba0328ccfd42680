import { Button } from "antd";
import { useI18n } from "../i18n";

/** Switches zh-CN ⇄ en-US; the label is the other language's name. */
export function LanguageSwitch({ onDark = false }: { onDark?: boolean }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Button
      type="link"
      size="small"
      style={onDark ? { color: "#fff" } : undefined}
      onClick={() => setLang(lang === "zh-CN" ? "en-US" : "zh-CN")}
      data-action="language"
    >
      {t("language")}
    </Button>
  );
}
