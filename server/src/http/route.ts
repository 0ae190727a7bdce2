import type { NextFunction, Request, Response, Router } from "express";
import type { z } from "zod";
import { parseInput } from "../validation.ts";
import type { AuthUser } from "../services/auth/tokens.ts";
import { unauthorized } from "../errors.ts";

type Method = "get" | "post" | "put" | "delete" | "patch";

/** What a handler sees: already-validated input and the signed-in user (when the route needs one). */
export interface RouteContext<B, Q, P> {
  req: Request;
  res: Response;
  body: B;
  query: Q;
  params: P;
  user: AuthUser;
}

/** A handler may return a body (sent with the route's status) or a Reply for another status or headers. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

/**
 * One route: its contract (schemas, statuses) and its handler. The same object mounts the
 * route on Express and describes it in the OpenAPI document, so the two cannot drift apart.
 */
export interface RouteSpec<
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
> {
  method: Method;
  path: string;
  summary: string;
  tags: string[];
  /**
   * Whether a bearer token is required (default true). "public": readable without one too — a
   * request without a token is rate-limited per network, one with a token is checked as usual.
   */
  auth?: boolean | "public";
  /**
   * Seconds shared caches may keep a public read (`Cache-Control: public, max-age`); Express adds
   * the ETag and answers a matching If-None-Match with 304.
   */
  cacheSeconds?: number;
  body?: B;
  query?: Q;
  params?: P;
  /** The success status (default 200) and its body schema. */
  status?: number;
  response?: z.ZodType;
  /** Other statuses this route answers with, for the document (errors share one schema). */
  errors?: number[];
  /**
   * The handler answers with objects shared by many requests and never changed (a cached page):
   * each is serialised once, with its ETag, while it is shared (see sendShared).
   */
  sharedBodies?: boolean;
  /** Extra content types the body may come in (application/json is always accepted). */
  bodyContentTypes?: string[];
  handler: (ctx: RouteContext<z.infer<B>, z.infer<Q>, z.infer<P>>) => Promise<unknown> | unknown;
}

export function defineRoute<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType>(
  spec: RouteSpec<B, Q, P>,
): RouteSpec {
  return spec as unknown as RouteSpec;
}

export type Authenticate = (req: Request, res: Response) => Promise<AuthUser | undefined>;
/** Counts one anonymous read of a public route by the client at `ip`; throws the 429 when over. */
export type AnonymousReadLimit = (ip: string) => Promise<void>;

/** Mounts specs on a router; express paths use `:param`, as the document shows `{param}`. */
export function mountRoutes(
  router: Router,
  routes: RouteSpec[],
  authenticate: Authenticate,
  anonymousReadLimit: AnonymousReadLimit,
): void {
  for (const spec of routes) {
    router[spec.method](spec.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        let user: AuthUser | undefined;
        if (spec.auth !== false) {
          // A bad token on a public route is still a 401: no header is anonymous, a wrong one is not.
          user = await authenticate(req, res);
          if (!user && spec.auth !== "public") throw unauthorized();
          if (!user) await anonymousReadLimit(req.ip ?? "unknown");
          // For the request's log line (http/requestLog.ts).
          else res.locals.userId = user.id;
        }
        const body = spec.body ? parseInput(spec.body, req.body ?? {}, "request body") : undefined;
        const query = spec.query ? parseInput(spec.query, req.query, "query") : undefined;
        const params = spec.params ? parseInput(spec.params, req.params, "path") : undefined;
        const result = await spec.handler({ req, res, body, query, params, user: user as AuthUser });
        if (res.headersSent) return;
        // Successes only: an error must not be kept by a cache.
        if (spec.cacheSeconds !== undefined) res.setHeader("Cache-Control", `public, max-age=${spec.cacheSeconds}`);
        if (result instanceof Reply) {
          for (const [k, v] of Object.entries(result.headers)) res.setHeader(k, v);
          if (result.body === undefined) res.status(result.status).end();
          else res.status(result.status).json(result.body);
          return;
        }
        if (result === undefined) res.status(spec.status ?? 204).end();
        else if (spec.sharedBodies && typeof result === "object" && result !== null)
          sendShared(res.status(spec.status ?? 200), result);
        else res.status(spec.status ?? 200).json(result);
      } catch (err) {
        next(err);
      }
    });
  }
}

/** Shared bodies as sent: kept as long as the body object itself is (a new page is a new object). */
const serialized = new WeakMap<object, { bytes: Buffer; etag: string | undefined }>();

/**
 * Sends a shared body as `res.json` would (same bytes, type and ETag, 304 on a matching
 * If-None-Match), but serialises it and hashes its ETag once for all the requests that share it:
 * the top 100 of a board is ~12 KB of JSON, which cost more than the rest of its request.
 */
function sendShared(res: Response, body: object): void {
  let sent = serialized.get(body);
  if (!sent) {
    const bytes = Buffer.from(JSON.stringify(body));
    // Express's own ETag function (undefined when the app turned ETags off).
    const etagOf = res.app.get("etag fn") as ((body: Buffer) => string) | undefined;
    sent = { bytes, etag: etagOf?.(bytes) };
    serialized.set(body, sent);
  }
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  if (sent.etag) res.setHeader("ETag", sent.etag);
  res.send(sent.bytes);
}
