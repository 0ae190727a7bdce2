import { z } from "zod";
import type { AppContext } from "../../context.ts";
import { notFound, unauthorized } from "../../errors.ts";
import { Metrics } from "../../metrics.ts";
import { defineRoute, Reply, type RouteSpec } from "../route.ts";

const health = z.object({ status: z.literal("ok") });
const readiness = z.object({
  status: z.enum(["ok", "unavailable"]),
  checks: z.record(z.string(), z.enum(["ok", "down", "draining"])),
});

/** Liveness, readiness and metrics (docs/api.md, Service). */
export function serviceRoutes(ctx: AppContext, metrics: Metrics, isDraining: () => boolean): RouteSpec[] {
  const tags = ["service"];
  return [
    defineRoute({
      method: "get",
      path: "/healthz",
      summary: "Liveness",
      tags,
      auth: false,
      response: health,
      handler: () => ({ status: "ok" }),
    }),
    defineRoute({
      method: "get",
      path: "/readyz",
      summary: "Readiness: database (and Redis when configured) reachable, and not draining",
      tags,
      auth: false,
      response: readiness,
      errors: [503],
      handler: async () => {
        const checks: Record<string, "ok" | "down" | "draining"> = {};
        checks.database = await within(1000, ctx.database.ping());
        if (ctx.redis) checks.redis = await within(1000, ctx.redis.ping());
        if (isDraining()) checks.process = "draining";
        const ok = Object.values(checks).every((c) => c === "ok");
        return new Reply(ok ? 200 : 503, { status: ok ? "ok" : "unavailable", checks });
      },
    }),
    defineRoute({
      method: "get",
      path: "/metrics",
      summary:
        "Prometheus metrics: with METRICS_TOKEN as a bearer token; not served here when METRICS_PORT is set or neither is",
      tags,
      auth: false,
      errors: [401, 404],
      handler: async ({ req, res }) => {
        const { METRICS_TOKEN, METRICS_PORT } = ctx.config;
        if (METRICS_PORT !== undefined || !METRICS_TOKEN) throw notFound("Route");
        if (!Metrics.allowedOnPublicPort(METRICS_TOKEN, req.get("authorization"))) {
          throw unauthorized("Metrics need the METRICS_TOKEN bearer token");
        }
        res.setHeader("Content-Type", metrics.registry.contentType);
        res.send(await metrics.registry.metrics());
      },
    }),
  ];
}

async function within(ms: number, check: Promise<unknown>): Promise<"ok" | "down"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"down">((resolve) => {
    timer = setTimeout(() => resolve("down"), ms);
  });
  try {
    return await Promise.race([check.then(() => "ok" as const), timeout]);
  } catch {
    return "down";
  } finally {
    clearTimeout(timer);
  }
}
