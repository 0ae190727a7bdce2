import { createHash, timingSafeEqual } from "node:crypto";
import { once } from "node:events";
import http from "node:http";
import { matchMaker } from "@colyseus/core";
import type { RequestHandler } from "express";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * Prometheus metrics of one process: HTTP latency by route, rooms and clients per room type, refusals
 * by integrity rule, process stats. It sits below the services so that they and the rooms can count
 * what they do; the HTTP layer serves it at /metrics.
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

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const clients = new Gauge({
      name: "colyseus_clients",
      help: "Clients connected to this process's rooms, by room type",
      labelNames: ["room"],
      registers: [this.registry],
    });
    const rooms = new Gauge({
      name: "colyseus_rooms",
      help: "Rooms hosted by this process, by room type",
      labelNames: ["room"],
      registers: [this.registry],
      // Read from the matchmaker's own listing at scrape time, so the figures cannot drift.
      collect: async () => {
        rooms.reset();
        clients.reset();
        const listed = await matchMaker.query({ processId: matchMaker.processId });
        for (const room of listed) {
          rooms.inc({ room: room.name });
          clients.inc({ room: room.name }, room.clients);
        }
      },
    });
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

/** Methods kept as they are in the label; anything else an attacker sends counts as "other". */
const METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
