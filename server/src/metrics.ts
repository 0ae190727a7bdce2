import { createHash, timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import { matchMaker } from "@colyseus/core";
import type { RequestHandler } from "express";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * Prometheus metrics of one process: HTTP latency by route, rooms and clients per room type, refusals
 * by integrity rule, the game's own figures (players online, coding lines, XP and currency granted,
 * purchases, battles, the grader, database query time) and process stats. It sits below the
 * services so that they and the rooms can count what they do where it happens; the HTTP layer
 * serves it at /metrics. Every label comes from a fixed set (README, Operations): never a user id.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly httpDuration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency by method, route and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly roomMessagesRejected = new Counter({
    name: "room_messages_rejected_total",
    help: "Room messages refused by validation or game rules",
    labelNames: ["room", "reason"],
    registers: [this.registry],
  });
  /** Labelled by rule name only (a fixed set), never by user, to keep the series bounded. */
  readonly integrityRefusals = new Counter({
    name: "levelup_integrity_refusals_total",
    help: "Actions refused by a budget or rate rule (anti-cheat), by rule",
    labelNames: ["rule"],
    registers: [this.registry],
  });

  /** Distinct players with a hub connection to this process (rooms/hub/HubRoom.ts). */
  readonly playersOnline = new Gauge({
    name: "levelup_players_online",
    help: "Players connected to this process's hub (the live channel every signed-in page opens)",
    registers: [this.registry],
  });
  /** Lines paid by a settlement or an end, once committed (services/coding/CodingSessions.ts). */
  readonly codingLinesAccepted = new Counter({
    name: "levelup_coding_lines_accepted_total",
    help: "Coding lines accepted and paid",
    registers: [this.registry],
  });
  readonly codingLinesRefused = new Counter({
    name: "levelup_coding_lines_refused_total",
    help: "Coding lines refused, by reason (shared/src/rules/codingBudget.ts, or session_ended)",
    labelNames: ["reason"],
    registers: [this.registry],
  });
  readonly xpGranted = new Counter({
    name: "levelup_xp_granted_total",
    help: "XP granted, by source, counted after the paying transaction commits",
    labelNames: ["source"],
    registers: [this.registry],
  });
  readonly currencyGranted = new Counter({
    name: "levelup_currency_granted_total",
    help: "Coins and gems granted, by currency and source, after commit",
    labelNames: ["currency", "source"],
    registers: [this.registry],
  });
  readonly currencySpent = new Counter({
    name: "levelup_currency_spent_total",
    help: "Coins and gems spent, by currency and source (purchase, exchange), after commit",
    labelNames: ["currency", "source"],
    registers: [this.registry],
  });
  readonly purchases = new Counter({
    name: "levelup_purchases_total",
    help: "Shop purchases committed, by the currency paid (a replayed idempotent purchase is not counted again)",
    labelNames: ["currency"],
    registers: [this.registry],
  });
  readonly battlesStarted = new Counter({
    name: "levelup_battles_started_total",
    help: "Dungeon battles started, by dungeon",
    labelNames: ["dungeon"],
    registers: [this.registry],
  });
  readonly battlesEnded = new Counter({
    name: "levelup_battles_ended_total",
    help: "Dungeon battles ended, by dungeon and outcome (won, lost); each battle once",
    labelNames: ["dungeon", "outcome"],
    registers: [this.registry],
  });
  readonly graderJobSeconds = new Histogram({
    name: "levelup_grader_job_seconds",
    help: "Time of a grading job from its queueing to its result (waiting included), by outcome",
    labelNames: ["outcome"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [this.registry],
  });
  readonly dbQuerySeconds = new Histogram({
    name: "levelup_db_query_seconds",
    help: "Database statement time by query name (verb and table, or the prepared statement's name)",
    labelNames: ["query"],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  /** Reads the grader's queue at scrape time (set by the challenge services when they build it). */
  private graderQueue: () => number = () => 0;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const graderQueue: Gauge = new Gauge({
      name: "levelup_grader_queue_length",
      help: "Grading jobs waiting for a sandbox worker on this process",
      registers: [this.registry],
      collect: () => {
        graderQueue.set(this.graderQueue());
      },
    });
    // Both read from the matchmaker's own listing at scrape time, so the figures cannot drift. Each
    // gauge reads it itself: the registry collects its metrics concurrently, so a gauge filled by
    // another's collect would show the previous scrape's figures.
    const listed = () => matchMaker.query({ processId: matchMaker.processId });
    const clients: Gauge = new Gauge({
      name: "colyseus_clients",
      help: "Clients connected to this process's rooms, by room type",
      labelNames: ["room"],
      registers: [this.registry],
      collect: async () => {
        const rooms = await listed();
        clients.reset();
        for (const room of rooms) clients.inc({ room: room.name }, room.clients);
      },
    });
    const rooms: Gauge = new Gauge({
      name: "colyseus_rooms",
      help: "Rooms hosted by this process, by room type",
      labelNames: ["room"],
      registers: [this.registry],
      collect: async () => {
        const listing = await listed();
        rooms.reset();
        for (const room of listing) rooms.inc({ room: room.name });
      },
    });
  }

  /** Where the grader's queue length is read from at scrape time. */
  watchGraderQueue(read: () => number): void {
    this.graderQueue = read;
  }

  /** Counts a committed grant's XP and currency under its source (a fixed set: GRANT_SOURCES). */
  recordGrant(source: string, amounts: { xp: number; coins: number; gems: number }): void {
    const label = GRANT_SOURCES.has(source) ? source : "other";
    if (amounts.xp > 0) this.xpGranted.inc({ source: label }, amounts.xp);
    for (const currency of ["coins", "gems"] as const) {
      const amount = amounts[currency];
      if (amount > 0) this.currencyGranted.inc({ currency, source: label }, amount);
      if (amount < 0) this.currencySpent.inc({ currency, source: label }, -amount);
    }
  }

  /**
   * Express middleware timing each request under the pattern of the route that matched, and
   * "unmatched" for everything else (unknown paths, bodies refused before routing): a label
   * taken from the raw URL would let anyone add a series per request.
   */
  httpMiddleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.httpDuration.startTimer();
      res.on("finish", () => {
        const route = typeof req.route?.path === "string" ? `${req.baseUrl}${req.route.path}` : "unmatched";
        end({ method: METHODS.has(req.method) ? req.method : "other", route, status: String(res.statusCode) });
      });
      next();
    };
  }

  /** Whether a request may read /metrics on the public port: only with the METRICS_TOKEN bearer. */
  static allowedOnPublicPort(token: string | undefined, authorization: string | undefined): boolean {
    if (!token || !authorization?.startsWith("Bearer ")) return false;
    const given = createHash("sha256").update(authorization.slice(7)).digest();
    return timingSafeEqual(given, createHash("sha256").update(token).digest());
  }

  /**
   * Serves /metrics alone on its own port (METRICS_PORT), for a scraper on a private network;
   * every other path is a 404 in the contract's shape.
   */
  async listen(port: number, host: string): Promise<http.Server> {
    const server = http.createServer((req, res) => {
      const send = (status: number, type: string, body: string) => {
        res.writeHead(status, { "content-type": type });
        res.end(body);
      };
      if (req.method === "GET" && req.url?.split("?")[0] === "/metrics") {
        this.registry.metrics().then(
          (text) => send(200, this.registry.contentType, text),
          () =>
            send(500, "application/json", JSON.stringify({ error: { code: "INTERNAL", message: "Metrics failed" } })),
        );
        return;
      }
      send(404, "application/json", JSON.stringify({ error: { code: "NOT_FOUND", message: "Only /metrics here" } }));
    });
    server.listen(port, host);
    await once(server, "listening");
    return server;
  }
}

/** Sources of grants (services' GrantInput.reason) kept in the label; anything else counts as "other". */
const GRANT_SOURCES = new Set(["coding", "challenge", "quest", "dungeon", "clash", "purchase", "exchange"]);

/** Methods kept as they are in the label; anything else an attacker sends counts as "other". */
const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
