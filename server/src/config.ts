import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, "must be a duration such as 900s, 15m, 24h or 30d")
  .transform(parseDurationSeconds);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(2567),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z.url().optional(),
  DATA_DIR: z.string().default("./data"),
  REDIS_URL: z.url().optional(),
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
    ),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PUBLIC_ADDRESS: z.string().optional(),
  BODY_LIMIT: z.string().default("100kb"),
  BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(10),
  /** Milliseconds a draining process waits for rooms to finish before it persists and exits. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
});

export type Env = z.infer<typeof envSchema>;
export type Config = Omit<Env, "JWT_SECRET"> & { JWT_SECRET: string };

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
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const cfg = parsed.data;
  return { ...cfg, JWT_SECRET: resolveJwtSecret(cfg) };
}

function resolveJwtSecret(cfg: Env): string {
  if (cfg.JWT_SECRET !== undefined) {
    if (cfg.JWT_SECRET.length < 32) {
      if (cfg.NODE_ENV === "production") {
        throw new ConfigError("invalid configuration:\n  JWT_SECRET: must be at least 32 characters in production");
      }
    }
    return cfg.JWT_SECRET;
  }
  if (cfg.NODE_ENV === "production") {
    throw new ConfigError("invalid configuration:\n  JWT_SECRET: required in production (at least 32 characters)");
  }
  const file = path.join(cfg.DATA_DIR, "jwt-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(cfg.DATA_DIR, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
