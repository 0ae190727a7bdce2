import assert from "node:assert/strict";
import { api, newUser } from "./support/api.ts";
import { adminUser, createChallenge } from "./challengesFixtures.ts";

const ctf = (title: string) => ({
  type: "CTF",
  title,
  description: "Find the flag.",
  difficulty: 1,
  xpReward: 10,
  coinReward: 5,
  answer: "flag{x}",
});

async function queue(token: string, status = "pending") {
  const items: { id: string; creatorName: string | null; reviewedAt: string | null; creatorId: string | null }[] = [];
  for (let offset: number | null = 0; offset !== null; ) {
    const res: { status: number; body: any } = await api(
      "GET",
      `/api/admin/challenges?status=${status}&limit=100&offset=${offset}`,
      { token },
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    items.push(...res.body.items);
    offset = res.body.nextOffset;
  }
  return items;
}

describe("challenge review (admin)", () => {
  it("when a player made a challenge, then only admins see it in the review queue, with its creator", async () => {
    const admin = await adminUser();
    const player = await newUser("maker");
    const made = await createChallenge(player.token, ctf("Player made"));
    const byAdmin = await createChallenge(admin.token, ctf("Admin made"));
    const pending = await queue(admin.token);
    const entry = pending.find((c) => c.id === made.id);
    assert.ok(entry);
    assert.equal(entry.creatorName, player.username);
    assert.equal(entry.reviewedAt, null);
    assert.ok(!pending.some((c) => c.id === byAdmin.id), "an admin's challenge needs no review");
    assert.ok(pending.every((c) => c.creatorId !== null || c.creatorName === null));
    const refused = await api("GET", "/api/admin/challenges", { token: player.token });
    assert.equal(refused.status, 403);
    const review = await api("POST", `/api/admin/challenges/${made.id}/review`, {
      token: player.token,
      body: { decision: "hide" },
    });
    assert.equal(review.status, 403);
    assert.equal((await api("GET", `/api/game/challenges/${made.id}`, { token: player.token })).status, 200);
  });

  it("when an admin approves a challenge, then it leaves the pending queue and stays listed", async () => {
    const admin = await adminUser();
    const player = await newUser("maker");
    const made = await createChallenge(player.token, ctf("To approve"));
    const res = await api("POST", `/api/admin/challenges/${made.id}/review`, {
      token: admin.token,
      body: { decision: "approve" },
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.decision, "approve");
    assert.ok(!(await queue(admin.token)).some((c) => c.id === made.id));
    assert.ok((await queue(admin.token, "approved")).some((c) => c.id === made.id));
    assert.equal((await api("GET", `/api/game/challenges/${made.id}`, { token: player.token })).status, 200);
  });

  it("when an admin hides a challenge, then it is gone from lists and reads, and cannot be attempted", async () => {
    const admin = await adminUser();
    const player = await newUser("maker");
    const made = await createChallenge(player.token, ctf("To hide"));
    const res = await api("POST", `/api/admin/challenges/${made.id}/review`, {
      token: admin.token,
      body: { decision: "hide" },
    });
    assert.equal(res.status, 200);
    assert.equal((await api("GET", `/api/game/challenges/${made.id}`, { token: player.token })).status, 404);
    assert.ok(!(await queue(admin.token, "all")).some((c) => c.id === made.id));
    const solver = await newUser("solver");
    const attempt = await api("POST", "/api/game/attempts", { token: solver.token, body: { challengeId: made.id } });
    assert.equal(attempt.status, 404);
    const again = await api("POST", `/api/admin/challenges/${made.id}/review`, {
      token: admin.token,
      body: { decision: "approve" },
    });
    assert.equal(again.status, 404);
  });

  it("when a review names no decision or an unknown one, then 400", async () => {
    const admin = await adminUser();
    const player = await newUser("maker");
    const made = await createChallenge(player.token, ctf("Bad review"));
    for (const body of [{}, { decision: "delete" }, { decision: "approve", extra: 1, nested: { a: 1 } }]) {
      const res = await api("POST", `/api/admin/challenges/${made.id}/review`, { token: admin.token, body });
      if ("extra" in body) assert.equal(res.status, 200);
      else assert.equal(res.status, 400, JSON.stringify(body));
    }
  });
});
