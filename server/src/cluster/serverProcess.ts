import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

const serverSrc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const mainFile = path.join(serverSrc, "main.ts");
/** The repository root: tsx applies the root tsconfig (decorators for shared/ state classes) from there. */
const repoRoot = path.resolve(serverSrc, "../..");

/** One game server running as a child process (`server/src/main.ts`). */
export interface ServerProcess {
  name: string;
  port: number;
  /** http://127.0.0.1:port of this process. */
  url: string;
  child: ChildProcess;
  /** Lines the process wrote to stderr (kept for failure messages). */
  stderr: string[];
  /** Sends a signal and resolves with the exit code (or the signal that ended it). */
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals>;
  exited: Promise<number | NodeJS.Signals>;
}

export interface SpawnOptions {
  name: string;
  /** 0 picks a free port. */
  port: number;
  env: NodeJS.ProcessEnv;
  /** Where stdout/stderr lines go besides the kept stderr; default: nowhere. */
  onOutput?: (line: string) => void;
  /** How long to wait for /healthz (ms). */
  startTimeoutMs?: number;
  /** Node options before the entry point, e.g. --cpu-prof (NODE_OPTIONS may not carry it). */
  nodeArgs?: string[];
}

/** A port nobody listens on right now (the child binds it a moment later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

/**
 * Starts `server/src/main.ts` in a child process with `env` on `port` and resolves once its
 * /healthz answers. Colyseus' matchmaker is process-global, so two servers need two processes.
 */
export async function spawnServerProcess(opts: SpawnOptions): Promise<ServerProcess> {
  const port = opts.port || (await freePort());
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), "--import", "tsx", mainFile], {
    env: { ...opts.env, PORT: String(port) },
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderr: string[] = [];
  const forward = (keep: boolean) => (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line) continue;
      if (keep) stderr.push(line);
      opts.onOutput?.(line);
    }
  };
  child.stdout?.on("data", forward(false));
  child.stderr?.on("data", forward(true));
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.once("exit", (code, signal) => resolve(signal ?? code ?? 0));
  });
  const url = `http://127.0.0.1:${port}`;
  const proc: ServerProcess = {
    name: opts.name,
    port,
    url,
    child,
    stderr,
    exited,
    stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  await waitForHealth(proc, opts.startTimeoutMs ?? 60_000);
  return proc;
}

async function waitForHealth(proc: ServerProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  proc.exited.then(() => {
    gone = true;
  });
  while (Date.now() < deadline) {
    if (gone) throw new Error(`server ${proc.name} exited during start:\n${proc.stderr.join("\n")}`);
    try {
      const res = await fetch(`${proc.url}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await proc.stop("SIGKILL");
  throw new Error(`server ${proc.name} did not answer /healthz within ${timeoutMs} ms:\n${proc.stderr.join("\n")}`);
}
