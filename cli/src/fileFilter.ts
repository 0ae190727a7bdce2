import path from "node:path";
import ignore, { type Ignore } from "ignore";
import { type CodingLanguage, languageForFile } from "@levelup/shared/rules/coding";

/** Folders never watched: dependencies, version control and build output. */
export const IGNORED_DIRECTORIES = new Set([
  "node_modules",
  ".git",
  ".hg",
  ".svn",
  "dist",
  "build",
  "out",
  "target",
  "coverage",
  ".next",
  ".nuxt",
  ".svelte-kit",
  ".turbo",
  ".cache",
  ".parcel-cache",
  "__pycache__",
  ".venv",
  "venv",
  ".idea",
  ".vscode",
]);

/** Generated files that look like code but nobody writes by hand. */
const GENERATED_FILE =
  /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|composer\.lock|Gemfile\.lock|poetry\.lock)$|\.min\.(js|css)$|\.map$/;

/** Files larger than this are not diffed (minified bundles, data dumps). */
export const MAX_FILE_BYTES = 1_000_000;

/**
 * Which paths of a project the tracker counts: not in an ignored folder, not matched by any
 * .gitignore on the way down, not generated, and in a language the game knows.
 */
export class FileFilter {
  /** .gitignore rules per folder (relative posix path, "" for the root). */
  private readonly rules = new Map<string, Ignore>();

  constructor(readonly root: string) {}

  /** Loads (or replaces) the .gitignore of `dir` (absolute). */
  setGitignore(dir: string, content: string): void {
    this.rules.set(this.relative(dir), ignore().add(content));
  }

  removeGitignore(dir: string): void {
    this.rules.delete(this.relative(dir));
  }

  /** Whether `absPath` (a file, or a folder when `isDirectory`) is left out. */
  ignores(absPath: string, isDirectory = false): boolean {
    const rel = this.relative(absPath);
    if (rel === "") return false;
    if (rel.startsWith("..")) return true;
    const parts = rel.split("/");
    if (parts.some((p) => IGNORED_DIRECTORIES.has(p))) return true;
    if (!isDirectory && GENERATED_FILE.test(rel)) return true;
    // Each .gitignore applies to paths below its folder, relative to that folder.
    for (const [dir, rules] of this.rules) {
      if (dir !== "" && rel !== dir && !rel.startsWith(`${dir}/`)) continue;
      const below = dir === "" ? rel : rel.slice(dir.length + 1);
      if (below && rules.ignores(isDirectory ? `${below}/` : below)) return true;
    }
    return false;
  }

  /** The language a file counts in, or undefined when it is not tracked at all. */
  languageOf(absPath: string): CodingLanguage | undefined {
    if (this.ignores(absPath)) return undefined;
    return languageForFile(absPath);
  }

  relative(absPath: string): string {
    return path.relative(this.root, absPath).split(path.sep).join("/");
  }
}

/** A NUL byte early in a file marks it as binary (the heuristic git uses). */
export function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}
