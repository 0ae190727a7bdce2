import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import envPaths from "env-paths";

export interface Credentials {
  /** http(s)://host:port of the game server. */
  server: string;
  username: string;
  /** Rotating refresh token: every use returns a new one, saved back here. */
  refreshToken: string;
}

/** Where the refresh token lives: the user's config directory (XDG on Linux), readable by the user only. */
export class CredentialStore {
  readonly file: string;

  constructor(dir: string = envPaths("levelup-track", { suffix: "" }).config) {
    this.file = path.join(dir, "credentials.json");
  }

  async load(): Promise<Credentials | undefined> {
    try {
      const parsed = JSON.parse(await readFile(this.file, "utf8")) as Partial<Credentials>;
      if (typeof parsed.server !== "string" || typeof parsed.refreshToken !== "string") return undefined;
      return { server: parsed.server, username: parsed.username ?? "", refreshToken: parsed.refreshToken };
    } catch {
      return undefined;
    }
  }

  async save(credentials: Credentials): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    await writeFile(this.file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    // writeFile keeps the mode of a file that already existed: make sure it is private.
    await chmod(this.file, 0o600);
  }
}
