import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Client, type Room } from "@colyseus/sdk";
import { joinCodingSession } from "../bots/coding.ts";
import { keepPlaying } from "../bots/dungeon.ts";
import { hammer } from "../lib/autocannon.ts";
import { leave } from "../lib/leave.ts";
import { percentile, round } from "../lib/stats.ts";
import { xpForLevel } from "@levelup/shared";
import { inArray } from "drizzle-orm";
import { type Db, openDatabase } from "../../../server/src/db/client.ts";
import { profiles } from "../../../server/src/db/schema.ts";
import { insertSyntheticPlayers } from "../../../server/src/services/leaderboard/syntheticPlayers.ts";
import { type BotUser, callApi, registerBot } from "../lib/target.ts";
import { clientsHeld, type Group, type HeldResult } from "./heldClients.ts";
import type { HotRead } from "./hotReads.ts";
import { jsonDiff } from "./jsonDiff.ts";
import { scrapeMetrics } from "./lag.ts";
import {
  type CpuSplit,
  cpuOf,
  cpuSeconds,
  cpuSplitOf,
  ownCpuSeconds,
  type Repeated,
  repeated,
  SPLIT_PARTS,
} from "./measure.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Registers `n` players on `base`, a few at a time. */
export async function registerMany(base: string, n: number, prefix: string): Promise<BotUser[]> {
  const users: BotUser[] = [];
  for (let i = 0; i < n; i += 8) {
    users.push(...(await Promise.all(Array.from({ length: Math.min(8, n - i) }, () => registerBot(base, prefix)))));
  }
  return users;
}

/**
 * Messages ingested per second: `sessions` coding sessions each sending a realistic coding_update
 * every `intervalMs`, counted by the server (accepted + rejected in the room state), against the
 * same number of clients sending the same payloads to the baseline's echo room (counted by acks),
 * with each server's CPU per message read from its process. `intervalMs` must keep a session under
 * the coding room's message limit (20 a second): beyond it messages are dropped and the sender cut
 * off, and the figure would be the limit's, not the room's.
 */
export async function ingestSection(opts: {
  gameUrl: string;
  gamePid: number;
  baselineWs: string;
  baselinePid: number;
  users: BotUser[];
  intervalMs: number;
  seconds: number;
}) {
  const payload = (i: number) => ({
    linesAdded: 1 + (i % 9),
    characters: 40 * (1 + (i % 9)),
    file: "src/a.ts",
    language: "typescript",
  });
  // Coding sessions.
  const bots = await Promise.all(
    opts.users.map((u, i) => joinCodingSession(opts.gameUrl, new Client(opts.gameUrl), u, i)),
  );
  await sleep(500);
  const processedNow = () => bots.reduce((s, b) => s + b.processed(), 0);
  const timers = bots.map((b) => setInterval(() => b.send(), opts.intervalMs));
  await sleep(1000);
  const c0 = processedNow();
  const gameCpu0 = cpuSeconds(opts.gamePid);
  const t0 = performance.now();
  await sleep(opts.seconds * 1000);
  const gameCpu = cpuSeconds(opts.gamePid) - gameCpu0;
  // Patches come every 200 ms: wait for the last ones of the window before reading.
  const sentDuring = bots.reduce((s, b) => s + b.sent(), 0);
  for (const t of timers) clearInterval(t);
  const elapsed = (performance.now() - t0) / 1000;
  await sleep(600);
  const coding = (processedNow() - c0) / elapsed;
  await Promise.all(bots.map((b) => leave(b.room)));

  // Echo rooms: 8 clients a room, the same count and rate.
  const echoRooms: Room[] = [];
  for (let i = 0; i < opts.users.length; i++) {
    const client = new Client(opts.baselineWs);
    const first = echoRooms[i - (i % 8)];
    echoRooms.push(first ? await client.joinById(first.roomId) : await client.create("echo"));
  }
  let acks = 0;
  for (const r of echoRooms) r.onMessage("ack", () => acks++);
  let seq = 0;
  const echoTimers = echoRooms.map((r) => setInterval(() => r.send("coding_update", payload(seq++)), opts.intervalMs));
  await sleep(1000);
  const a0 = acks;
  const echoCpu0 = cpuSeconds(opts.baselinePid);
  const e0 = performance.now();
  await sleep(opts.seconds * 1000);
  const echoCpu = cpuSeconds(opts.baselinePid) - echoCpu0;
  for (const t of echoTimers) clearInterval(t);
  const echoElapsed = (performance.now() - e0) / 1000;
  await sleep(300);
  const echo = (acks - a0) / echoElapsed;
  await Promise.all(echoRooms.map((r) => leave(r)));
  return {
    coding: round(coding),
    echo: round(echo),
    offered: round(sentDuring / (elapsed + 1)),
    codingCpuMsPerMessage: round((gameCpu * 1000) / (coding * elapsed), 4),
    echoCpuMsPerMessage: round((echoCpu * 1000) / (echo * echoElapsed), 4),
  };
}

/** Records the bytes of each state patch a watching client receives, and the JSON of the same change and state. */
export function watchPatches(room: Room, sink: { patch: number[]; diffJson: number[]; stateJson: number[] }): void {
  const ws = (room.connection.transport as unknown as { ws: { addEventListener: Function } }).ws;
  let prev: unknown = (room.state as { toJSON(): unknown }).toJSON();
  ws.addEventListener("message", (event: { data: ArrayBuffer | Buffer }) => {
    const bytes = new Uint8Array(event.data as ArrayBuffer);
    if (bytes[0] === 15) sink.patch.push(bytes.length); // Protocol.ROOM_STATE_PATCH
  });
  room.onStateChange((state) => {
    const next = (state as { toJSON(): unknown }).toJSON();
    const diff = jsonDiff(prev, next);
    if (diff !== undefined) {
      sink.diffJson.push(JSON.stringify(diff).length);
      sink.stateJson.push(JSON.stringify(next).length);
    }
    prev = next;
  });
}

/** A dungeon party (4 players + 2 spectators) that starts a new battle whenever one ends. */
export async function dungeonGroup(
  bases: string[],
  users: () => Promise<BotUser[]>,
  dungeonId: string,
  onSpectator?: (room: Room) => void,
): Promise<Group> {
  const six = await users();
  // Each battle on the next process of `bases`, the first one's spectator handed to the caller.
  let battles = 0;
  const party = await keepPlaying(() => bases[battles++ % bases.length]!, six, {
    dungeonId,
    onParty: (p) => {
      if (battles === 1) onSpectator?.(p.spectators[0]!);
    },
  });
  return { clients: 6, stop: () => party.stop() };
}

/** The baseline's minimal room with the same shape: 6 clients, one `act` a second by the player whose turn it is. */
export async function minimalGroup(baselineWs: string): Promise<Group> {
  const first = await new Client(baselineWs).create("minimal");
  const rooms = [first];
  for (let i = 1; i < 6; i++) rooms.push(await new Client(baselineWs).joinById(first.roomId));
  for (const r of rooms) r.onMessage("*", () => {});
  let turn = 0;
  const timer = setInterval(() => rooms[turn++ % 4]!.send("act"), 1000);
  return {
    clients: 6,
    async stop() {
      clearInterval(timer);
      await Promise.all(rooms.map((r) => leave(r)));
    },
  };
}

export async function held(
  addGroup: () => Promise<Group>,
  readLag: () => Promise<number>,
  limits: { maxClients: number; budgetMs: number; groupsPerStep: number; stepMs: number },
): Promise<HeldResult> {
  return clientsHeld({ addGroup, readLag, ...limits });
}

/** Time from asking process A for a seat in a room on process B to being joined, `samples` times. */
export async function crossJoinLatency(askUrl: string, room: { roomId: string }, user: BotUser, samples: number) {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    const res = await fetch(`${askUrl}/matchmake/joinById/${room.roomId}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${user.token}` },
      body: "{}",
    });
    const reservation = await res.json();
    const client = new Client(askUrl);
    client.auth.token = user.token;
    const joined = await client.consumeSeatReservation(reservation as any);
    times.push(performance.now() - t0);
    await leave(joined);
  }
  return { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), n: samples };
}

/** Runs heapCycles.ts in a child with --expose-gc and returns its figures; `warmup` cycles first (default: its own). */
export function heapSection(
  cycles: number,
  warmup?: number,
): Promise<{ heapBefore: number; heapAfter: number; growth: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--expose-gc",
        "--import",
        "tsx",
        path.join(here, "heapCycles.ts"),
        String(cycles),
        ...(warmup === undefined ? [] : [String(warmup)]),
      ],
      {
        stdio: ["ignore", "pipe", "inherit"],
        cwd: path.resolve(here, "../../.."),
      },
    );
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      try {
        if (code !== 0) throw new Error(`heapCycles exited with ${code}`);
        resolve(JSON.parse(line));
      } catch (err) {
        reject(err);
      }
    });
  });
}

/** Clients of `room` type on a game server, from its /metrics (the matchmaker's own listing). */
export async function clientsOn(baseUrl: string, room: string, metricsToken: string): Promise<number> {
  const text = await scrapeMetrics(baseUrl, metricsToken);
  const match = new RegExp(`^colyseus_clients\\{room="${room}"\\}\\s+([0-9.e+-]+)$`, "m").exec(text);
  return match ? Number(match[1]) : 0;
}

/** Database statements the game server has sent so far, by query name, from its /metrics. */
export async function statementsSent(baseUrl: string, metricsToken: string): Promise<Record<string, number>> {
  const text = await scrapeMetrics(baseUrl, metricsToken);
  const sent: Record<string, number> = {};
  for (const m of text.matchAll(/^levelup_db_query_seconds_count\{query="([^"]*)"\}\s+([0-9.e+-]+)$/gm)) {
    sent[m[1]!] = Number(m[2]);
  }
  return sent;
}

/** Battles the game server has ended so far (every outcome), from its /metrics. */
export async function battlesEnded(baseUrl: string, metricsToken: string): Promise<number> {
  const text = await scrapeMetrics(baseUrl, metricsToken);
  let total = 0;
  for (const m of text.matchAll(/^levelup_battles_ended_total\{[^}]*\}\s+([0-9.e+-]+)$/gm)) total += Number(m[1]);
  return total;
}

export interface FixedLoadFigures {
  clients: number;
  failedGroups: number;
  /** Server CPU milliseconds per connected client per second of wall time, over the servers in `pids`. */
  serverCpuMsPerClientSecond: Repeated;
  /** The same figure split by thread (measure.ts, CpuSplit): how much is the event loop's. */
  serverCpuSplitMsPerClientSecond: Record<keyof CpuSplit, Repeated>;
  /** The load generator's CPU (this process and its generator processes) in the same windows, per client-second. */
  generatorCpuMsPerClientSecond: Repeated;
  /** Per window, what `balance` returned (e.g. clients per process). */
  balance: unknown[];
  /** With `events`: server CPU milliseconds per event counted in the same windows (e.g. per battle). */
  serverCpuMsPerEvent?: Repeated;
  /** With `events`: events per second in those windows. */
  eventsPerSecond?: Repeated;
  /** With `events` and `statements`: database statements per event, and per event by query name (all windows). */
  statementsPerEvent?: Repeated;
  statementsPerEventByName?: Record<string, number>;
}

/**
 * CPU per client at a fixed load: `groups` groups join (ten at a time), a warm-up window runs,
 * then `repeats` windows of `windowMs` each read the servers' CPU from their processes (/proc), so
 * the figure does not depend on how busy the rest of the machine is, only on what the server did.
 */
export async function cpuAtFixedLoad(opts: {
  addGroup: () => Promise<Group>;
  groups: number;
  pids: number[];
  /** The load generator's processes (their CPU is reported with this process's own). */
  generatorPids: number[];
  warmupMs: number;
  windowMs: number;
  repeats: number;
  balance?: () => Promise<unknown>;
  /**
   * Starts the groups one by one, evenly over this many ms, instead of ten at a time: parties
   * that all began together would all end their battles together, and a window would catch
   * either every settlement or none.
   */
  spreadMs?: number;
  /** A running count read at each window's edges (e.g. battles ended): CPU per event is reported too. */
  events?: () => Promise<number>;
  /** Database statements sent so far by query name, read at the same edges: statements per event too. */
  statements?: () => Promise<Record<string, number>>;
}): Promise<FixedLoadFigures> {
  const started: Group[] = [];
  let failedGroups = 0;
  const settle = (batch: PromiseSettledResult<Group>[]) => {
    for (const b of batch) {
      if (b.status === "fulfilled") started.push(b.value);
      else {
        failedGroups++;
        console.error(`  a group failed to join: ${(b.reason as Error).message}`);
      }
    }
  };
  try {
    if (opts.spreadMs) {
      const gap = opts.spreadMs / opts.groups;
      settle(
        await Promise.allSettled(
          Array.from({ length: opts.groups }, (_, i) => sleep(i * gap).then(() => opts.addGroup())),
        ),
      );
    } else {
      for (let i = 0; i < opts.groups; i += 10) {
        settle(await Promise.allSettled(Array.from({ length: Math.min(10, opts.groups - i) }, () => opts.addGroup())));
      }
    }
    const clients = started.reduce((n, g) => n + g.clients, 0);
    await sleep(opts.warmupMs);
    const server: number[] = [];
    const split: Record<keyof CpuSplit, number[]> = { mainUser: [], mainSystem: [], otherThreads: [] };
    const generator: number[] = [];
    const balance: unknown[] = [];
    const perEvent: number[] = [];
    const eventRates: number[] = [];
    const statementsPerEvent: number[] = [];
    const byName: Record<string, number> = {};
    let allEvents = 0;
    for (let r = 0; r < opts.repeats; r++) {
      const e0 = await opts.events?.();
      const s0 = await opts.statements?.();
      const split0 = cpuSplitOf(opts.pids);
      const g0 = ownCpuSeconds() + cpuOf(opts.generatorPids);
      const t0 = performance.now();
      await sleep(opts.windowMs);
      const seconds = (performance.now() - t0) / 1000;
      const split1 = cpuSplitOf(opts.pids);
      let serverMs = 0;
      for (const part of SPLIT_PARTS) {
        const partMs = (split1[part] - split0[part]) * 1000;
        split[part].push(partMs / (clients * seconds));
        serverMs += partMs;
      }
      server.push(serverMs / (clients * seconds));
      if (opts.events && e0 !== undefined) {
        const events = (await opts.events()) - e0;
        perEvent.push(events > 0 ? serverMs / events : Number.NaN);
        eventRates.push(events / seconds);
        if (opts.statements && s0) {
          const s1 = await opts.statements();
          let sent = 0;
          for (const [name, n] of Object.entries(s1)) {
            const d = n - (s0[name] ?? 0);
            sent += d;
            byName[name] = (byName[name] ?? 0) + d;
          }
          statementsPerEvent.push(events > 0 ? sent / events : Number.NaN);
          allEvents += events;
        }
      }
      generator.push(((ownCpuSeconds() + cpuOf(opts.generatorPids) - g0) * 1000) / (clients * seconds));
      if (opts.balance) balance.push(await opts.balance());
    }
    return {
      clients,
      failedGroups,
      serverCpuMsPerClientSecond: repeated(server),
      serverCpuSplitMsPerClientSecond: {
        mainUser: repeated(split.mainUser),
        mainSystem: repeated(split.mainSystem),
        otherThreads: repeated(split.otherThreads),
      },
      generatorCpuMsPerClientSecond: repeated(generator),
      balance,
      ...(opts.events ? { serverCpuMsPerEvent: repeated(perEvent), eventsPerSecond: repeated(eventRates) } : {}),
      ...(opts.statements && opts.events
        ? {
            statementsPerEvent: repeated(statementsPerEvent),
            statementsPerEventByName: Object.fromEntries(
              Object.entries(byName)
                .filter(([, n]) => n > 0)
                .sort(([, a], [, b]) => b - a)
                .map(([name, n]) => [name, Math.round((n / allEvents) * 10) / 10]),
            ),
          }
        : {}),
    };
  } finally {
    await Promise.allSettled(started.map((g) => g.stop()));
  }
}

/**
 * Something for the hot reads to read, in the bench's own database: `boardPlayers` players with XP
 * on the boards (before anything reads a board, so the Redis boards are built with them), and for
 * each of `users` coins and two items bought through the API (inventory, quest progress).
 */
export async function seedReads(databaseUrl: string, base: string, users: BotUser[], boardPlayers: number) {
  const database = await openDatabase({ url: databaseUrl, poolSize: 2 });
  try {
    await insertSyntheticPlayers(database.db, { tag: "bench", count: boardPlayers, seed: 20, nowMs: Date.now() });
    await setProfiles(database.db, users, { coins: 1000 });
  } finally {
    await database.close();
  }
  for (const u of users) {
    for (const itemId of ["health_potion", "wooden_sword"]) {
      await callApi(base, u.token, "POST", "/api/game/shop/purchase", { itemId });
    }
  }
}

/**
 * Raises bench players to `level` in the bench's own database (as if they had earned its XP), so
 * that they may enter a dungeon whose battles last: the only dungeon open at level 1 is over in
 * one round. Done before they sign in to a room, so no process holds an older copy.
 */
export async function raiseLevel(databaseUrl: string, users: BotUser[], level: number): Promise<void> {
  const database = await openDatabase({ url: databaseUrl, poolSize: 1 });
  try {
    await setProfiles(database.db, users, { level, experience: xpForLevel(level) });
  } finally {
    await database.close();
  }
}

/** Sets columns of the bench players' profiles directly (seeding, not gameplay). */
function setProfiles(db: Db, users: BotUser[], values: Partial<typeof profiles.$inferInsert>) {
  return db
    .update(profiles)
    .set(values)
    .where(
      inArray(
        profiles.userId,
        users.map((u) => u.id),
      ),
    );
}

/** One hot read's figures over the repeats, each paired with the hello-world run of its repeat. */
export interface ReadFigures {
  name: string;
  label: string;
  rps: Repeated;
  /** Each run's read/hello ratio (runs alternate, so each pair saw the same machine). */
  ratio: Repeated;
  cpuMsPerRequest: Repeated;
  /** CPU per request, hello over the read: the throughput ratio a quiet machine would show. */
  cpuRatio: Repeated;
  p99Ms: Repeated;
  non2xx: number;
}

/**
 * The hot reads (hotReads.ts) against a bare Express hello-world: a warm-up run of each, then
 * `repeats` rounds of hello-world followed by every read; requests per second, latency p99 and
 * each server's CPU milliseconds per request, read from the server processes.
 */
export async function restRepeated(opts: {
  gameUrl: string;
  gamePid: number;
  helloUrl: string;
  helloPid: number;
  users: BotUser[];
  reads: HotRead[];
  seconds: number;
  repeats: number;
}): Promise<{ hello: { rps: Repeated; cpuMsPerRequest: Repeated }; reads: ReadFigures[] }> {
  const readRun = (read: HotRead) => {
    let n = 0;
    return hammer({
      url: opts.gameUrl,
      connections: 20,
      duration: opts.seconds,
      requests: [
        {
          method: "GET",
          setupRequest: (req: any) => {
            const user = opts.users[n++ % opts.users.length]!;
            return { ...req, path: read.path(user), headers: { authorization: `Bearer ${user.token}` } };
          },
        },
      ],
    });
  };
  const helloRun = () => hammer({ url: `${opts.helloUrl}/hello`, connections: 20, duration: opts.seconds });
  const measured = async (run: () => ReturnType<typeof hammer>, pid: number) => {
    const c0 = cpuSeconds(pid);
    const figures = await run();
    const cpu = cpuSeconds(pid) - c0;
    const requests = figures.requestsPerSecond * opts.seconds;
    return { figures, cpuMsPerRequest: requests > 0 ? (cpu * 1000) / requests : Number.NaN };
  };
  await helloRun();
  for (const read of opts.reads) await readRun(read);
  const hello: Array<Awaited<ReturnType<typeof measured>>> = [];
  const runs = new Map<string, Array<Awaited<ReturnType<typeof measured>>>>(opts.reads.map((r) => [r.name, []]));
  for (let i = 0; i < opts.repeats; i++) {
    hello.push(await measured(helloRun, opts.helloPid));
    for (const read of opts.reads) runs.get(read.name)!.push(await measured(() => readRun(read), opts.gamePid));
  }
  return {
    hello: {
      rps: repeated(hello.map((h) => h.figures.requestsPerSecond)),
      cpuMsPerRequest: repeated(hello.map((h) => h.cpuMsPerRequest)),
    },
    reads: opts.reads.map((read) => {
      const mine = runs.get(read.name)!;
      return {
        name: read.name,
        label: read.label,
        rps: repeated(mine.map((p) => p.figures.requestsPerSecond)),
        ratio: repeated(mine.map((p, i) => p.figures.requestsPerSecond / hello[i]!.figures.requestsPerSecond)),
        cpuMsPerRequest: repeated(mine.map((p) => p.cpuMsPerRequest)),
        cpuRatio: repeated(mine.map((p, i) => hello[i]!.cpuMsPerRequest / p.cpuMsPerRequest)),
        p99Ms: repeated(mine.map((p) => p.figures.latencyP99Ms)),
        non2xx: mine.reduce(
          (s, p) =>
            s +
            Object.entries(p.figures.statuses)
              .filter(([code]) => !code.startsWith("2"))
              .reduce((a, [, c]) => a + c, 0),
          0,
        ),
      };
    }),
  };
}
