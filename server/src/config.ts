import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CLASH_COUNTDOWN_MS, CLASH_RECONNECT_MS, clashModeSchema } from "@levelup/shared";
import { z } from "zod";

const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, "must be a duration such as 900s, 15m, 24h or 30d")
  .transform(parseDurationSeconds);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(2567),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" }).optional(),
  /**
   * Where the embedded database and the generated JWT secret live; "memory://" keeps nothing.
   * Default ./data outside production; production on the embedded database must name it.
   */
  DATA_DIR: z.string().optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: "must be a redis:// URL" }).optional(),
  JWT_SECRET: z.string().optional(),
  ACCESS_TOKEN_TTL: duration.default(24 * 3600),
  REFRESH_TOKEN_TTL: duration.default(30 * 24 * 3600),
  CORS_ORIGINS: z
    .string()
    .default("http://localhost:2567,http://localhost:5173")
    .transform((s) =>
      s
        .split(",")
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url({ protocol: /^https?$/, error: "must be a comma-separated list of http(s) origins" }))),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** `pretty`: colored lines for a developer's terminal (pino-pretty, a dev dependency); `json` for operators. */
  LOG_FORMAT: z.enum(["json", "pretty"]).default("json"),
  PUBLIC_ADDRESS: z.string().optional(),
  /**
   * Which peers' X-Forwarded-For to believe for the client IP (login limits, logs), in Express'
   * "trust proxy" syntax: "loopback" for a proxy on this host, "uniquelocal" for one on a
   * private network (docker), "false" to use the socket's address.
   */
  TRUST_PROXY: z.string().default("loopback"),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, "must be a size such as 100kb or 1mb")
    .default("100kb"),
  BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(10),
  /**
   * /metrics on the public port answers only `Authorization: Bearer <METRICS_TOKEN>`; with
   * METRICS_PORT it is served on that port (keep it on a private network) and not on the public one.
   * With neither, it is not served at all.
   */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Accounts one network (an IPv4 address, an IPv6 /64) may register per hour; test harnesses raise it. */
  REGISTRATIONS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(5),
  /**
   * Seats of one hub room (every signed-in client holds one); a full hub rolls over to a new one.
   * A push costs the same in any size (clients are found by user), so this only bounds a room.
   */
  HUB_ROOM_SIZE: z.coerce.number().int().min(2).max(100_000).default(1000),
  /**
   * The secret load scripts send as `X-Bot-Registration` to register flagged bot accounts
   * (kept off the leaderboards, removed by `npm run bots:remove`). Unset: no one can register a bot.
   */
  BOT_REGISTRATION_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
  /** Reads of the public routes (challenge list, leaderboards) without a token, per network and minute. */
  PUBLIC_READS_PER_IP_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** Milliseconds a draining process waits for rooms to finish before it persists and exits. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Code clashes (docs/rooms.md, "clash"): the countdown between the start and the problem, milliseconds. */
  CLASH_COUNTDOWN_MS: z.coerce.number().int().min(0).max(60_000).default(CLASH_COUNTDOWN_MS),
  /** How long a clash player whose connection dropped keeps the seat before forfeiting, milliseconds. */
  CLASH_RECONNECT_MS: z.coerce.number().int().min(0).max(600_000).default(CLASH_RECONNECT_MS),
  /** Multiplies every clash time limit (shared/src/rules/clash.ts): below 1 for quick games and tests; never longer than 15 minutes. */
  CLASH_TIME_LIMIT_SCALE: z.coerce.number().positive().max(1).default(1),
  /** The modes a clash is drawn from, comma-separated (default: all of them). */
  CLASH_MODES: z
    .string()
    .default(clashModeSchema.options.join(","))
    .transform((s) => [...new Set(s.split(",").map((m) => m.trim()))])
    .pipe(z.array(clashModeSchema).min(1)),
});

export type Env = z.infer<typeof envSchema>;
/** Every variable the server reads (test harnesses strip them from inherited environments). */
export const configVariables = Object.keys(envSchema.shape) as (keyof Env)[];
export type Config = Omit<Env, "JWT_SECRET" | "DATA_DIR"> & { JWT_SECRET: string; DATA_DIR: string };

export class ConfigError extends Error {}

/** Parses `seconds` out of "15m", "24h", "30d", "900s" or "500ms". */
export function parseDurationSeconds(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(value);
  if (!match) throw new ConfigError(`not a duration: ${value}`);
  const n = Number(match[1]);
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as "ms" | "s" | "m" | "h" | "d"];
  return Math.max(1, Math.round(n * unit));
}

/**
 * The only reader of process.env: validates it once and fails fast, naming the variable.
 * In production a missing or weak JWT_SECRET stops the server; otherwise one is generated
 * into DATA_DIR on first start so tokens survive restarts.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`PORT=`) means unset, as shells and compose files commonly write it.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ""));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const cfg = { ...parsed.data, DATA_DIR: resolveDataDir(parsed.data) };
  return { ...cfg, JWT_SECRET: resolveJwtSecret(cfg) };
}

/**
 * Production on the embedded database must say where its data lives: a default relative to the
 * working directory is, in a container, a path nobody mounted (or may write), and PGlite's own
 * failure there does not name the variable.
 */
function resolveDataDir(env: Env): string {
  if (env.DATA_DIR !== undefined) return env.DATA_DIR;
  if (env.NODE_ENV === "production" && !env.DATABASE_URL) {
    throw new ConfigError(
      "invalid configuration:\n  DATA_DIR: required in production without DATABASE_URL (the directory, on a persistent volume, of the embedded database)",
    );
  }
  return "./data";
}

/** A secret signing tokens: long enough and not a repeated pattern such as "aaaa…". */
function isStrongSecret(secret: string): boolean {
  return secret.length >= MIN_SECRET_LENGTH && new Set(secret).size >= 10;
}

const MIN_SECRET_LENGTH = 32;

function resolveJwtSecret(cfg: Env & { DATA_DIR: string }): string {
  if (cfg.JWT_SECRET !== undefined) {
    // Outside production a short secret is tolerated for local experiments.
    if (cfg.NODE_ENV === "production" && !isStrongSecret(cfg.JWT_SECRET)) {
      throw new ConfigError(
        `invalid configuration:\n  JWT_SECRET: too weak for production (at least ${MIN_SECRET_LENGTH} characters, not a repeated pattern)`,
      );
    }
    return cfg.JWT_SECRET;
  }
  if (cfg.NODE_ENV === "production") {
    throw new ConfigError(
      `invalid configuration:\n  JWT_SECRET: required in production (at least ${MIN_SECRET_LENGTH} random characters)`,
    );
  }
  // With Redis, several processes serve one game and each must verify the others' tokens: a
  // secret generated per process (or per DATA_DIR) would make them refuse each other's, silently.
  if (cfg.REDIS_URL) {
    throw new ConfigError(
      `invalid configuration:\n  JWT_SECRET: required with REDIS_URL (every process of one game must sign with the same secret; at least ${MIN_SECRET_LENGTH} random characters)`,
    );
  }
  // An in-memory database keeps no users, so its tokens need not outlive the process either.
  if (cfg.DATA_DIR.startsWith("memory://")) return randomBytes(48).toString("base64url");
  return readOrCreateSecret(path.join(cfg.DATA_DIR, "jwt-secret"));
}

/** The secret generated into DATA_DIR on first start (readable by this user only) and reused after. */
function readOrCreateSecret(file: string): string {
  // DATA_DIR holds the secret and the embedded database: this user's only.
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    // "wx": if two processes start at once, one creates the file and the other reads it.
    writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const secret = readFileSync(file, "utf8").trim();
  if (!isStrongSecret(secret)) {
    throw new ConfigError(
      `invalid configuration:\n  JWT_SECRET: the generated secret in ${file} is damaged; delete it`,
    );
  }
  return secret;
}
