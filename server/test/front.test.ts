import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { errorBodySchema } from "@levelup/shared";
import { type Front, startFront } from "../src/cluster/front.ts";
import { bodyLimitBytes } from "../src/http/serverLimits.ts";
import { testServer } from "./support/testServer.ts";

const MB = 1024 * 1024;

/**
 * POSTs up to `totalBytes` to `url` in 64 KB chunks, chunked or with a declared length, and stops
 * writing once an answer arrives. Resolves with the answer and how much was written.
 */
function postHuge(
  url: string,
  totalBytes: number,
  declareLength: boolean,
): Promise<{ status: number; body: string; written: number }> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, "a");
    let written = 0;
    let answered = false;
    const req = http.request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(declareLength ? { "content-length": String(totalBytes) } : { "transfer-encoding": "chunked" }),
      },
    });
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.on("data", (d: Buffer) => {
        body += d.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, written }));
    });
    req.on("error", (err) => {
      // The front may close while we still write; only a missing answer is a failure.
      if (!answered) setTimeout(() => (answered ? undefined : reject(err)), 5_000);
    });
    const pump = () => {
      while (!answered && written < totalBytes) {
        written += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe("cluster front: the same limits as a server process", function () {
  this.timeout(180_000);
  let front: Front;
  let limit: number;

  before(async () => {
    const { server } = await testServer();
    limit = bodyLimitBytes(server.ctx.config.BODY_LIMIT);
    front = await startFront({
      port: 0,
      host: "127.0.0.1",
      bodyLimitBytes: limit,
      backends: [{ name: "s1", host: "127.0.0.1", port: server.port }],
    });
  });
  after(async () => {
    await front?.close();
  });

  for (const declareLength of [true, false]) {
    it(`when 4 clients POST 250 MB (${declareLength ? "declared length" : "chunked"}), then each gets 413 in the contract's shape and the front's memory stays flat`, async () => {
      global.gc?.();
      const before = process.memoryUsage().rss;
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => postHuge(`${front.url}/api/auth/register`, 250 * MB, declareLength)),
      );
      const grown = process.memoryUsage().rss - before;
      for (const a of answers) {
        assert.equal(a.status, 413, a.body);
        const parsed = errorBodySchema.safeParse(JSON.parse(a.body));
        assert.ok(parsed.success, a.body);
        assert.equal(parsed.data.error.code, "PAYLOAD_TOO_LARGE");
        assert.ok(a.written < 250 * MB, "the front answered before the whole body was sent");
      }
      assert.ok(grown < 100 * MB, `the front grew by ${Math.round(grown / MB)} MB`);
    });
  }

  it("when a request fits, then its body streams through to a process and back", async () => {
    const username = `fr_${randomBytes(5).toString("hex")}`;
    const res = await fetch(`${front.url}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, email: `${username}@example.test`, password: "password123" }),
    });
    assert.equal(res.status, 201);
    const body = (await res.json()) as { user: { username: string } };
    assert.equal(body.user.username, username);
  });

  it("when a header is over 16 KB, then the front and a process both answer 431 in the contract's shape", async () => {
    const { server } = await testServer();
    for (const base of [front.url, server.url]) {
      const res = await rawGet(base, { "x-padding": "a".repeat(20 * 1024) });
      assert.equal(res.status, 431, `${base}: ${res.body}`);
      const parsed = errorBodySchema.safeParse(JSON.parse(res.body));
      assert.ok(parsed.success, res.body);
      assert.equal(parsed.data.error.code, "HEADERS_TOO_LARGE");
    }
  });
});

/** A GET with raw headers (fetch refuses some), answered as status and text. */
function rawGet(base: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}/healthz`, { headers }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => {
        body += d.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}
