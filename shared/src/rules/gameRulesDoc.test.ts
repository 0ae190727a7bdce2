import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { CHAT_MAX_LENGTH, EMOTES } from "./chat.ts";
import {
  CLASH_BASE_REWARD,
  CLASH_COUNTDOWN_MS,
  CLASH_MAX_PLAYERS,
  CLASH_MAX_SPECTATORS,
  CLASH_MIN_PLAYERS,
  CLASH_PAID_PER_DAY,
  CLASH_PROVISIONAL_GAMES,
  CLASH_RECONNECT_MS,
  CLASH_RUNS_PER_MINUTE,
  CLASH_TIME_LIMIT_MS,
  clashRatingWindow,
  clashReward,
} from "./clash.ts";
import { CODING_CAPS, CODING_IDLE_TIMEOUT_MS, coinsForSessionXp, LANGUAGE_MULTIPLIER_TENTHS } from "./coding.ts";
import { COINS_CAP_PER_DIFFICULTY, PASS_THRESHOLD, XP_CAP_PER_DIFFICULTY } from "./challengeScoring.ts";
import { CRIT_MODIFIER, DEFEND_FACTOR } from "./combat/damage.ts";
import { COINS_PER_GEM } from "./exchange.ts";
import { FREE_WRONG_ANSWERS, GUESS_COOLDOWN_BASE_SECONDS, GUESS_COOLDOWN_MAX_SECONDS } from "./guessCooldown.ts";
import { PLAYER_CONTENT_DAILY_CAP, PROVEN_AFTER_SOLVERS, UNPROVEN_PAYOUT } from "./playerContentRewards.ts";
import { TIME_ZONE_CHANGE_INTERVAL_MS, TIME_ZONE_MAX_LENGTH } from "./timeZone.ts";
import { BASE_CRIT_CHANCE, MAX_CRIT_CHANCE } from "./stats.ts";
import { levelForXp, xpForLevel } from "./xp.ts";

/** docs/game-rules.md states every number for players and maintainers; this keeps it true to the code. */
const doc = readFileSync(fileURLToPath(new URL("../../../docs/game-rules.md", import.meta.url)), "utf8").replace(
  /\s+/g,
  " ",
);
const says = (text: string) => assert.ok(doc.includes(text), `docs/game-rules.md should say "${text}"`);

describe("docs/game-rules.md", () => {
  it("when the coding rules change, then the page says the same caps, multipliers and coins", () => {
    says(`At most ${CODING_CAPS.maxLinesPerEvent} lines in one`);
    says(`at most ${CODING_CAPS.maxLinesPerWindow} lines paid per player in any minute`);
    assert.equal(CODING_CAPS.windowMs, 60_000);
    says(`${CODING_CAPS.maxLinesPerDay} lines per UTC day`);
    says(`at most ${CODING_CAPS.maxCharactersPerLine} per added line`);
    says(`idle ${CODING_IDLE_TIMEOUT_MS / 60_000} minutes`);
    for (const [language, tenths] of Object.entries(LANGUAGE_MULTIPLIER_TENTHS)) {
      const group = new RegExp(`([a-z]+, )*${language}(, [a-z]+)* ${(tenths / 10).toFixed(1)}`);
      assert.match(doc, group, `${language} ${tenths / 10}`);
    }
    assert.equal(coinsForSessionXp(19), 1);
    says("1 coin per 10 XP");
    says(`${COINS_PER_GEM} coins = 1 gem`);
  });

  it("when the level formula changes, then the page's examples still hold", () => {
    for (const level of [1, 2, 3, 4, 5]) {
      says(`L${level} ${xpForLevel(level)}`);
      assert.equal(levelForXp(xpForLevel(level)), level);
    }
  });

  it("when combat, challenge and chat numbers change, then the page says the same", () => {
    says(`base chance ${BASE_CRIT_CHANCE} plus gear (at most ${MAX_CRIT_CHANCE}), modifier ${CRIT_MODIFIER}`);
    says(`(factor ${DEFEND_FACTOR})`);
    says(`a score of ${PASS_THRESHOLD}`);
    says(`${XP_CAP_PER_DIFFICULTY} XP and ${COINS_CAP_PER_DIFFICULTY} coins per difficulty point`);
    says(
      `CTF and bug bounty ${FREE_WRONG_ANSWERS.CTF}, system design ${FREE_WRONG_ANSWERS.SYSTEM_DESIGN}, code ${FREE_WRONG_ANSWERS.CODE}`,
    );
    assert.equal(FREE_WRONG_ANSWERS.BUG_BOUNTY, FREE_WRONG_ANSWERS.CTF);
    says(`starts at ${GUESS_COOLDOWN_BASE_SECONDS} s and doubles, up to ${GUESS_COOLDOWN_MAX_SECONDS} s`);
    says(`at most ${UNPROVEN_PAYOUT.xp} XP and ${UNPROVEN_PAYOUT.coins} coins until ${PROVEN_AFTER_SOLVERS}`);
    says(`at most ${PLAYER_CONTENT_DAILY_CAP.xp} XP and ${PLAYER_CONTENT_DAILY_CAP.coins} coins a day`);
    says(`at most ${CHAT_MAX_LENGTH} characters`);
    says(`${EMOTES.length} emotes`);
  });

  it("when the clash rules change, then the page says the same sizes, clocks, window and rewards", () => {
    says(`${CLASH_MIN_PLAYERS}–${CLASH_MAX_PLAYERS} players race`);
    says(`up to ${CLASH_MAX_SPECTATORS} spectators`);
    says(`a ${CLASH_COUNTDOWN_MS / 1000} s countdown`);
    const limits = Object.entries(CLASH_TIME_LIMIT_MS).map(([d, ms]) => `${d} ${ms / 60_000} minutes`);
    says(`Time limits by difficulty: ${limits.join(", ")}.`);
    says(`at most ${CLASH_RUNS_PER_MINUTE} per player per minute`);
    says(`keeps their seat for ${CLASH_RECONNECT_MS / 1000} s`);
    const step = clashRatingWindow(5_000) - clashRatingWindow(0);
    says(
      `rating distance of ${clashRatingWindow(0)}, widening by ${step} every 5 s it waits, up to ${clashRatingWindow(1e9)}`,
    );
    says(`provisional until ${CLASH_PROVISIONAL_GAMES} rated clashes`);
    for (const [difficulty, base] of Object.entries(CLASH_BASE_REWARD)) {
      says(`| ${difficulty} | ${base.xp} | ${base.coins} |`);
    }
    assert.deepEqual(clashReward("hard", 4, 4, { passed: 1, forfeited: false }), {
      xp: CLASH_BASE_REWARD.hard.xp / 4,
      coins: CLASH_BASE_REWARD.hard.coins / 4,
    });
    says("the winner the full base, the last a quarter");
    says(`at most ${CLASH_PAID_PER_DAY} paid clashes per player per day`);
  });

  it("when the time zone rules change, then the page says the same", () => {
    says(`names over ${TIME_ZONE_MAX_LENGTH} characters are refused`);
    says(`changed once every ${TIME_ZONE_CHANGE_INTERVAL_MS / 86_400_000} days`);
  });
});
