import { parseConfig } from "./config.js";
import { startServer } from "./server.js";

const config = parseConfig(process.env);
const { stop } = await startServer(config);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
