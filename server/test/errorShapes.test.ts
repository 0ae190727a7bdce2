import assert from "node:assert/strict";
import { errorBodySchema } from "@levelup/shared";
import { api, newUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

const matchmake = (path: string, init: { token?: string; raw?: string; headers?: Record<string, string> } = {}) =>
  api("POST", `/matchmake/${path}`, {
    raw: init.raw ?? "{}",
    token: init.token,
    headers: { "content-type": "application/json", ...init.headers },
  });

function assertShape(res: { status: number; body: any }, status: number, what: string) {
  assert.equal(res.status, status, `${what}: ${JSON.stringify(res.body)}`);
  const parsed = errorBodySchema.safeParse(res.body);
  assert.ok(parsed.success, `${what}: not the contract's shape: ${JSON.stringify(res.body)}`);
  assert.match(parsed.data.error.code, /^[A-Z_]+$/, `${what}: a stable code`);
  assert.ok(parsed.data.error.message.length > 0);
}

describe("error shapes: matchmaking and the HTTP layer", () => {
  before(async function () {
    this.timeout(180_000);
    await testServer();
  });

  it("when matchmaking fails (unknown room, broken JSON, unknown method), then every answer is in the contract's shape", async () => {
    const user = await newUser("mm");
    const unknown = await matchmake("joinOrCreate/no_such_room", { token: user.token });
    assertShape(unknown, unknown.status, "unknown room");
    assert.ok(unknown.status >= 400 && unknown.status < 500, `${unknown.status}`);
    assert.equal(unknown.body.error.code, "NOT_FOUND");
    const broken = await matchmake("joinOrCreate/hub", { token: user.token, raw: "{bad" });
    assertShape(broken, 400, "broken JSON");
    const badMethod = await matchmake("nonsense/hub", { token: user.token });
    assertShape(badMethod, badMethod.status, "unknown method");
  });

  it("when a matchmaking body is over the body limit, then 413 in the contract's shape", async () => {
    const user = await newUser("mmbig");
    const res = await matchmake("joinOrCreate/hub", {
      token: user.token,
      raw: JSON.stringify({ x: "a".repeat(2_000_000) }),
    });
    assertShape(res, 413, "huge body");
  });

  it("when matchmaking succeeds, then the seat reservation is unchanged", async () => {
    const user = await newUser("mmok");
    const res = await matchmake("joinOrCreate/hub", { token: user.token });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(res.body.sessionId);
  });
});
