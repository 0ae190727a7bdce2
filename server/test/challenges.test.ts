import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { challengeSeeds } from "../src/content/challenges.ts";
import { challenges } from "../src/db/schema.ts";
import { adminUser, codeChallenge, createChallenge } from "./challengesFixtures.ts";
import { api, newUser } from "./support/api.ts";
import { testServer } from "./support/testServer.ts";

const ctf = (extra: Record<string, unknown> = {}) => ({
  type: "CTF",
  title: "Find the flag",
  description: "The flag is `flag{owner_test}`.",
  difficulty: 2,
  xpReward: 200,
  coinReward: 100,
  answer: "flag{owner_test}",
  ...extra,
});

describe("challenge catalogue", () => {
  it("when a new user lists challenges, then the 12 seeded ones come in pages with a cursor", async () => {
    const user = await newUser("chlist");
    const seen = new Map<string, string>();
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?type=CTF&limit=2&cursor=${cursor}` : "?type=CTF&limit=2";
      const res = await api("GET", `/api/game/challenges${query}`, { token: user.token });
      assert.equal(res.status, 200);
      assert.ok(res.body.items.length <= 2);
      for (const c of res.body.items) seen.set(c.id, c.title);
      cursor = res.body.nextCursor;
    } while (cursor);
    const seededCtf = ["Not so secret", "Caesar's shift", "Hex marks the spot"];
    for (const title of seededCtf) assert.ok([...seen.values()].includes(title), `${title} listed`);

    const all = await api("GET", "/api/game/challenges?limit=100", { token: user.token });
    const byType = new Map<string, number>();
    for (const c of all.body.items.filter((c: { creatorId: string | null }) => c.creatorId === null)) {
      byType.set(c.type, (byType.get(c.type) ?? 0) + 1);
    }
    for (const type of ["CTF", "BUG_BOUNTY", "SYSTEM_DESIGN", "CODE"]) assert.ok((byType.get(type) ?? 0) >= 3, type);
  });

  it("when filtered by type, difficulty and q, then only matching challenges come back", async () => {
    const user = await newUser("chfilter");
    const byType = await api("GET", "/api/game/challenges?type=SYSTEM_DESIGN&limit=100", { token: user.token });
    assert.ok(byType.body.items.length >= 3);
    assert.ok(byType.body.items.every((c: { type: string }) => c.type === "SYSTEM_DESIGN"));

    const byDifficulty = await api("GET", "/api/game/challenges?difficulty=3&limit=100", { token: user.token });
    assert.ok(byDifficulty.body.items.length >= 1);
    assert.ok(byDifficulty.body.items.every((c: { difficulty: number }) => c.difficulty === 3));

    const byText = await api("GET", "/api/game/challenges?q=PALINDROME", { token: user.token });
    assert.deepEqual(
      byText.body.items.map((c: { title: string }) => c.title),
      ["Palindrome, loosely"],
    );
    const wildcard = await api("GET", "/api/game/challenges?q=%25%25%25nothing-like-this", { token: user.token });
    assert.deepEqual(wildcard.body.items, []);
    const empty = await api("GET", "/api/game/challenges?q=&limit=3", { token: user.token });
    assert.equal(empty.status, 200);
    assert.equal(empty.body.items.length, 3, "an empty q filters nothing");
  });

  it("when a filter or cursor is malformed, then 400", async () => {
    const user = await newUser("chbadq");
    assert.equal((await api("GET", "/api/game/challenges?type=QUIZ", { token: user.token })).status, 400);
    assert.equal((await api("GET", "/api/game/challenges?difficulty=9", { token: user.token })).status, 400);
    assert.equal((await api("GET", "/api/game/challenges?cursor=bm90LWEtY3Vyc29y", { token: user.token })).status, 400);
    assert.equal((await api("GET", "/api/game/challenges?limit=101", { token: user.token })).status, 400);
  });

  it("when no token is sent, then the catalogue is a public read; a forged token is still 401", async () => {
    assert.equal((await api("GET", "/api/game/challenges")).status, 200);
    assert.equal((await api("GET", "/api/game/challenges", { token: "forged" })).status, 401);
  });

  it("when a user creates a challenge, then they own it and anyone can read it by id", async () => {
    const owner = await newUser("chowner");
    const created = await createChallenge(owner.token, ctf());
    assert.equal(created.creatorId, owner.id);
    assert.equal(created.type, "CTF");
    const other = await newUser("chreader");
    const read = await api("GET", `/api/game/challenges/${created.id}`, { token: other.token });
    assert.equal(read.status, 200);
    assert.equal(read.body.title, "Find the flag");
    assert.equal((await api("GET", "/api/game/challenges/not-a-uuid", { token: other.token })).status, 404);
    const unknown = "00000000-0000-4000-8000-000000000000";
    assert.equal((await api("GET", `/api/game/challenges/${unknown}`, { token: other.token })).status, 404);
  });

  it("when challenges are read, then seeded ones carry their content key (for translations) and a player's never does, even if sent", async () => {
    const user = await newUser("chkeys");
    const all = await api("GET", "/api/game/challenges?limit=100", { token: user.token });
    const seeded = all.body.items.filter((c: { creatorId: string | null }) => c.creatorId === null);
    const keys = seeded.map((c: { contentKey: string | null }) => c.contentKey).sort();
    assert.deepEqual(keys, challengeSeeds.map((s) => s.contentKey).sort());
    const forged = await api("POST", "/api/game/challenges", {
      token: user.token,
      body: { ...ctf(), contentKey: "ctf-base64" },
    });
    // Unknown body fields are dropped by the schema: the challenge is made, as the player's own.
    assert.equal(forged.status, 201);
    assert.equal(forged.body.contentKey, null);
    const read = await api("GET", `/api/game/challenges/${forged.body.id}`, { token: user.token });
    assert.equal(read.body.contentKey, null);
    assert.equal(read.body.title, "Find the flag");
  });

  it("when someone else updates or deletes a challenge, then 403 and it is unchanged", async () => {
    const owner = await newUser("chown2");
    const created = await createChallenge(owner.token, ctf());
    const intruder = await newUser("chintruder");
    const put = await api("PUT", `/api/game/challenges/${created.id}`, {
      token: intruder.token,
      body: { type: "CTF", title: "Hijacked" },
    });
    assert.equal(put.status, 403);
    assert.equal(put.body.error.code, "FORBIDDEN");
    const del = await api("DELETE", `/api/game/challenges/${created.id}`, { token: intruder.token });
    assert.equal(del.status, 403);
    const read = await api("GET", `/api/game/challenges/${created.id}`, { token: intruder.token });
    assert.equal(read.body.title, "Find the flag");
  });

  it("when the owner or an admin updates a challenge, then the change is kept", async () => {
    const owner = await newUser("chown3");
    const created = await createChallenge(owner.token, ctf());
    const byOwner = await api("PUT", `/api/game/challenges/${created.id}`, {
      token: owner.token,
      body: { type: "CTF", title: "Find the better flag", difficulty: 3 },
    });
    assert.equal(byOwner.status, 200);
    assert.equal(byOwner.body.title, "Find the better flag");
    assert.equal(byOwner.body.difficulty, 3);
    const admin = await adminUser();
    const byAdmin = await api("PUT", `/api/game/challenges/${created.id}`, {
      token: admin.token,
      body: { type: "CTF", xpReward: 5000 },
    });
    assert.equal(byAdmin.status, 200);
    assert.equal(byAdmin.body.xpReward, 5000);
  });

  it("when an update names another type, then 422 TYPE_MISMATCH", async () => {
    const owner = await newUser("chtype");
    const created = await createChallenge(owner.token, ctf());
    const res = await api("PUT", `/api/game/challenges/${created.id}`, {
      token: owner.token,
      body: { type: "BUG_BOUNTY", title: "Now a bug" },
    });
    assert.equal(res.status, 422);
    assert.equal(res.body.error.code, "TYPE_MISMATCH");
  });

  it("when a player's rewards exceed 100 XP or 50 coins per difficulty point, then 422; an admin may exceed them", async () => {
    const player = await newUser("chcap");
    const tooMuchXp = await api("POST", "/api/game/challenges", {
      token: player.token,
      body: ctf({ difficulty: 1, xpReward: 101, coinReward: 10 }),
    });
    assert.equal(tooMuchXp.status, 422);
    assert.equal(tooMuchXp.body.error.code, "REWARD_CAP_EXCEEDED");
    assert.deepEqual(tooMuchXp.body.error.details, { maxXpReward: 100, maxCoinReward: 50 });
    const tooManyCoins = await api("POST", "/api/game/challenges", {
      token: player.token,
      body: ctf({ difficulty: 3, xpReward: 300, coinReward: 151 }),
    });
    assert.equal(tooManyCoins.status, 422);
    const atTheCap = await api("POST", "/api/game/challenges", {
      token: player.token,
      body: ctf({ difficulty: 3, xpReward: 300, coinReward: 150 }),
    });
    assert.equal(atTheCap.status, 201);
    const raise = await api("PUT", `/api/game/challenges/${atTheCap.body.id}`, {
      token: player.token,
      body: { type: "CTF", difficulty: 2 },
    });
    assert.equal(raise.status, 422, "lowering the difficulty under its rewards is refused too");

    const admin = await adminUser();
    const generous = await api("POST", "/api/game/challenges", {
      token: admin.token,
      body: ctf({ difficulty: 1, xpReward: 1000, coinReward: 500 }),
    });
    assert.equal(generous.status, 201);
  });

  it("when per-type fields are missing or wrong, then 400 names them", async () => {
    const user = await newUser("chvalid");
    const cases: [Record<string, unknown>, string][] = [
      [{ ...ctf(), answer: undefined }, "answer"],
      [{ ...ctf(), answer: "   " }, "answer"],
      [{ ...ctf(), difficulty: 6 }, "difficulty"],
      [{ ...ctf(), type: "QUIZ" }, "type"],
      [
        {
          type: "SYSTEM_DESIGN",
          title: "Design",
          description: "d",
          difficulty: 1,
          xpReward: 10,
          coinReward: 5,
          choices: [
            { id: "a", text: "A" },
            { id: "b", text: "B" },
          ],
          correctChoices: ["z"],
        },
        "correctChoices",
      ],
      [codeChallenge([{ fn: "not a name()", args: [], expected: 1 }]), "tests.0.fn"],
      [codeChallenge([]), "tests"],
      [codeChallenge([{ fn: "f", args: [], expected: 1 }], { language: "python" }), "language"],
    ];
    for (const [body, field] of cases) {
      const res = await api("POST", "/api/game/challenges", { token: user.token, body });
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      const paths = res.body.error.details.fields.map((f: { path: string }) => f.path);
      assert.ok(
        paths.some((p: string) => p.startsWith(field)),
        `${field} named in ${paths}`,
      );
    }
  });

  it("when a challenge is deleted, then it leaves the catalogue but its row stays for attempts", async () => {
    const owner = await newUser("chdel");
    const created = await createChallenge(owner.token, ctf({ title: "Soon gone" }));
    const del = await api("DELETE", `/api/game/challenges/${created.id}`, { token: owner.token });
    assert.equal(del.status, 204);
    assert.equal((await api("GET", `/api/game/challenges/${created.id}`, { token: owner.token })).status, 404);
    const list = await api("GET", "/api/game/challenges?q=Soon%20gone", { token: owner.token });
    assert.deepEqual(list.body.items, []);
    const { server } = await testServer();
    const [row] = await server.ctx.db.select().from(challenges).where(eq(challenges.id, created.id));
    assert.ok(row?.deletedAt, "soft deleted");
    assert.equal((await api("DELETE", `/api/game/challenges/${created.id}`, { token: owner.token })).status, 404);
  });

  it("when a flag challenge is stored, then the database holds a salted scrypt hash, never the flag", async () => {
    const owner = await newUser("chhash");
    const a = await createChallenge(owner.token, ctf({ answer: "flag{same}" }));
    const b = await createChallenge(owner.token, ctf({ answer: "flag{same}" }));
    const { server } = await testServer();
    const rows = await server.ctx.db.select().from(challenges).where(eq(challenges.creatorId, owner.id));
    const hashes = rows.filter((r) => r.id === a.id || r.id === b.id).map((r) => r.answerHash ?? "");
    assert.equal(hashes.length, 2);
    for (const h of hashes) {
      assert.match(h, /^scrypt\$[\w-]+\$[\w-]+$/);
      assert.ok(!h.includes("flag{same}"));
    }
    assert.notEqual(hashes[0], hashes[1], "each challenge has its own salt");
  });

  it("when the OpenAPI document is read, then every challenge and attempt route is in it", async () => {
    const res = await api("GET", "/api/openapi.json");
    for (const [path, method] of [
      ["/api/game/challenges", "get"],
      ["/api/game/challenges", "post"],
      ["/api/game/challenges/{id}", "get"],
      ["/api/game/challenges/{id}", "put"],
      ["/api/game/challenges/{id}", "delete"],
      ["/api/game/challenges/submit", "post"],
      ["/api/game/attempts", "post"],
      ["/api/game/attempts", "get"],
      ["/api/game/attempts/{id}", "get"],
      ["/api/game/attempts/{id}/submit", "post"],
    ] as const) {
      assert.ok(res.body.paths[path]?.[method], `${method.toUpperCase()} ${path} documented`);
    }
  });
});
