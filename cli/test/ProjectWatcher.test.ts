import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type FileChange, ProjectWatcher } from "../src/ProjectWatcher.ts";

/** Waits for `condition`; the deadline scales with the machine (scripts/testTimeScale.cjs). */
async function until(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms * (Number(process.env.LEVELUP_TEST_TIME_SCALE) || 1);
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}

const lines = (n: number, prefix = "line") => `${Array.from({ length: n }, (_, i) => `${prefix} ${i}`).join("\n")}\n`;

describe("project watcher (temporary folder)", () => {
  let dir: string;
  let watcher: ProjectWatcher;
  let changes: FileChange[];

  const total = (language: string, key: "added" | "removed") =>
    changes.filter((c) => c.language === language).reduce((s, c) => s + c[key], 0);

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "levelup-track-"));
    changes = [];
    await writeFile(path.join(dir, ".gitignore"), "secret.py\nlogs/\n");
    await writeFile(path.join(dir, "existing.ts"), lines(50));
    watcher = new ProjectWatcher(dir, (c) => changes.push(c));
    await watcher.start();
  });

  afterEach(async () => {
    await watcher.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("when files are written, edited and deleted, then lines added and removed are counted per language", async () => {
    await writeFile(path.join(dir, "main.rs"), lines(12, "let x"));
    await writeFile(path.join(dir, "app.py"), lines(5, "print"));
    await until(() => total("rust", "added") === 12 && total("python", "added") === 5);

    // Edit: change 2 lines and append 3 to the file that existed before tracking started.
    const edited = lines(50).replace("line 3\n", "LINE 3\n").replace("line 7\n", "LINE 7\n") + lines(3, "more");
    await writeFile(path.join(dir, "existing.ts"), edited);
    await until(() => total("typescript", "added") === 5);
    assert.equal(total("typescript", "removed"), 2);

    await unlink(path.join(dir, "app.py"));
    await until(() => total("python", "removed") === 5);
    assert.deepEqual(changes.map((c) => c.file).sort(), ["app.py", "app.py", "existing.ts", "main.rs"]);
  });

  it("when files are .gitignored, in node_modules, binary or not code, then they count nothing", async () => {
    await writeFile(path.join(dir, "secret.py"), lines(40));
    await mkdir(path.join(dir, "logs"));
    await writeFile(path.join(dir, "logs", "run.js"), lines(40));
    await mkdir(path.join(dir, "node_modules", "dep"), { recursive: true });
    await writeFile(path.join(dir, "node_modules", "dep", "index.js"), lines(40));
    await writeFile(path.join(dir, "blob.c"), Buffer.from([1, 2, 0, 3, 10, 65, 10]));
    await writeFile(path.join(dir, "notes.txt"), lines(40));
    // A file written last that does count: once it arrives, the others had their chance.
    await writeFile(path.join(dir, "marker.go"), lines(2));
    await until(() => total("go", "added") === 2);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(
      changes.map((c) => c.file),
      ["marker.go"],
    );
  });

  it("when files existed before tracking started, then they earn nothing until edited", async () => {
    await writeFile(path.join(dir, "fresh.ts"), lines(1));
    await until(() => changes.length === 1);
    assert.deepEqual(
      changes.map((c) => [c.file, c.added]),
      [["fresh.ts", 1]],
    );
  });
});
