import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { cli, type Options } from "@colyseus/loadtest";
import { Client } from "@colyseus/sdk";
import { Tally } from "./stats.ts";
import { assertLocal, httpBase } from "./target.ts";

export const resultsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../results");

export interface BotContext {
  /** 0-based index of this bot. */
  clientId: number;
  numClients: number;
  /** http://host:port of the server. */
  base: string;
  /** An SDK client for this bot (WebSockets follow seat reservations' publicAddress). */
  client: Client;
  tally: Tally;
  /** Resolves when the run's time is up; bots stop acting then. */
  done: Promise<void>;
}

export interface BotScript {
  /** Names the figures file: loadtest/results/<name>.json. */
  name: string;
  /** Room given to @colyseus/loadtest when the command line names none. */
  defaultRoom: string;
  /** Hard cap on --numClients for this script. */
  maxClients: number;
  /** Sets up one bot (register, join) and returns; it then acts on its own until `done`. */
  bot(ctx: BotContext): Promise<void>;
}

const MAX_SECONDS = 300;

/**
 * Runs a bot script under @colyseus/loadtest (its terminal UI and --output log), bounded in
 * clients (--numClients ≤ maxClients) and time (--duration seconds, ≤ 300), against localhost
 * only, and writes the figures to loadtest/results/<name>.json (or --figures) before exiting.
 */
export function runBots(script: BotScript): void {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "30" },
      figures: { type: "string" },
      endpoint: { type: "string", default: "ws://localhost:2567" },
      numClients: { type: "string", default: "10" },
      output: { type: "string" },
    },
    strict: false,
  });
  const seconds = Number(values.duration);
  const numClients = Number(values.numClients);
  const endpoint = String(values.endpoint);
  if (!(seconds > 0 && seconds <= MAX_SECONDS)) throw new Error(`--duration must be 1–${MAX_SECONDS} seconds`);
  if (!(Number.isInteger(numClients) && numClients > 0 && numClients <= script.maxClients)) {
    throw new Error(`--numClients must be 1–${script.maxClients} for ${script.name}`);
  }
  assertLocal(endpoint);
  const base = httpBase(endpoint);
  mkdirSync(resultsDir, { recursive: true });
  const figuresFile = path.resolve(String(values.figures ?? path.join(resultsDir, `${script.name}.json`)));
  // @colyseus/loadtest reads these from the command line itself.
  if (!process.argv.some((a) => a === "--room" || a === "--roomId")) process.argv.push("--room", script.defaultRoom);
  if (!values.output) process.argv.push("--output", path.join(resultsDir, `${script.name}.log`));

  const tally = new Tally();
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const started = Date.now();
  const writeFigures = () => {
    const elapsed = (Date.now() - started) / 1000;
    const figures = {
      script: script.name,
      endpoint,
      numClients,
      seconds: Number(elapsed.toFixed(1)),
      measuredAt: new Date().toISOString(),
      ...tally.summary(elapsed),
    };
    writeFileSync(figuresFile, `${JSON.stringify(figures, null, 2)}\n`);
    // @colyseus/loadtest writes its log on exit.
    process.exit(0);
  };
  setTimeout(() => {
    finish();
    // Bots add their last counts when `done` resolves; the last patches need a moment to arrive.
    setTimeout(writeFigures, 300);
  }, seconds * 1000).unref();

  cli(async (options: Options) => {
    const client = new Client(base);
    // Each bot gets going in the background: @colyseus/loadtest awaits this function per client.
    void script.bot({ clientId: options.clientId, numClients, base, client, tally, done }).catch((err: Error) => {
      tally.count("botErrors");
      console.error(`bot ${options.clientId}: ${err.message}`);
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
