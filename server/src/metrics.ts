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

  /** Express middleware timing each request under its route pattern (not the raw URL, to bound cardinality). */
  httpMiddleware(): RequestHandler {
    return (req, res, next) => {
      const end = this.httpDuration.startTimer();
      res.on("finish", () => {
        const route = req.route?.path
          ? `${req.baseUrl}${req.route.path}`
          : res.statusCode === 404
            ? "unmatched"
            : req.path;
        end({ method: req.method, route, status: String(res.statusCode) });
      });
      next();
    };
  }
}
