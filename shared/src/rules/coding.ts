/**
 * Coding-mode rules (docs/game-rules.md, "Experience and levels" and "Coding sessions and integrity"):
 * XP per line by language, coins per session, plausibility caps and the idle time-out.
 * Pure: the caller passes the time in.
 */

/**
 * XP per line in tenths of XP, so sums stay exact integers (1.3 × 10 lines is 13, not 12.999…).
 * "other" is any code language not listed.
 */
export const LANGUAGE_MULTIPLIER_TENTHS = {
  rust: 13,
  c: 13,
  cpp: 13,
  haskell: 13,
  ocaml: 13,
  go: 12,
  java: 12,
  kotlin: 12,
  csharp: 12,
  scala: 12,
  swift: 12,
  typescript: 10,
  python: 10,
  ruby: 10,
  php: 10,
  javascript: 10,
  other: 10,
  sql: 8,
  shell: 8,
  html: 3,
  css: 3,
  markdown: 3,
  json: 3,
  yaml: 3,
  toml: 3,
} as const;

export type CodingLanguage = keyof typeof LANGUAGE_MULTIPLIER_TENTHS;
export const CODING_LANGUAGES = Object.keys(LANGUAGE_MULTIPLIER_TENTHS) as CodingLanguage[];

/** The multiplier of a language as a decimal (1.3, 0.8…), for display. */
export function languageMultiplier(language: CodingLanguage): number {
  return LANGUAGE_MULTIPLIER_TENTHS[language] / 10;
}

const ALIASES: Record<string, CodingLanguage> = {
  rs: "rust",
  "c++": "cpp",
  cxx: "cpp",
  hs: "haskell",
  ml: "ocaml",
  golang: "go",
  kt: "kotlin",
  "c#": "csharp",
  cs: "csharp",
  ts: "typescript",
  tsx: "typescript",
  py: "python",
  rb: "ruby",
  js: "javascript",
  jsx: "javascript",
  node: "javascript",
  sh: "shell",
  bash: "shell",
  zsh: "shell",
  md: "markdown",
  yml: "yaml",
  htm: "html",
  scss: "css",
  sass: "css",
  less: "css",
};

/** A table lookup that ignores inherited keys such as "__proto__" (names come from clients and files). */
function ownValue<V>(table: Record<string, V>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The language a client named, as one of the table's ids; anything unknown is "other" code (1.0). */
export function normalizeLanguage(raw: string | undefined | null): CodingLanguage {
  if (!raw) return "other";
  const id = raw.trim().toLowerCase();
  if (Object.hasOwn(LANGUAGE_MULTIPLIER_TENTHS, id)) return id as CodingLanguage;
  return ownValue(ALIASES, id) ?? "other";
}

const EXTENSIONS: Record<string, CodingLanguage> = {
  rs: "rust",
  c: "c",
  h: "c",
  cc: "cpp",
  cpp: "cpp",
  cxx: "cpp",
  hpp: "cpp",
  hh: "cpp",
  hxx: "cpp",
  hs: "haskell",
  ml: "ocaml",
  mli: "ocaml",
  go: "go",
  java: "java",
  kt: "kotlin",
  kts: "kotlin",
  cs: "csharp",
  scala: "scala",
  swift: "swift",
  ts: "typescript",
  tsx: "typescript",
  mts: "typescript",
  cts: "typescript",
  py: "python",
  pyi: "python",
  rb: "ruby",
  php: "php",
  js: "javascript",
  jsx: "javascript",
  mjs: "javascript",
  cjs: "javascript",
  vue: "javascript",
  svelte: "javascript",
  lua: "other",
  dart: "other",
  ex: "other",
  exs: "other",
  erl: "other",
  clj: "other",
  r: "other",
  jl: "other",
  zig: "other",
  nim: "other",
  pl: "other",
  sql: "sql",
  sh: "shell",
  bash: "shell",
  zsh: "shell",
  fish: "shell",
  ps1: "shell",
  html: "html",
  htm: "html",
  css: "css",
  scss: "css",
  sass: "css",
  less: "css",
  md: "markdown",
  markdown: "markdown",
  json: "json",
  yaml: "yaml",
  yml: "yaml",
  toml: "toml",
};

/** The language of a source file from its name, or undefined when it is not a file we count (images, text…). */
export function languageForFile(fileName: string): CodingLanguage | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  if (base === "Dockerfile" || base === "Makefile") return "other";
  const dot = base.lastIndexOf(".");
  if (dot <= 0) return undefined;
  return ownValue(EXTENSIONS, base.slice(dot + 1).toLowerCase());
}

/** XP for `lines` new lines of one language: lines × multiplier, rounded down. */
export function xpForLines(language: CodingLanguage, lines: number): number {
  const n = Math.max(0, Math.floor(lines));
  return Math.floor((n * LANGUAGE_MULTIPLIER_TENTHS[language]) / 10);
}

/** Lines per language, keyed by the table's ids. */
export type LinesByLanguage = Partial<Record<CodingLanguage, number>>;

/**
 * XP of a whole session from its lines per language. Batches pay the difference between this
 * figure now and at the last batch, so the total never depends on how lines were batched.
 */
export function xpForLanguages(lines: LinesByLanguage): number {
  let xp = 0;
  for (const [language, n] of Object.entries(lines)) xp += xpForLines(normalizeLanguage(language), n ?? 0);
  return xp;
}

/** Coins for a session (seed): 1 per 10 XP of the session, rounded down. */
export function coinsForSessionXp(sessionXp: number): number {
  return Math.floor(Math.max(0, sessionXp) / 10);
}

/**
 * Plausibility caps (docs/game-rules.md, README "Rules"). The line limits are per player, across all of
 * the player's sessions, rooms and trackers at once: `codingBudget.ts` holds them. An update over
 * a line limit is refused whole.
 */
export const CODING_CAPS = {
  /** Lines added in one coding_update. */
  maxLinesPerEvent: 200,
  /** Lines paid per player in any sliding window of `windowMs`. */
  maxLinesPerWindow: 600,
  windowMs: 60_000,
  /** Lines paid per player per UTC calendar day. */
  maxLinesPerDay: 10_000,
  /** Characters counted per added line (a one-line update may count this many even with 0 lines). */
  maxCharactersPerLine: 1000,
} as const;

/** Characters an update counts: what it reports, at most `maxCharactersPerLine` per added line. */
export function countedCharacters(characters: number, linesAdded: number): number {
  const limit = CODING_CAPS.maxCharactersPerLine * Math.max(1, Math.floor(linesAdded));
  return Math.min(Math.max(0, Math.floor(characters)), limit);
}

/** A session ends itself after this long without an accepted update (milliseconds). */
export const CODING_IDLE_TIMEOUT_MS = 30 * 60_000;

/** Whether a session whose last activity was at `lastActivityAt` (ms) has been idle long enough to end. */
export function isCodingIdle(lastActivityAt: number, now: number): boolean {
  return now - lastActivityAt >= CODING_IDLE_TIMEOUT_MS;
}

/** Whole minutes a session lasted (for coding_minutes quests), from start to end in ms. */
export function codingMinutes(startedAt: number, endedAt: number): number {
  return Math.max(0, Math.floor((endedAt - startedAt) / 60_000));
}
