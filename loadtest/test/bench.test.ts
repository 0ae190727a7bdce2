import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * `npm run bench -- --quick` end to end (needs PostgreSQL and Redis like the bench): every section
 * must produce its figures. The figures themselves are not judged here (a busy test machine is no
 * place to measure); only that each row is there and holds numbers.
 */
describe("npm run bench -- --quick", function () {
  // Two game servers migrate fresh databases and every section runs once: minutes on a busy machine.
  this.timeout(900_000);

  it("when run, then every section writes its rows with figures to bench-quick.json", async () => {
    await run(process.execPath, ["--import", "tsx", path.join(here, "../src/bench/main.ts"), "--quick"], {
      cwd: path.join(here, ".."),
      timeout: 880_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const report = JSON.parse(readFileSync(path.join(here, "../results/bench-quick.json"), "utf8"));
    const measures: string[] = report.rows.map((r: { measure: string }) => r.measure);
    for (const section of [
      /^REST GET \/api\/game\/profile req\/s/,
      /^REST GET \/api\/game\/leaderboard\?limit=100 \(top 100\) req\/s/,
      /^REST GET \/api\/game\/leaderboard\/users\/:id\/progress \(my rank\) req\/s/,
      /^REST GET \/api\/game\/shop\?limit=100 \(catalogue\) req\/s/,
      /^REST GET \/api\/game\/inventory \(my owned\/equipped\) req\/s/,
      /^REST GET \/api\/game\/quests \(my active quests\) req\/s/,
      /^REST CPU ms per request/,
      /^leaderboard top 100 \(all time\), \d+ players \(p99/,
      /^leaderboard rank of a player \(all time\)/,
      /^coding_update msgs\/s ingested/,
      /^server CPU ms per client-second at \d+ clients: dungeon parties/,
      /^load generator CPU ms per client-second/,
      /^dungeon state patch bytes/,
      /^clients held, lag p99/,
      /^server CPU ms per client-second, two processes/,
      /^dungeon clients per process with two processes/,
      /^cross-process join latency/,
      /^heap after/,
      /^clash grader latency p95, ms/,
      /^server CPU seconds per clash/,
    ]) {
      const row = report.rows.find((r: { measure: string }) => section.test(r.measure));
      assert.ok(row, `no row for ${section} in ${measures.join(" | ")}`);
      assert.match(String(row.ours), /\d/, `${row.measure}: no figure`);
    }
    for (const key of [
      "rest",
      "ingest",
      "cpuPerClient",
      "patches",
      "roomsHeld",
      "scaleOut",
      "crossJoin",
      "heap",
      "clashes",
    ]) {
      assert.ok(report.raw[key], `raw.${key} missing`);
    }
    assert.ok(report.raw.cpuPerClient.dungeon.serverCpuMsPerClientSecond.samples.length >= 3, "3 repeats");
    assert.ok(report.raw.clashes.graderP95Ms.samples.length >= 3, "3 clash windows");
    const clashWindows = JSON.stringify(report.raw.clashes.windows);
    assert.ok(
      report.raw.clashes.windows.every((w: { completed: number }) => w.completed > 0),
      clashWindows,
    );
    assert.ok(
      report.raw.clashes.windows.every((w: { errors: object }) => Object.keys(w.errors).length === 0),
      `clash bots: no refusal, no timeout: ${clashWindows}`,
    );
    // Every row with a target says whether it was met, except ramps stopped by their cap or time (floors).
    for (const row of report.rows.filter((r: { target: string }) => r.target)) {
      const floor = /\[(\w+) \/ (\w+)\]/.exec(row.measure);
      if (floor && (floor[1] !== "lag" || floor[2] !== "lag")) continue;
      assert.equal(typeof row.ok, "boolean", `${row.measure}: no met flag`);
    }
    for (const read of report.raw.rest.reads) assert.equal(read.non2xx, 0, `${read.name}: every request answered 2xx`);
  });
});
