import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildProcess } from "node:child_process";
import { spawnServerProcess } from "../../src/cluster/serverProcess.ts";
import { configVariables } from "../../src/config.ts";
import { scaled } from "./deadlines.ts";

const mainFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../src/main.ts");

export interface SpawnedServer {
  /** http://127.0.0.1:port */
  url: string;
  port: number;
  proc: ChildProcess;
  /** Every line the process printed (stdout and stderr), as it arrives. */
  output: string[];
  /** Resolves with the first output line matching `pattern` (already printed or still to come). */
  waitForOutput(pattern: RegExp): Promise<string>;
  /** Sends `signal` (SIGTERM by default) and resolves with the exit code, or the signal that ended it. */
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals>;
}

/**
 * The environment of a test server process: the parent's environment without any of the
 * server's own variables (CI exports REDIS_URL, which must not leak into an embedded server),
 * then test defaults, then `env`.
 */
export function serverEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const inherited = { ...process.env };
  for (const name of configVariables) delete inherited[name];
  return {
    ...inherited,
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    LOG_LEVEL: "info",
    DATA_DIR: "memory://",
    JWT_SECRET: randomBytes(32).toString("hex"),
    BCRYPT_ROUNDS: "4",
    // Every test player registers from this host.
    REGISTRATIONS_PER_IP_PER_HOUR: "1000000",
    ...env,
  };
}

const running = new Set<ChildProcess>();
// A failed test must not leave servers behind.
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Starts `server/src/main.ts` in its own process on a free port with `env` (over test defaults)
 * and resolves once /healthz answers. Anything needing a second server must run this way:
 * Colyseus' matchmaker is process-global.
 */
export async function spawnServer(env: NodeJS.ProcessEnv = {}): Promise<SpawnedServer> {
  const output: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onOutput = (line: string) => {
    output.push(line);
    for (const w of waiters.filter((w) => w.pattern.test(line))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(line);
    }
  };
  const server = await spawnServerProcess({
    name: "test",
    port: 0,
    env: serverEnv(env),
    onOutput,
    startTimeoutMs: scaled(60_000),
  });
  running.add(server.child);
  server.exited.then(() => running.delete(server.child));
  return {
    url: server.url,
    port: server.port,
    proc: server.child,
    output,
    waitForOutput(pattern) {
      const seen = output.find((line) => pattern.test(line));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ pattern, resolve }));
    },
    stop: (signal) => server.stop(signal),
  };
}

/** Runs `server/src/main.ts` with `env` (over test defaults) until it exits by itself, e.g. on bad configuration. */
export function runServerUntilExit(
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runUntilExit(mainFile, { PORT: "0", ...env });
}

/**
 * Runs a TypeScript entry point (e.g. a script of src/db) with `env` over test defaults until it exits
 * (killed after `timeoutMs` on a quiet machine, scaled to this one).
 */
export async function runUntilExit(
  file: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", file], {
    env: serverEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), scaled(timeoutMs));
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}
