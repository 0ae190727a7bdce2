import { ConfigError, loadConfig } from "./config.ts";
import { startServer } from "./app.ts";

/** Entry point: reads the environment, starts the server, and drains it on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const server = await startServer(config);
  const shutdown = (signal: string) => {
    server.ctx.logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), config.SHUTDOWN_GRACE_MS + 15_000);
    force.unref();
    server.stop().then(
      () => process.exit(0),
      (err) => {
        server.ctx.logger.error({ err }, "error during shutdown");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  process.once("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
