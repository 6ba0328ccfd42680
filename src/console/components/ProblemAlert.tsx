/**
 * Shows a failed request as the server stated it: the problem's title, detail and field errors
 * (the server writes title and detail in the console's language; a roster row reason, which it
 * writes in English, is read back to its zh-CN text by i18n/row-reasons.ts).
 */
import { Alert } from "antd";
import { ApiProblem } from "../api/client";
import { useI18n } from "../i18n";
import { rowReasonText } from "../i18n/row-reasons";

export function ProblemAlert({ error }: { error: unknown }) {
  const { lang } = useI18n();
  if (!error) return null;
  if (error instanceof ApiProblem) {
    const { title, detail, errors } = error.problem;
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        data-problem-status={error.problem.status}
        title={title}
        description={
          <>
            {detail && <div>{detail}</div>}
            {errors?.map((e) => (
              <div key={`${e.field ?? e.line}-${e.reason}`}>
                {e.field ?? e.line}: {rowReasonText(e.reason, lang)}
              </div>
            ))}
          </>
        }
      />
    );
  }
  return <Alert type="error" showIcon role="alert" title={String(error)} />;
}
