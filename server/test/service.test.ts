import assert from "node:assert/strict";
import { api } from "./support/api.ts";

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
    const res = await api("GET", "/metrics");
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
  });

  it("when /api/docs is opened, then a browsable page loads the document", async () => {
    const res = await api("GET", "/api/docs");
    assert.equal(res.status, 200);
    assert.match(res.body, /swagger-ui/);
  });
});
