import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { loadConfig } from "../src/config.ts";

// No container engine runs here: these tests check the deployment files' shape and that each
// replica's environment passes the server's own configuration check, not that Docker ran them.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
}

const compose = parse(read("docker-compose.yml"), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const replicas = ["server1", "server2"] as const;

/** What `docker compose` would substitute for ${VAR}, ${VAR:-default} and ${VAR:?message}. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::[-?]([^}]*))?\}/g, (_m, name: string, fallback: string | undefined) => {
    return vars[name] ?? fallback ?? "";
  });
}

describe("docker-compose deployment", () => {
  it("when parsed, then it has postgres, redis, two server replicas and a proxy", () => {
    assert.deepEqual(Object.keys(services).sort(), ["postgres", "proxy", "redis", "server1", "server2"]);
    assert.match(services.postgres!.image!, /^postgres:/);
    assert.match(services.redis!.image!, /^redis:/);
    for (const name of replicas) assert.ok(services[name]!.build, `${name} is built from the Dockerfile`);
  });

  it("when the replicas' environment is given JWT_SECRET, then the server's own config check accepts it in production", () => {
    const addresses = new Set<string>();
    for (const name of replicas) {
      const raw = services[name]!.environment!;
      const env = Object.fromEntries(
        Object.entries(raw).map(([k, v]) => [k, interpolate(String(v), { JWT_SECRET: "0123456789abcdef".repeat(3) })]),
      );
      const config = loadConfig(env);
      assert.equal(config.NODE_ENV, "production");
      assert.equal(config.PORT, 2567);
      assert.match(config.DATABASE_URL!, /^postgres:\/\/.*@postgres:5432\//);
      assert.match(config.REDIS_URL!, /^redis:\/\/redis:6379/);
      assert.ok(config.PUBLIC_ADDRESS, `${name} has a PUBLIC_ADDRESS`);
      addresses.add(config.PUBLIC_ADDRESS);
    }
    assert.equal(addresses.size, replicas.length, "each replica has its own PUBLIC_ADDRESS");
  });

  it("when JWT_SECRET is not set, then compose refuses to start instead of using a default", () => {
    for (const name of replicas) assert.match(services[name]!.environment!.JWT_SECRET!, /^\$\{JWT_SECRET:\?/);
  });

  it("when metrics are scraped, then each replica serves them on an unpublished METRICS_PORT that deploy/prometheus.yml targets", () => {
    const scrape = parse(read("deploy/prometheus.yml")) as {
      scrape_configs: { static_configs: { targets: string[] }[] }[];
    };
    const targets = scrape.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    for (const name of replicas) {
      const port = services[name]!.environment!.METRICS_PORT;
      assert.match(String(port), /^\d+$/);
      assert.ok(targets.includes(`${name}:${port}`), `${name}:${port} is scraped`);
      assert.equal(services[name]!.ports, undefined, `${name} publishes no port`);
    }
  });

  it("when services start, then replicas wait for healthy postgres and redis and are checked on /readyz", () => {
    for (const name of replicas) {
      const s = services[name]!;
      assert.equal(s.depends_on?.postgres?.condition, "service_healthy");
      assert.equal(s.depends_on?.redis?.condition, "service_healthy");
      assert.match(s.healthcheck!.test.join(" "), /\/readyz/);
    }
    assert.equal(services.server2!.depends_on?.server1?.condition, "service_healthy", "one replica migrates first");
    for (const name of ["postgres", "redis", "proxy"])
      assert.ok(services[name]!.healthcheck, `${name} has a health check`);
  });

  it("when the proxy routes, then port 2567 is published and each replica's address prefix reaches it over WebSocket", () => {
    const proxy = services.proxy!;
    assert.deepEqual(proxy.ports, ["2567:80"]);
    assert.ok(proxy.volumes?.some((v) => v.startsWith("./deploy/nginx.conf:")));
    const nginx = read("deploy/nginx.conf");
    assert.match(nginx, /proxy_set_header Upgrade \$http_upgrade/);
    assert.match(nginx, /proxy_set_header Connection \$connection_upgrade/);
    for (const [i, name] of replicas.entries()) {
      const prefix = `s${i + 1}`;
      assert.match(services[name]!.environment!.PUBLIC_ADDRESS!, new RegExp(`/${prefix}$`));
      assert.match(nginx, new RegExp(`location /${prefix}/ \\{\\s*proxy_pass http://${name}:2567/;`));
      assert.match(nginx, new RegExp(`server ${name}:2567`));
    }
  });

  it("when the image is built, then it runs Node 22 in production mode and drains on SIGTERM", () => {
    const dockerfile = read("Dockerfile");
    assert.match(dockerfile, /^FROM node:22/m);
    assert.match(dockerfile, /NODE_ENV=production/);
    assert.match(dockerfile, /STOPSIGNAL SIGTERM/);
    assert.match(dockerfile, /CMD \["node", "--import", "tsx", "server\/src\/main.ts"\]/);
  });
});
