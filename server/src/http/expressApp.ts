import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { matchMaker } from "@colyseus/core";
import cors from "cors";
import express, { type Express } from "express";
import helmet from "helmet";
import swaggerUi from "swagger-ui-dist";
import type { AppContext } from "../context.ts";
import { createAuthenticator } from "./authenticate.ts";
import { errorHandler, notFoundRoute } from "./errorHandler.ts";
import type { Metrics } from "../metrics.ts";
import { buildOpenApi } from "./openapi.ts";
import { mountRoutes, type RouteSpec } from "./route.ts";
import { formParser } from "./routes/auth.ts";
import { docsInitScript, docsPage } from "./docsPage.ts";
import { requestLog } from "./requestLog.ts";

const clientDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../client/dist");

/**
 * The Express side of the one HTTP server: security headers, CORS, body limits, logs,
 * metrics, every feature's routes, the OpenAPI document and page, the built client,
 * and the contract's error shape for everything that fails (unknown routes included).
 */
export function createExpressApp(ctx: AppContext, metrics: Metrics, routes: RouteSpec[]): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", ctx.config.TRUST_PROXY === "false" ? false : ctx.config.TRUST_PROXY);
  app.use(securityHeaders());
  // Bearer tokens, not cookies: browsers need no credentialed CORS.
  app.use(cors({ origin: ctx.config.CORS_ORIGINS }));
  app.use(requestLog(ctx.logger));
  app.use(metrics.httpMiddleware());
  app.use(express.json({ limit: ctx.config.BODY_LIMIT }));
  app.use("/api/auth/login", formParser);

  const router = express.Router();
  mountRoutes(router, routes, createAuthenticator(ctx.access), (ip) => ctx.publicReads.consume(ip));
  app.use(router);

  const document = buildOpenApi(routes, { version: "0.1.0" });
  app.get("/api/openapi.json", (_req, res) => {
    res.json(document);
  });
  app.get("/api/docs/init.js", (_req, res) => {
    res.type("js").send(docsInitScript);
  });
  app.use("/api/docs/assets", express.static(swaggerUi.getAbsoluteFSPath(), { index: false }));
  app.get("/api/docs", (_req, res) => {
    res.type("html").send(docsPage);
  });

  app.use("/api", notFoundRoute);
  if (existsSync(clientDist)) {
    app.use(express.static(clientDist, { index: false, maxAge: "1h" }));
    // The client routes in the browser: every other GET gets the app shell.
    app.get(/^(?!\/(api|matchmake|metrics|healthz|readyz)\b).*/, (_req, res) => {
      res.sendFile(path.join(clientDist, "index.html"));
    });
  }
  app.use(notFoundRoute);
  app.use(errorHandler(ctx.logger));
  return app;
}

/** Paths that answer JSON or plain text (the API but its docs page, probes, metrics): no page to protect with a CSP. */
const DATA_PATH = /^\/(?:api\/(?!docs(?:\/|$))|healthz$|readyz$|metrics$)/;

/**
 * Helmet's headers, the Content-Security-Policy only where a page is served (the client, the API
 * docs): on a JSON response a CSP protects nothing (nosniff keeps browsers from rendering it) and
 * building it cost every API request. Both middlewares are built once.
 */
function securityHeaders(): express.RequestHandler {
  const page = helmet({
    contentSecurityPolicy: {
      directives: {
        // The game connects its WebSocket to this same origin; Pixi needs blob: workers.
        "connect-src": ["'self'", "ws:", "wss:"],
        "img-src": ["'self'", "data:", "blob:"],
        "worker-src": ["'self'", "blob:"],
        // TLS is the proxy's job; on a plain-HTTP host this would send the page's own assets to https.
        "upgrade-insecure-requests": null,
      },
    },
  });
  const data = helmet({ contentSecurityPolicy: false });
  return (req, res, next) => (DATA_PATH.test(req.path) ? data : page)(req, res, next);
}

/**
 * Colyseus answers /matchmake itself, before Express, and by default reflects any Origin.
 * This limits its CORS to CORS_ORIGINS too (the matchmaker is process-global, so is this).
 */
export function restrictMatchmakingCors(origins: readonly string[]): void {
  const { "Access-Control-Allow-Origin": _any, ...rest } = matchMaker.controller.DEFAULT_CORS_HEADERS;
  // Without an allowed Origin no Access-Control-Allow-Origin goes out, so browsers refuse.
  matchMaker.controller.DEFAULT_CORS_HEADERS = rest as typeof matchMaker.controller.DEFAULT_CORS_HEADERS;
  matchMaker.controller.getCorsHeaders = (headers: Headers): Record<string, string> => {
    const origin = headers.get("origin");
    return origin && origins.includes(origin) ? { "Access-Control-Allow-Origin": origin, Vary: "Origin" } : {};
  };
}
