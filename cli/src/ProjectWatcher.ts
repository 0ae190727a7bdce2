import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { type FSWatcher, watch } from "chokidar";
import type { CodingLanguage } from "@levelup/shared/rules/coding";
import { FileFilter, isBinary, MAX_FILE_BYTES } from "./fileFilter.ts";
import { ProjectLines } from "./ProjectLines.ts";

export interface FileChange {
  /** Path relative to the project root (posix separators). */
  file: string;
  language: CodingLanguage;
  added: number;
  removed: number;
  characters: number;
}

/**
 * Watches a project folder and reports line changes per file. The first scan remembers what is
 * already there (it earns nothing) and loads every .gitignore; afterwards each save is diffed
 * against the previous content.
 */
export class ProjectWatcher {
  readonly filter: FileFilter;
  private readonly lines = new ProjectLines();
  private watcher: FSWatcher | undefined;
  private events: Promise<void> = Promise.resolve();

  constructor(
    readonly root: string,
    private readonly onChange: (change: FileChange) => void,
  ) {
    this.root = path.resolve(root);
    this.filter = new FileFilter(this.root);
  }

  /** Scans the folder, then watches it; resolves once watching. */
  async start(): Promise<void> {
    await this.scan(this.root);
    this.watcher = watch(this.root, {
      ignoreInitial: true,
      ignored: (p, stats) => this.filter.ignores(p, stats?.isDirectory() ?? false),
      awaitWriteFinish: { stabilityThreshold: 150, pollInterval: 50 },
    });
    this.watcher.on("add", (p) => this.inOrder(() => this.onFile(p)));
    this.watcher.on("change", (p) => this.inOrder(() => this.onFile(p)));
    this.watcher.on("unlink", (p) => this.inOrder(async () => this.onUnlink(p)));
    await new Promise<void>((resolve) => this.watcher?.once("ready", () => resolve()));
  }

  /** Stops watching once the changes already seen are reported. */
  async stop(): Promise<void> {
    await this.watcher?.close();
    this.watcher = undefined;
    await this.events;
  }

  /** File events are handled one at a time, in order: two quick saves must diff v0→v1→v2, never v0→v2→v1. */
  private inOrder(handle: () => Promise<void>): void {
    this.events = this.events.then(handle).catch(() => {});
  }

  /** Loads .gitignore files first in each folder, so they apply to its other entries. */
  private async scan(dir: string): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const gitignore = entries.find((e) => e.isFile() && e.name === ".gitignore");
    if (gitignore) this.filter.setGitignore(dir, await readFile(path.join(dir, ".gitignore"), "utf8"));
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!this.filter.ignores(abs, true)) await this.scan(abs);
      } else if (entry.isFile()) {
        const content = await this.readTracked(abs);
        if (content !== undefined) this.lines.remember(abs, content);
      }
    }
  }

  /** The text of a file we count, or undefined (ignored, unknown language, binary, too big, gone). */
  private async readTracked(abs: string): Promise<string | undefined> {
    if (!this.filter.languageOf(abs)) return undefined;
    try {
      const info = await stat(abs);
      if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined;
      const buffer = await readFile(abs);
      return isBinary(buffer) ? undefined : buffer.toString("utf8");
    } catch {
      return undefined;
    }
  }

  private async onFile(abs: string): Promise<void> {
    if (path.basename(abs) === ".gitignore") {
      this.filter.setGitignore(path.dirname(abs), await readFile(abs, "utf8").catch(() => ""));
      return;
    }
    const language = this.filter.languageOf(abs);
    const content = await this.readTracked(abs);
    if (!language || content === undefined) return;
    this.report(abs, language, this.lines.change(abs, content));
  }

  private onUnlink(abs: string): void {
    if (path.basename(abs) === ".gitignore") {
      this.filter.removeGitignore(path.dirname(abs));
      return;
    }
    const language = this.filter.languageOf(abs);
    if (!language || !this.lines.has(abs)) return;
    this.report(abs, language, this.lines.remove(abs));
  }

  private report(
    abs: string,
    language: CodingLanguage,
    change: { added: number; removed: number; characters: number },
  ) {
    if (change.added === 0 && change.removed === 0) return;
    this.onChange({ file: this.filter.relative(abs), language, ...change });
  }
}
