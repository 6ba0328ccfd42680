/** Providers of the whole console: language (antd + dayjs locale), TanStack Query, the router. */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import { RouterProvider } from "react-router";
import { ApiProblem } from "./api/client";
import { antdLocales, I18nProvider, useI18n } from "./i18n";
import { router } from "./routes";

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A problem answer (404, 403, 422…) will not change by asking again.
      retry: (count, error) => !(error instanceof ApiProblem) && count < 2,
      refetchOnWindowFocus: true,
    },
  },
});

function Themed() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={antdLocales[lang]} theme={{ token: { colorPrimary: "#1677ff" } }}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Themed />
      </I18nProvider>
    </QueryClientProvider>
  );
}
