import { ConfigError, loadConfig } from "./config.ts";

/** Entry point: reads the environment, starts the server, and drains it on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  // Loaded after the configuration is known good, so a bad variable is reported at once.
  const { startServer } = await import("./app.ts");
  const server = await startServer(config);
  const shutdown = (signal: string) => {
    server.ctx.logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      server.ctx.logger.error({ signal }, "shutdown outlasted SHUTDOWN_GRACE_MS + 15 s; forcing exit");
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS + 15_000);
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
  // A configuration problem is the operator's to fix: say which variable, without a stack trace.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
