import type { BattleState } from "@levelup/shared/rules/combat/types";
import type { BattlePhaseView, Fighter } from "../dungeons/battleModel.ts";

/** One replay frame as the battle scene draws it (replays name players by seat id: p1…p4). */
export interface ReplayView {
  phase: BattlePhaseView;
  round: number;
  currentTurn: string;
  players: Fighter[];
  enemies: Fighter[];
}

/** The engine's state at one frame in the shape of the live battle screen. */
export function replayView(state: BattleState): ReplayView {
  return {
    phase: state.phase,
    round: state.round,
    currentTurn: state.currentTurn,
    players: state.players.map((p) => ({
      id: p.id,
      userId: p.id,
      name: p.name,
      hp: p.hp,
      maxHp: p.maxHp,
      element: p.element,
      // A player who left is drawn dimmed, like a disconnected one.
      connected: !p.left,
      defending: p.defending,
      ready: true,
      skills: [...p.skills],
      cooldowns: { ...p.cooldowns },
      items: Object.entries(p.items).map(([itemId, i]) => ({ itemId, name: i.name, quantity: i.quantity })),
    })),
    enemies: state.enemies.map((e) => ({
      id: e.id,
      name: e.name,
      hp: e.hp,
      maxHp: e.maxHp,
      element: e.element,
      connected: true,
      defending: false,
      ready: true,
      enemyId: e.enemyId,
      skills: [],
      cooldowns: {},
      items: [],
    })),
  };
}

/** Playback speeds offered (× the normal pace). */
export const REPLAY_SPEEDS = [0.5, 1, 2, 4] as const;
/** Time one action takes on screen at 1×, milliseconds. */
export const FRAME_MS = 1200;

/** The frame after `frame` at playback (stays on the last one). */
export function nextFrame(frame: number, frameCount: number): number {
  return Math.min(frameCount - 1, frame + 1);
}
