import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ServerProcess, spawnServerProcess } from "../../../../server/src/cluster/serverProcess.ts";
import { scaled } from "./browser.ts";

/** Variables of the developer's or CI's shell that must not reach the embedded test server. */
const INHERITED_SERVER_VARIABLES = [
  "DATABASE_URL",
  "REDIS_URL",
  "PORT",
  "HOST",
  "PUBLIC_ADDRESS",
  "DATA_DIR",
  "JWT_SECRET",
];

export interface GameServer {
  url: string;
  /** The embedded database's directory (commands such as `npm run admin` may use it while the server is stopped). */
  dataDir: string;
  /** The environment the server runs with (DATA_DIR, JWT_SECRET…), for such commands. */
  env: NodeJS.ProcessEnv;
  /** Stops the process, runs `between` (if given), and starts a new one on the same port, secret and database. */
  restart(between?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The real game server (it serves the freshly built client/dist) in a child process on a free
 * port, with an embedded PGlite database in a temporary DATA_DIR that is removed afterwards.
 */
export async function startGameServer(extraEnv: NodeJS.ProcessEnv = {}): Promise<GameServer> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_SERVER_VARIABLES) delete env[name];
  const dataDir = mkdtempSync(path.join(tmpdir(), "levelup-e2e-"));
  const serverEnv: NodeJS.ProcessEnv = {
    ...env,
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString("hex"),
    BCRYPT_ROUNDS: "4",
    // Every test player registers from this host.
    REGISTRATIONS_PER_IP_PER_HOUR: "1000000",
    SHUTDOWN_GRACE_MS: "200",
    ...extraEnv,
  };
  let proc: ServerProcess;
  try {
    proc = await spawnServerProcess({ name: "e2e", port: 0, env: serverEnv, startTimeoutMs: scaled(60_000) });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: proc.url,
    dataDir,
    env: serverEnv,
    async restart(between) {
      await proc.stop();
      await between?.();
      proc = await spawnServerProcess({
        name: "e2e",
        port: proc.port,
        env: serverEnv,
        startTimeoutMs: scaled(60_000),
      });
    },
    async stop() {
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
