import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The import rule of docs/architecture.md, held by test: every relative import inside
 * server/src goes down the layers, never up. A failure names the file and the import.
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const serverSrc = path.join(repo, "server/src");

/** Start-up commands wire everything together, so they may import any layer. */
const entryPoints = new Set(["main.ts", "app.ts", "db/seedSampleUsers.ts", "services/leaderboard/rebuildCommand.ts"]);

/** Layer of a file under server/src, from the bottom (0) up. */
function layerOf(file: string): { name: string; rank: number } {
  if (file.startsWith("cluster/")) return { name: "cluster", rank: 5 };
  if (file.startsWith("http/")) return { name: "http", rank: 4 };
  if (file.startsWith("rooms/") || (file.startsWith("realtime/") && file !== "realtime/Notifier.ts")) {
    return { name: "rooms", rank: 3 };
  }
  // The content loader writes the catalogues at start with the services' own helpers (answer hashing).
  if (file.startsWith("services/") || file.startsWith("db/content/") || file === "context.ts") {
    return { name: "services", rank: 2 };
  }
  // The push channel is below the services: they publish, the hub room subscribes.
  if (file === "realtime/Notifier.ts") return { name: "foundation", rank: 1 };
  return { name: "foundation", rank: 1 };
}

/** `http` and `rooms` are both adapters over the services; REST may reserve a seat in a room. */
const allowedUpward = new Set(["http->rooms"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*)"(\.{1,2}\/[^"]+)"/g)].map((m) => m[1] as string);
  return specifiers.map((s) => path.relative(serverSrc, path.resolve(path.dirname(file), s)));
}

describe("architecture: the import rule between server layers", () => {
  const files = sourceFiles(serverSrc).map((f) => path.relative(serverSrc, f));

  it("when server/src is read, then it has files in every layer (the rule below checks something)", () => {
    const layers = new Set(files.map((f) => layerOf(f).name));
    assert.deepEqual([...layers].sort(), ["cluster", "foundation", "http", "rooms", "services"]);
  });

  it("when any server file imports another, then the import goes down the layers (or is an allowed adapter call)", () => {
    const violations: string[] = [];
    for (const file of files) {
      if (entryPoints.has(file)) continue;
      const from = layerOf(file);
      for (const target of relativeImports(path.join(serverSrc, file))) {
        if (target.startsWith("..")) continue; // shared/ or outside server/src is checked below
        const to = layerOf(target);
        if (to.rank > from.rank && !allowedUpward.has(`${from.name}->${to.name}`) && !entryPoints.has(target)) {
          violations.push(`${file} (${from.name}) imports ${target} (${to.name})`);
        }
        if (entryPoints.has(target)) violations.push(`${file} imports the entry point ${target}`);
      }
    }
    assert.deepEqual(violations, []);
  });

  it("when the server's imports are followed, then no file reaches itself again (no import loops)", () => {
    const graph = new Map(
      files.map((file) => [
        file,
        relativeImports(path.join(serverSrc, file)).filter((target) => !target.startsWith("..")),
      ]),
    );
    const loops: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        loops.push([...trail.slice(trail.indexOf(file)), file].join(" -> "));
        return;
      }
      state.set(file, "visiting");
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    assert.deepEqual(loops, []);
  });

  it("when shared/ is read, then it imports nothing from server, client, cli or loadtest", () => {
    const sharedSrc = path.join(repo, "shared/src");
    const violations = sourceFiles(sharedSrc).flatMap((file) =>
      relativeImports(file)
        .map((target) => path.resolve(serverSrc, target))
        .filter((abs) => !abs.startsWith(sharedSrc))
        .map((abs) => `${path.relative(repo, file)} imports ${path.relative(repo, abs)}`),
    );
    assert.deepEqual(violations, []);
  });
});
