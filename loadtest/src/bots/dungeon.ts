import { Client, type Room } from "@colyseus/sdk";
import { DungeonMessage } from "@levelup/shared/protocol/rooms";
import { leave } from "../lib/leave.ts";
import type { Tally } from "../lib/stats.ts";
import { type BotUser, callApi } from "../lib/target.ts";

interface DungeonView {
  phase: string;
  currentTurn: string;
  round: number;
  enemies: Map<string, { id: string; hp: number }>;
}

export interface Party {
  roomId: string;
  players: Room[];
  spectators: Room[];
  /** Actions the bots sent. */
  actions(): number;
  leave(): Promise<void>;
}

/** The first dungeon a level-1 party may enter (GET /api/game/dungeons). */
export async function openDungeonId(base: string, user: BotUser): Promise<string> {
  const list = await callApi<
    { items?: Array<{ id: string; locked: boolean }> } | Array<{ id: string; locked: boolean }>
  >(base, user.token, "GET", "/api/game/dungeons");
  const items = Array.isArray(list) ? list : (list.items ?? []);
  const open = items.find((d) => !d.locked);
  if (!open) throw new Error("no dungeon is open to a level-1 player");
  return open.id;
}

/**
 * A party of bots through the public contract: the leader opens a battle (POST /dungeons/battle),
 * the others join it by partyRoomId, spectators join by room id with {spectate:true}, every
 * player sends `ready`, and whoever's turn it is attacks the first living enemy `paceMs` after the
 * turn began (a turn a second by default, like a person clicking).
 */
export async function startParty(
  base: string,
  players: BotUser[],
  spectators: BotUser[],
  opts: { dungeonId: string; paceMs?: number; tally?: Tally },
): Promise<Party> {
  const pace = opts.paceMs ?? 1000;
  let actions = 0;
  const seat = async (user: BotUser, partyRoomId?: string) => {
    const res = await callApi<{ roomId: string; reservation: any }>(
      base,
      user.token,
      "POST",
      "/api/game/dungeons/battle",
      {
        dungeonId: opts.dungeonId,
        ...(partyRoomId ? { partyRoomId } : {}),
      },
    );
    const client = new Client(base);
    client.auth.token = user.token;
    return { roomId: res.roomId, room: quiet(await client.consumeSeatReservation(res.reservation)) };
  };
  const leader = await seat(players[0]!);
  const rooms = [leader.room];
  for (const user of players.slice(1)) rooms.push((await seat(user, leader.roomId)).room);
  const watching: Room[] = [];
  for (const user of spectators) {
    const client = new Client(base);
    client.auth.token = user.token;
    watching.push(quiet(await client.joinById(leader.roomId, { spectate: true })));
  }
  for (const room of rooms) {
    let lastTurn = "";
    room.onStateChange((raw) => {
      const state = raw as unknown as DungeonView;
      if (state.phase === "victory" || state.phase === "defeat") {
        if (lastTurn !== "over") opts.tally?.count(state.phase);
        lastTurn = "over";
        return;
      }
      const turn = `${state.round}:${state.currentTurn}`;
      if (state.phase !== "battle" || state.currentTurn !== room.sessionId || turn === lastTurn) return;
      lastTurn = turn;
      setTimeout(() => {
        const target = [...state.enemies.values()].find((e) => e.hp > 0);
        room.send(DungeonMessage.battleAction, { action: "attack", ...(target ? { targetId: target.id } : {}) });
        actions++;
        opts.tally?.count("actions");
      }, pace);
    });
    room.send(DungeonMessage.ready);
  }
  return {
    roomId: leader.roomId,
    players: rooms,
    spectators: watching,
    actions: () => actions,
    async leave() {
      await Promise.all([...rooms, ...watching].map((r) => leave(r)));
    },
  };
}

/**
 * Keeps a party fighting: whenever its battle ends, the same six bots leave and open the next one,
 * so the load is steady play (turns, battle starts and settlements), not a room left idle after its
 * first victory. Resolves once the first battle is under way.
 */
export async function keepPlaying(
  base: string | (() => string),
  six: BotUser[],
  opts: { dungeonId: string; paceMs?: number; tally?: Tally; onParty?: (party: Party) => void },
): Promise<{ stop(): Promise<void>; battles(): number }> {
  const baseOf = typeof base === "function" ? base : () => base;
  let stopped = false;
  let restarting = false;
  let battles = 1;
  let current = await startParty(baseOf(), six.slice(0, 4), six.slice(4), opts);
  opts.onParty?.(current);
  const loop = setInterval(async () => {
    const state = current.players[0]?.state as { phase?: string } | undefined;
    if (stopped || restarting || !state || (state.phase !== "victory" && state.phase !== "defeat")) return;
    restarting = true;
    try {
      await current.leave();
      if (!stopped) {
        current = await startParty(baseOf(), six.slice(0, 4), six.slice(4), opts);
        battles++;
        opts.onParty?.(current);
      }
    } catch (err) {
      // The next tick tries again; the failure shows in the log.
      opts.tally?.count("restartErrors");
      console.error(`  a party could not start its next battle: ${(err as Error).message}`);
    } finally {
      restarting = false;
    }
  }, 500);
  return {
    battles: () => battles,
    async stop() {
      stopped = true;
      clearInterval(loop);
      await current.leave();
    },
  };
}

/**
 * Takes every message the bots do not act on (chat history, battle events), as soon as the room is
 * joined: the room greets a client right away, and the SDK logs each message nobody handles.
 */
function quiet(room: Room): Room {
  room.onMessage("*", () => {});
  return room;
}
