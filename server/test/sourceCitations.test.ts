import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Comments and docs cite files of this repository ("docs/game-rules.md", "shared/src/rules/xp.ts")
 * for the next engineer to open. A citation of a file the repository does not have (a file of the
 * original design that was never copied in, a module since renamed) sends them nowhere: refused.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const WORKSPACES = ["shared", "server", "client", "cli", "loadtest", "scripts"];
const SKIP = new Set(["node_modules", "dist", "data", "results", ".git"]);
const CODE = /\.(ts|tsx|cjs|mjs)$/;

function files(dir: string, keep: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return files(full, keep);
    return keep.test(name) ? [full] : [];
  });
}

/** A path from the repository's root ("../" prefixes of relative imports allowed), in code or prose. */
const REPO_PATH =
  /(?<![\w./-])(?:\.\.\/)*((?:server|shared|client|cli|loadtest|scripts|deploy|docs)\/[\w./-]+\.(?:md|ts|tsx|cjs|mjs|json|ya?ml|conf|sql|sh|png))\b/g;
/** A Markdown file named on its own ("HANDBOOK.md", "README.md"). */
const BARE_DOC = /(?<![\w./$}-])([\w-]+\.md)\b/g;

// This file's own samples of broken citations are not citations.
const codeFiles = WORKSPACES.flatMap((w) => files(path.join(root, w), CODE)).filter(
  (f) => f !== fileURLToPath(import.meta.url),
);
const docFiles = [
  path.join(root, "README.md"),
  ...files(path.join(root, "docs"), /\.md$/),
  ...WORKSPACES.map((w) => path.join(root, w, "README.md")).filter(existsSync),
  ...WORKSPACES.map((w) => path.join(root, w, "src"))
    .filter(existsSync)
    .flatMap((dir) => files(dir, /^README\.md$/)),
];
const markdownNames = new Set(
  [root, ...WORKSPACES.map((w) => path.join(root, w))]
    .flatMap((dir) => files(dir, /\.md$/))
    .map((f) => path.basename(f)),
);

function brokenCitations(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const where = path.relative(root, file);
  const broken: string[] = [];
  for (const m of text.matchAll(REPO_PATH)) if (!existsSync(path.join(root, m[1]!))) broken.push(`${where}: ${m[1]}`);
  for (const m of text.matchAll(BARE_DOC)) if (!markdownNames.has(m[1]!)) broken.push(`${where}: ${m[1]}`);
  return broken;
}

describe("citations of repository files", () => {
  it("when the scan runs, then it reads the code of every workspace and the docs", () => {
    assert.ok(codeFiles.length > 300, `${codeFiles.length} code files`);
    assert.ok(codeFiles.some((f) => f.endsWith(path.join("shared", "src", "rules", "coding.ts"))));
    assert.ok(docFiles.some((f) => f.endsWith(path.join("docs", "game-rules.md"))));
  });

  it("when a comment cites a Markdown file or a path the repository does not hold, then the scan reports it", () => {
    const sample = [
      "/** Levels (RULEBOOK.md). See HANDBOOK.md and docs/rules.md, shared/src/rules/gone.ts. */",
      "/** Levels (docs/game-rules.md), shared/src/rules/xp.ts, ../../../docs/api.md, README.md. */",
      "fetch('/api/docs/init.js'); writeFileSync(name + '.md'); writeFileSync(`$" + "{name}.md`);",
    ].join("\n");
    const found = [...sample.matchAll(REPO_PATH)].map((m) => m[1]!).filter((p) => !existsSync(path.join(root, p)));
    const bare = [...sample.matchAll(BARE_DOC)].map((m) => m[1]!).filter((n) => !markdownNames.has(n));
    assert.deepEqual(found, ["docs/rules.md", "shared/src/rules/gone.ts"]);
    assert.deepEqual(bare, ["RULEBOOK.md", "HANDBOOK.md"]);
  });

  it("when source files and docs cite repository files, then every cited file exists", () => {
    assert.deepEqual([...codeFiles, ...docFiles].flatMap(brokenCitations), []);
  });
});
