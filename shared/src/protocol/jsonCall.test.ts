import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { callJson, contractError } from "./jsonCall.ts";

describe("callJson (the REST call of the client, the CLI and the load scripts)", () => {
  let server: Server;
  let base: string;
  let seen: { method?: string; authorization?: string; contentType?: string; body: string }[] = [];

  before(async () => {
    server = createServer(async (req: IncomingMessage, res) => {
      let body = "";
      for await (const chunk of req) body += chunk;
      seen.push({
        method: req.method,
        authorization: req.headers.authorization,
        contentType: req.headers["content-type"],
        body,
      });
      if (req.url === "/empty") return void res.writeHead(204).end();
      if (req.url === "/html") return void res.writeHead(502, { "content-type": "text/html" }).end("<h1>bad</h1>");
      if (req.url === "/refused") {
        return void res
          .writeHead(422, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { code: "INSUFFICIENT_FUNDS", message: "Not enough coins" } }));
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ echo: body }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen = [];
  });

  it("when a body and a token are given, then they go as JSON with a bearer header and the JSON answer comes back", async () => {
    const res = await callJson(`${base}/ok`, { method: "POST", token: "t0k", body: { gems: 2 } });
    assert.equal(res.status, 200);
    assert.equal(res.ok, true);
    assert.deepEqual(res.body, { echo: '{"gems":2}' });
    assert.deepEqual(seen, [
      { method: "POST", authorization: "Bearer t0k", contentType: "application/json", body: '{"gems":2}' },
    ]);
  });

  it("when neither is given, then no authorization, no content type and no body are sent", async () => {
    await callJson(`${base}/ok`, { method: "GET", token: null });
    assert.deepEqual(seen, [{ method: "GET", authorization: undefined, contentType: undefined, body: "" }]);
  });

  it("when the answer is empty or not JSON, then the body is undefined and the text is kept", async () => {
    const empty = await callJson(`${base}/empty`, { method: "DELETE" });
    assert.deepEqual([empty.status, empty.body, empty.text], [204, undefined, ""]);
    const html = await callJson(`${base}/html`, { method: "GET" });
    assert.deepEqual([html.status, html.ok, html.body, html.text], [502, false, undefined, "<h1>bad</h1>"]);
    assert.deepEqual(contractError(html), {});
  });

  it("when the server refuses in the contract's shape, then contractError gives its code and message", async () => {
    const res = await callJson(`${base}/refused`, { method: "POST", body: {} });
    assert.equal(res.ok, false);
    assert.deepEqual(contractError(res), { code: "INSUFFICIENT_FUNDS", message: "Not enough coins" });
  });
});
