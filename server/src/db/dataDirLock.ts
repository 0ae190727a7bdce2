import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { ConfigError } from "../config.ts";

/** Who holds a DATA_DIR: written into its lock file, shown to whoever is refused. */
interface Holder {
  pid: number;
  host: string;
  command: string;
  since: string;
}

/** A configuration problem to the commands that open DATA_DIR: they print its message, no stack. */
export class DataDirInUseError extends ConfigError {}

/** Whether process `pid` of this machine is alive (EPERM: alive, someone else's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Holder;
  } catch {
    return undefined;
  }
}

/**
 * Takes `<dir>/pglite.lock` for this process: PGlite serves one process at a time, and a second
 * one writing the same files corrupts them. The file is created exclusively (O_EXCL) and holds
 * this process's id; a lock left by a process that is gone (same host, pid not alive) is taken
 * over. A live holder makes this throw, naming it. Returns the release function (idempotent,
 * also run at exit).
 */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, "pglite.lock");
  const me: Holder = {
    pid: process.pid,
    host: hostname(),
    command: process.argv.slice(1).join(" "),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, "wx", 0o600);
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readHolder(file);
      const stale = holder && holder.host === me.host && !alive(holder.pid);
      if (!stale || attempt > 0) {
        const who = holder
          ? `process ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.since})`
          : `another process (${file} is being written)`;
        throw new DataDirInUseError(
          `${dir} is in use by ${who}. The embedded database serves one process at a time: stop that ` +
            `process first, or use PostgreSQL (DATABASE_URL) for several. If no such process runs, delete ${file}.`,
        );
      }
      unlinkSync(file);
    }
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off("exit", release);
    // Only our own lock: never remove one another process took over.
    if (readHolder(file)?.pid === me.pid) unlinkSync(file);
  };
  process.on("exit", release);
  return release;
}
