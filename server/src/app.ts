import http from "node:http";
import type { AddressInfo } from "node:net";
import { LocalPresence, matchMaker, type Presence, Server } from "@colyseus/core";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { Redis } from "ioredis";
import { type Config, ConfigError } from "./config.ts";
import type { AppContext } from "./context.ts";
import { type Database, openDatabase } from "./db/client.ts";
import { contentSets } from "./db/content/index.ts";
import { loadContent } from "./db/content/loader.ts";
import { createExpressApp, restrictMatchmakingCors } from "./http/expressApp.ts";
import { matchmakingInContractShape } from "./http/matchmakingErrors.ts";
import { answerClientErrorsInShape, bodyLimitBytes, httpServerOptions } from "./http/serverLimits.ts";
import { Metrics } from "./metrics.ts";
import { allRoutes } from "./http/routes/index.ts";
import { createLogger, type Logger } from "./logger.ts";
import { handOffRooms, startClusterSweep, subscribeRoomHandoff } from "./realtime/clusterHealth.ts";
import { rebuildLostRooms } from "./realtime/clusterRecovery.ts";
import { LoadPlacement } from "./realtime/placement.ts";
import { GameTransport } from "./realtime/gameTransport.ts";
import { redisConnection } from "./realtime/redisConnection.ts";
import { defineRooms } from "./rooms/index.ts";
import { setRoomDeps } from "./rooms/roomDeps.ts";
import { createContext } from "./services/index.ts";

export interface RunningServer {
  port: number;
  /** http://host:port of this process. */
  url: string;
  ctx: AppContext;
  gameServer: Server;
  httpServer: http.Server;
  /** Drains and stops: no new seats, rooms persist or finish, requests complete, pools close. */
  stop(): Promise<void>;
}

/**
 * Starts one process of the game: database (migrated, content loaded), Redis when configured,
 * Express and Colyseus on one HTTP server and port. Colyseus' matchmaker is process-global,
 * so a process runs at most one of these.
 */
export async function startServer(config: Config, opts: { logger?: Logger } = {}): Promise<RunningServer> {
  const logger = opts.logger ?? createLogger(config.LOG_LEVEL, config.LOG_FORMAT);
  if (config.REDIS_URL) await assertRedisReachable(config.REDIS_URL);
  const metrics = new Metrics();
  const database = await openStorage(config, logger, metrics);

  // Auto-pipelining: the commands issued in one tick go out in one write. Without it every command
  // was its own system call, 3 s of a 33 s dungeon-load profile (README, Performance notes).
  const pipelined = { enableAutoPipelining: true };
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { ...pipelined, maxRetriesPerRequest: 2 }) : undefined;
  redis?.on("error", (err) => logger.warn({ err }, "redis connection error"));
  // Colyseus' Redis classes take options, not a URL with options (and bring their own ioredis, so
  // not our client either). ioredis never pipelines (un)subscribe, so the presence's subscriber
  // connection is safe with the same options.
  const presence: Presence = config.REDIS_URL
    ? new RedisPresence({ ...redisConnection(config.REDIS_URL), ...pipelined })
    : new LocalPresence();
  // When a full room type (a hub at HUB_ROOM_SIZE) rolls over, every join arriving meanwhile waits
  // on one `concurrent:<room>:` channel for the new room: hundreds of listeners on one topic are
  // expected there, not a leak (Node warned at 11). Each waiter leaves within the matchmaker's timeout.
  presence.setMaxListeners(0);
  const driver = config.REDIS_URL ? new RedisDriver({ ...redisConnection(config.REDIS_URL), ...pipelined }) : undefined;

  const ctx = createContext({ config, logger, database, redis, presence, metrics });
  await ctx.sessions.start();
  await ctx.playerCaches.start();
  await ctx.leaderboard.start();
  setRoomDeps(ctx);

  let draining = false;
  const app = createExpressApp(
    ctx,
    metrics,
    allRoutes(ctx, metrics, () => draining),
  );
  restrictMatchmakingCors(config.CORS_ORIGINS);
  const httpServer = http.createServer(httpServerOptions, app);
  answerClientErrorsInShape(httpServer);
  // Keep-alive pings spread over their interval: no pass over every socket in one tick.
  const transport = new GameTransport({ server: httpServer });
  const gameServer = new Server({
    transport,
    presence,
    ...(driver ? { driver } : {}),
    ...(config.PUBLIC_ADDRESS ? { publicAddress: config.PUBLIC_ADDRESS } : {}),
    gracefullyShutdown: false,
    greet: false,
    // Colyseus' own errors (a room hook that threw, a bad upgrade) go to our log, at its level,
    // instead of straight to the console.
    logger,
    // New rooms go to the process with the fewest clients, not the fewest rooms.
    selectProcessIdToCreateRoom: new LoadPlacement({
      fetchStats: () => matchMaker.stats.fetchAll(),
      processId: () => matchMaker.processId,
    }).select,
  });
  defineRooms(gameServer);
  await gameServer.listen(config.PORT, config.HOST);
  matchmakingInContractShape(httpServer, bodyLimitBytes(config.BODY_LIMIT));
  const port = (httpServer.address() as AddressInfo).port;
  const metricsServer =
    config.METRICS_PORT === undefined ? undefined : await metrics.listen(config.METRICS_PORT, config.HOST);
  logger.info({ port, database: database.kind, redis: Boolean(redis) }, "LevelUP Coder server listening");
  // Several processes (Redis): bound the life of a dead peer's rooms and rebuild what they held.
  const onRoomsLost = rebuildLostRooms(ctx);
  const stopClusterSweep = driver ? startClusterSweep({ logger, onRoomsLost }) : undefined;
  const stopHandoff = driver ? await subscribeRoomHandoff(onRoomsLost, logger) : undefined;

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      draining = true;
      stopClusterSweep?.();
      stopHandoff?.();
      const held = driver ? await matchMaker.query({ processId: matchMaker.processId }) : [];
      // Rooms get onBeforeShutdown/onDispose here: they finish or persist what they hold.
      await gameServer.gracefullyShutdown(false);
      // Their last batched battle actions are stored before the process goes.
      await ctx.dungeons.flushActions().catch((err) => logger.warn({ err }, "battle action flush failed"));
      // What they persisted unfinished is rebuilt by a live process.
      if (redis) await handOffRooms(redis, held).catch((err) => logger.warn({ err }, "room handoff failed"));
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeIdleConnections();
      });
      metricsServer?.close();
      await ctx.refusals.stop();
      await ctx.sessions.stop();
      await ctx.playerCaches.stop();
      await ctx.leaderboard.stop();
      await redis?.quit().catch(() => {});
      await database.close();
      setRoomDeps(undefined);
      logger.info("server stopped");
    })();
    return stopping;
  };

  return { port, url: `http://127.0.0.1:${port}`, ctx, gameServer, httpServer, stop };
}

/**
 * Opens the configured database, applies the migrations and loads the game content (idempotent);
 * with `metrics`, every statement's time is recorded by name.
 */
export async function openStorage(config: Config, logger: Logger, metrics?: Metrics): Promise<Database> {
  let database: Database;
  try {
    database = await openDatabase({
      url: config.DATABASE_URL,
      dataDir: config.DATA_DIR,
      ...(metrics ? { onQuery: (name: string, s: number) => metrics.dbQuerySeconds.observe({ query: name }, s) } : {}),
    });
  } catch (err) {
    const where = config.DATABASE_URL ? "DATABASE_URL" : "DATA_DIR";
    throw new ConfigError(`${where}: cannot open the database: ${(err as Error).message}`, { cause: err });
  }
  const loaded = await loadContent(database.db, contentSets);
  if (loaded.length > 0) logger.info({ sets: loaded }, "game content loaded");
  return database;
}

/**
 * Fails start-up within seconds when REDIS_URL is set but Redis does not answer: every Redis
 * client below (Colyseus presence and driver included) would otherwise retry for a long time
 * and the process would sit half-started. Once running, losing Redis shows in /readyz instead.
 */
async function assertRedisReachable(url: string): Promise<void> {
  const probe = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (err) {
    const { host } = new URL(url);
    throw new ConfigError(`REDIS_URL: Redis at ${host} is unreachable: ${(err as Error).message}`, { cause: err });
  } finally {
    probe.disconnect();
  }
}
