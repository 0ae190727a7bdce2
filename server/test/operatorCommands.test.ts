import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import type { PartyMember } from "@levelup/shared";
import { type Database, openDatabase } from "../src/db/client.ts";
import { battles, challenges, dungeons, ledger, profiles, users } from "../src/db/schema.ts";
import { serverEnv } from "./support/spawnServer.ts";
import { testStack } from "./support/testServer.ts";
import { createThrowawayDatabase } from "./support/throwawayDatabase.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const run = promisify(execFile);

/**
 * `npm run admin` and `npm run bots:remove` as an operator runs them: separate processes on the
 * database a server would use (a throw-away PostgreSQL database, or an embedded data directory).
 */
describe("operator commands", function () {
  this.timeout(180_000);
  let where: NodeJS.ProcessEnv;
  let cleanup: () => Promise<void>;
  // Opened only between commands: an embedded data directory admits one process at a time.
  const withDb = async <T>(use: (db: Database["db"]) => Promise<T>): Promise<T> => {
    const database = await openDatabase({ url: where.DATABASE_URL, dataDir: where.DATA_DIR });
    try {
      return await use(database.db);
    } finally {
      await database.close();
    }
  };
  const npm = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run("npm", ["run", "--silent", ...args], {
        cwd: repoRoot,
        env: serverEnv({ ...where, LOG_LEVEL: "silent" }),
      });
      return { code: 0, out: stdout + stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout + e.stderr };
    }
  };
  const insertUser = (db: Database["db"], username: string, isBot: boolean) =>
    db.transaction(async (tx) => {
      const [u] = await tx
        .insert(users)
        .values({ username, email: `${username}@example.test`, passwordHash: "-", isBot })
        .returning({ id: users.id });
      await tx.insert(profiles).values({ userId: u!.id, experience: 40 });
      await tx
        .insert(ledger)
        .values({ userId: u!.id, currency: "xp", delta: 40, balanceAfter: 40, reason: "t", ref: "t" });
      return u!.id;
    });

  before(async () => {
    if (testStack === "postgres") {
      const database = await createThrowawayDatabase();
      where = { DATABASE_URL: database.url };
      cleanup = database.drop;
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), "levelup-ops-"));
      where = { DATA_DIR: dir };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    }
  });
  after(async () => cleanup?.());

  it("when `npm run admin -- --user NAME` runs, then that account is an admin; --revoke makes it a player; an unknown name fails", async () => {
    await withDb((db) => insertUser(db, "Operator_Ann", false));
    const made = await npm("admin", "--", "--user", "operator_ann");
    assert.equal(made.code, 0, made.out);
    assert.match(made.out, /now an admin/);
    const role = () =>
      withDb(async (db) => (await db.select().from(users).where(eq(users.username, "Operator_Ann")))[0]?.role);
    assert.equal(await role(), "admin");
    const revoked = await npm("admin", "--", "--user", "Operator_Ann", "--revoke");
    assert.equal(revoked.code, 0, revoked.out);
    assert.equal(await role(), "player");
    const unknown = await npm("admin", "--", "--user", "nobody_here");
    assert.equal(unknown.code, 1);
    assert.match(unknown.out, /no account named nobody_here/);
    const usage = await npm("admin");
    assert.equal(usage.code, 2);
    assert.match(usage.out, /usage: npm run admin -- --user NAME/);
  });

  it("when `npm run bots:remove` runs, then bots, their data and bot-only battles are gone, their challenges hidden, players kept", async () => {
    const ids = await withDb(async (db) => {
      const player = await insertUser(db, "real_player", false);
      const bot = await insertUser(db, "load_bot", true);
      // Content is loaded by a server's start, not by the migrations: one dungeon row for the battles.
      const [dungeon] = await db
        .insert(dungeons)
        .values({
          id: "ops_cave",
          name: "x",
          difficulty: 1,
          requiredLevel: 1,
          element: "fire",
          enemies: [],
          rewards: { xp: 0, coins: 0, consolationXp: 0, drops: [] },
        })
        .returning({ id: dungeons.id });
      // Only the ids matter to the removal (it finds bots in the party list): the rest of a member is left out.
      const member = (id: string) => ({ id, name: "x", level: 1 }) as unknown as PartyMember;
      const [botsOnly] = await db
        .insert(battles)
        .values({ roomId: "r-bots", dungeonId: dungeon!.id, seed: 1, party: [member(bot), member(bot)] })
        .returning({ id: battles.id });
      const [mixed] = await db
        .insert(battles)
        .values({ roomId: "r-mixed", dungeonId: dungeon!.id, seed: 2, party: [member(bot), member(player)] })
        .returning({ id: battles.id });
      const [made] = await db
        .insert(challenges)
        .values({
          type: "CTF",
          title: "bot made",
          description: "x",
          difficulty: 1,
          xpReward: 1,
          coinReward: 0,
          creatorId: bot,
        })
        .returning({ id: challenges.id });
      return { player, bot, botsOnly: botsOnly!.id, mixed: mixed!.id, challenge: made!.id };
    });
    const out = await npm("bots:remove");
    assert.equal(out.code, 0, out.out);
    assert.match(out.out, /removed 1 bot accounts, 1 bot-only battles; hid 1 bot-made challenges/);
    await withDb(async (db) => {
      assert.equal((await db.select().from(users).where(eq(users.id, ids.bot))).length, 0);
      assert.equal((await db.select().from(profiles).where(eq(profiles.userId, ids.bot))).length, 0);
      assert.equal((await db.select().from(ledger).where(eq(ledger.userId, ids.bot))).length, 0);
      assert.equal((await db.select().from(users).where(eq(users.id, ids.player))).length, 1);
      assert.equal((await db.select().from(ledger).where(eq(ledger.userId, ids.player))).length, 1);
      assert.equal((await db.select().from(battles).where(eq(battles.id, ids.botsOnly))).length, 0);
      assert.equal((await db.select().from(battles).where(eq(battles.id, ids.mixed))).length, 1);
      const [challenge] = await db.select().from(challenges).where(eq(challenges.id, ids.challenge));
      assert.ok(challenge?.deletedAt, "the bot's challenge is hidden");
    });
    const again = await npm("bots:remove");
    assert.match(again.out, /removed 0 bot accounts/);
  });
});
