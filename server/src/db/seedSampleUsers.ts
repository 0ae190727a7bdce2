import { ConfigError, loadConfig } from "../config.ts";

/** The development accounts of README and API examples; all share one password. */
const sampleUsers = ["alice", "bob", "charlie"] as const;
const samplePassword = "password123";

/**
 * `npm run seed`: adds the sample users (with their profiles and whatever registration adds)
 * to the database the server is configured with (DATABASE_URL or DATA_DIR), through the same
 * Accounts service as registration. Users that exist are left alone, so it can run again.
 * Refuses to run in production. With the embedded database, stop the server first: PGlite
 * serves one process at a time.
 */
async function seed(): Promise<void> {
  const config = loadConfig();
  if (config.NODE_ENV === "production") {
    throw new ConfigError("NODE_ENV: the sample users are for development only; refusing to seed in production");
  }
  // The server's modules load only once the configuration allows seeding.
  const [
    { ErrorCode },
    { LocalPresence },
    { openStorage },
    { AppError },
    { createLogger },
    { Metrics },
    { createContext },
  ] = await Promise.all([
    import("@levelup/shared"),
    import("@colyseus/core"),
    import("../app.ts"),
    import("../errors.ts"),
    import("../logger.ts"),
    import("../metrics.ts"),
    import("../services/index.ts"),
  ]);
  const logger = createLogger(config.LOG_LEVEL, config.LOG_FORMAT);
  const database = await openStorage(config, logger);
  try {
    const ctx = createContext({
      config,
      logger,
      database,
      redis: undefined,
      presence: new LocalPresence(),
      metrics: new Metrics(),
    });
    for (const username of sampleUsers) {
      try {
        await ctx.accounts.createUser({ username, email: `${username}@example.com`, password: samplePassword });
        console.log(`created ${username}`);
      } catch (err) {
        const taken =
          err instanceof AppError && (err.code === ErrorCode.USERNAME_TAKEN || err.code === ErrorCode.EMAIL_TAKEN);
        if (!taken) throw err;
        console.log(`${username} exists`);
      }
    }
  } finally {
    await database.close();
  }
}

seed().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
