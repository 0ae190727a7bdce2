import type { Client, Room } from "@colyseus/sdk";
import { CodingMessage } from "@levelup/shared/protocol/coding";
import type { Tally } from "../lib/stats.ts";
import { type BotUser, callApi } from "../lib/target.ts";

const LANGUAGES = ["typescript", "python", "rust", "go", "java"] as const;

/**
 * A realistic `coding_update` (docs/api.md): a few lines in one file of the session's language, about
 * 38 characters a line, some lines removed, now and then another file — what an editor plug-in
 * or levelup-track sends, well inside the plausibility caps (GAME_RULES: ≤ 200 lines per event,
 * ≤ 600 lines a minute).
 */
export function codingUpdate(seq: number, language: string): Record<string, unknown> {
  const linesAdded = 1 + ((seq * 7) % 9);
  return {
    linesAdded,
    linesRemoved: seq % 4 === 0 ? 1 + (seq % 3) : 0,
    characters: linesAdded * (30 + (seq % 17)),
    file: `src/module${seq % 6}.${language === "python" ? "py" : language === "rust" ? "rs" : "ts"}`,
    language,
  };
}

export interface CodingBot {
  room: Room;
  /** Sends the next realistic update. */
  send(): void;
  /** Updates the server has processed so far (accepted + rejected, read from the room state). */
  processed(): number;
  sent(): number;
}

/** Starts a coding session through REST and joins its room with the seat it returned. */
export async function joinCodingSession(base: string, client: Client, user: BotUser, seq: number): Promise<CodingBot> {
  const language = LANGUAGES[seq % LANGUAGES.length]!;
  const start = await callApi<{ sessionId: string; roomId: string; reservation: any }>(
    base,
    user.token,
    "POST",
    "/api/game/coding/start",
    { projectName: `load-${seq}`, language },
  );
  client.auth.token = user.token;
  const room = await client.consumeSeatReservation(start.reservation);
  let sent = 0;
  const state = () => room.state as { acceptedUpdates?: number; rejectedUpdates?: number } | undefined;
  room.onMessage("*", () => {});
  return {
    room,
    send() {
      room.send(CodingMessage.update, codingUpdate(sent, language));
      sent++;
    },
    processed: () => (state()?.acceptedUpdates ?? 0) + (state()?.rejectedUpdates ?? 0),
    sent: () => sent,
  };
}

/** Sends one realistic update every `intervalMs` until `done`, counting what was sent and processed. */
export function typeAway(bot: CodingBot, intervalMs: number, tally: Tally, done: Promise<void>): void {
  const timer = setInterval(() => {
    bot.send();
    tally.count("updatesSent");
  }, intervalMs);
  bot.room.onMessage(CodingMessage.xpUpdate, () => tally.count("xpUpdates"));
  bot.room.onMessage(CodingMessage.rejected, () => tally.count("rejected"));
  void done.then(() => {
    clearInterval(timer);
    tally.count("updatesProcessed", bot.processed());
  });
}
