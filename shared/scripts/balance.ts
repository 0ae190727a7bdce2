/**
 * Prints (and writes to test-artifacts/balance-report.txt) the win rate of scripted parties in every dungeon:
 *   npx tsx shared/scripts/balance.ts [runs] [seed]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { balanceReport } from "../src/rules/balance.ts";

const runs = Number(process.argv[2] ?? 500);
const seed = Number(process.argv[3] ?? 1);
const lines = [`runs per cell: ${runs}, seed: ${seed}`, "dungeon          boss  level  party  win rate"];
for (const r of balanceReport(runs, seed)) {
  lines.push(
    `${r.dungeonId.padEnd(16)} ${r.boss ? "yes " : "no  "}  ${String(r.level).padStart(5)}  ${String(r.partySize).padStart(5)}  ${(r.rate * 100).toFixed(1).padStart(6)} %`,
  );
}
const text = `${lines.join("\n")}\n`;
process.stdout.write(text);
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../test-artifacts");
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, "balance-report.txt"), text);
