import assert from "node:assert/strict";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { pino } from "pino";
import { errorHandler } from "../src/http/errorHandler.ts";
import { api } from "./support/api.ts";
import { TEST_METRICS_TOKEN } from "./support/testServer.ts";

describe("service routes", () => {
  it("when asked for /healthz, then it answers ok", async () => {
    const res = await api("GET", "/healthz");
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { status: "ok" });
  });

  it("when the database answers, then /readyz is 200", async () => {
    const res = await api("GET", "/readyz");
    assert.equal(res.status, 200);
    assert.equal(res.body.checks.database, "ok");
  });

  it("when a route is unknown, then 404 comes in the contract's error shape", async () => {
    const res = await api("GET", "/api/does-not-exist");
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, "NOT_FOUND");
    assert.equal(typeof res.body.error.message, "string");
  });

  it("when the JSON body is malformed, then 400 MALFORMED_JSON", async () => {
    const res = await api("POST", "/api/auth/login", {
      raw: "{not json",
      headers: { "content-type": "application/json" },
    });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, "MALFORMED_JSON");
  });

  it("when the body is over the size limit, then 413 in the error shape", async () => {
    const res = await api("POST", "/api/auth/register", { body: { username: "x".repeat(200_000) } });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, "PAYLOAD_TOO_LARGE");
  });

  it("when /metrics is scraped, then it has the HTTP histogram and room gauges", async () => {
    await api("GET", "/healthz");
    const res = await api("GET", "/metrics", { headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } });
    assert.equal(res.status, 200);
    assert.match(res.body, /http_request_duration_seconds_bucket/);
    assert.match(res.body, /colyseus_rooms/);
    assert.match(res.body, /process_cpu_user_seconds_total/);
  });

  it("when the OpenAPI document is fetched, then it lists every Auth and Service route", async () => {
    const res = await api("GET", "/api/openapi.json");
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, "3.0.3");
    for (const [path, method] of [
      ["/healthz", "get"],
      ["/readyz", "get"],
      ["/metrics", "get"],
      ["/api/auth/register", "post"],
      ["/api/auth/login", "post"],
      ["/api/auth/refresh", "post"],
      ["/api/auth/logout", "post"],
      ["/api/auth/me", "get"],
    ] as const) {
      assert.ok(res.body.paths[path]?.[method], `${method.toUpperCase()} ${path} documented`);
    }
    assert.ok(
      res.body.paths["/api/auth/register"].post.requestBody.content["application/json"].schema.properties.username,
    );
    for (const [path, method, status] of [
      ["/healthz", "get", "200"],
      ["/readyz", "get", "200"],
      ["/api/auth/register", "post", "201"],
      ["/api/auth/login", "post", "200"],
      ["/api/auth/refresh", "post", "200"],
      ["/api/auth/me", "get", "200"],
    ] as const) {
      const schema = res.body.paths[path][method].responses[status]?.content?.["application/json"]?.schema;
      assert.ok(schema?.properties, `${method.toUpperCase()} ${path} documents its ${status} body`);
    }
    for (const path of ["/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout"]) {
      assert.ok(res.body.paths[path].post.requestBody.content["application/json"].schema.properties, path);
    }
    assert.ok(
      res.body.paths["/api/auth/login"].post.requestBody.content["application/x-www-form-urlencoded"],
      "login documents the OAuth2 form",
    );
    assert.ok(res.body.paths["/api/auth/logout"].post.responses["204"]);
  });

  it("when /api/docs is opened, then a browsable page loads the document", async () => {
    const res = await api("GET", "/api/docs");
    assert.equal(res.status, 200);
    assert.match(res.body, /swagger-ui/);
  });

  it("when any route answers, then helmet's security headers are on it; the CSP on pages only", async () => {
    for (const path of ["/healthz", "/api/game/leaderboard", "/api/nope"]) {
      const res = await api("GET", path);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
      assert.ok(res.headers.get("strict-transport-security"), path);
      assert.equal(res.headers.get("x-frame-options"), "SAMEORIGIN", path);
      assert.equal(res.headers.get("x-powered-by"), null, path);
      assert.equal(res.headers.get("content-security-policy"), null, `${path}: JSON needs no CSP`);
    }
    for (const path of ["/api/docs", "/api/docs/", "/some/client/route"]) {
      const res = await api("GET", path);
      assert.equal(res.headers.get("x-content-type-options"), "nosniff", path);
      assert.match(res.headers.get("content-security-policy") ?? "", /default-src 'self'/, path);
      // Served over plain HTTP too (TLS is the proxy's job): the page must not upgrade its own assets.
      assert.doesNotMatch(res.headers.get("content-security-policy") ?? "", /upgrade-insecure-requests/, path);
    }
  });

  it("when an allowed origin calls, then CORS allows it; when another origin calls, then no CORS header", async () => {
    const allowed = await api("GET", "/healthz", { headers: { origin: "http://localhost:5173" } });
    assert.equal(allowed.headers.get("access-control-allow-origin"), "http://localhost:5173");
    const refused = await api("GET", "/healthz", { headers: { origin: "https://evil.example" } });
    assert.equal(refused.headers.get("access-control-allow-origin"), null);
  });

  it("when a browser preflights the matchmaker, then only CORS_ORIGINS are allowed there too", async () => {
    const preflight = (origin: string) =>
      api("OPTIONS", "/matchmake/joinOrCreate/hub", {
        headers: { origin, "access-control-request-method": "POST" },
      });
    const allowed = await preflight("http://localhost:5173");
    assert.equal(allowed.headers.get("access-control-allow-origin"), "http://localhost:5173");
    const refused = await preflight("https://evil.example");
    assert.equal(refused.headers.get("access-control-allow-origin"), null);
  });

  it("when a handler fails unexpectedly, then the answer is a bare 500 INTERNAL without internals", async () => {
    const app = express();
    app.get("/boom", () => {
      throw new Error("connection to postgres://admin:hunter2@db failed at /srv/app/secret.ts:12");
    });
    app.use(errorHandler(pino({ level: "silent" })));
    const server = http.createServer(app).listen(0, "127.0.0.1");
    await once(server, "listening");
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/boom`);
      assert.equal(res.status, 500);
      const body = await res.text();
      assert.deepEqual(JSON.parse(body), { error: { code: "INTERNAL", message: "Internal server error" } });
      assert.doesNotMatch(body, /hunter2|postgres|secret\.ts/);
    } finally {
      server.close();
    }
  });
});
