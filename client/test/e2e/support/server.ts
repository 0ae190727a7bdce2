import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ServerProcess, spawnServerProcess } from "../../../../server/src/cluster/serverProcess.ts";

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

/** A cold start compiles the server with tsx and opens PGlite: minutes on a busy shared machine. */
const START_TIMEOUT_MS = 180_000;

export interface GameServer {
  url: string;
  /** Stops the process and starts a new one on the same port, secret and database. */
  restart(): Promise<void>;
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
    SHUTDOWN_GRACE_MS: "200",
    ...extraEnv,
  };
  let proc: ServerProcess;
  try {
    proc = await spawnServerProcess({ name: "e2e", port: 0, env: serverEnv, startTimeoutMs: START_TIMEOUT_MS });
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    url: proc.url,
    async restart() {
      await proc.stop();
      proc = await spawnServerProcess({
        name: "e2e",
        port: proc.port,
        env: serverEnv,
        startTimeoutMs: START_TIMEOUT_MS,
      });
    },
    async stop() {
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
