import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.ts";
import { bodyLimitBytes } from "../http/serverLimits.ts";
import { startFront } from "./front.ts";
import { type ServerProcess, spawnServerProcess } from "./serverProcess.ts";

const USAGE = `npm run cluster -- [--processes N] [--port 2567] [--public-host localhost:2567]

Starts N game server processes on this machine (ports PORT+1 … PORT+N) against DATABASE_URL and
REDIS_URL, and a front on PORT that serves them as one origin: HTTP round-robin over the ready
processes, each WebSocket to the process that holds its room (PUBLIC_ADDRESS = <public-host>/sN).`;

/**
 * `npm run cluster`: one game from several processes. They share PostgreSQL (accounts, progress,
 * battles) and Redis (matchmaking, presence, pushes, leaderboards, rate limits); without both,
 * several processes would be several games, so the command refuses to start.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      processes: { type: "string", default: "2" },
      port: { type: "string", default: process.env.PORT ?? "2567" },
      "public-host": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const count = Number(values.processes);
  const frontPort = Number(values.port);
  if (!Number.isInteger(count) || count < 1 || count > 32) fail("--processes must be an integer from 1 to 32");
  if (!Number.isInteger(frontPort) || frontPort < 1 || frontPort + count > 65535) fail("--port must be a valid port");
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
    fail(
      "npm run cluster needs DATABASE_URL (PostgreSQL) and REDIS_URL: processes share one game only through them.\n" +
        "  e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/levelup REDIS_URL=redis://127.0.0.1:6379 npm run cluster",
    );
  }
  // Validates the environment once (with REDIS_URL set it requires JWT_SECRET, the one secret
  // every process signs with) before any process starts.
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const publicHost = values["public-host"] ?? `localhost:${frontPort}`;
  buildClientIfMissing();

  const processes: ServerProcess[] = [];
  let front: Awaited<ReturnType<typeof startFront>> | undefined;
  let stopping = false;
  const stopAll = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`cluster: ${signal}, draining ${processes.length} processes`);
    await front?.close();
    const codes = await Promise.all(processes.map((p) => p.stop("SIGTERM")));
    process.exit(codes.every((c) => c === 0) ? 0 : 1);
  };
  process.once("SIGINT", () => void stopAll("SIGINT"));
  process.once("SIGTERM", () => void stopAll("SIGTERM"));

  // One at a time: the first one migrates the database and loads content, the others find it done.
  for (let i = 1; i <= count; i++) {
    const name = `s${i}`;
    const port = frontPort + i;
    const proc = await spawnServerProcess({
      name,
      port,
      env: {
        ...process.env,
        HOST: "127.0.0.1",
        PUBLIC_ADDRESS: `${publicHost}/${name}`,
      },
      onOutput: (line) => console.log(`[${name}] ${line}`),
    });
    proc.exited.then((code) => {
      if (!stopping) console.error(`cluster: process ${name} (port ${port}) exited with ${code}`);
    });
    processes.push(proc);
    console.log(`cluster: ${name} ready on 127.0.0.1:${port}`);
  }
  front = await startFront({
    port: frontPort,
    bodyLimitBytes: bodyLimitBytes(config.BODY_LIMIT),
    backends: processes.map((p) => ({ name: p.name, host: "127.0.0.1", port: p.port })),
  });
  console.log(`cluster: ${count} processes serving one game at http://${publicHost}`);
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** The processes serve client/dist; without it `/` would be a 404, so build it first (as `npm start` does). */
function buildClientIfMissing(): void {
  if (existsSync(path.join(repoRoot, "client/dist/index.html"))) return;
  console.log("cluster: client/dist is missing; building the client (npm run build)");
  const build = spawnSync("npm", ["run", "build"], { cwd: repoRoot, stdio: "inherit" });
  if (build.status !== 0) fail("cluster: the client build failed; run `npm run build` to see why, then start again");
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
