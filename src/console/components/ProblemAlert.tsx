/** Shows a failed request as the server stated it: the problem's title, detail and field errors. */
import { Alert } from "antd";
import { ApiProblem } from "../api/client";

export function ProblemAlert({ error }: { error: unknown }) {
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
                {e.field ?? e.line}: {e.reason}
              </div>
            ))}
          </>
        }
      />
    );
  }
  return <Alert type="error" showIcon role="alert" title={String(error)} />;
}
