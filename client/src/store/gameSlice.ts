import type { StateCreator } from "zustand";
import type { GameStore } from "./index.ts";

/** One `xp_update` push, kept so scenes can animate the gain (a counter makes repeats distinct). */
export interface XpGain {
  seq: number;
  xp: number;
  totalXp: number;
  level: number;
  leveledUp: boolean;
}

export interface GameSlice {
  lastXpGain: XpGain | null;
  /** The coding session this tab is running, if any. */
  codingSessionId: string | null;
  recordXpGain: (gain: Omit<XpGain, "seq">) => void;
  setCodingSession: (sessionId: string | null) => void;
}

export const createGameSlice: StateCreator<GameStore, [], [], GameSlice> = (set) => ({
  lastXpGain: null,
  codingSessionId: null,
  recordXpGain: (gain) => set((s) => ({ lastXpGain: { ...gain, seq: (s.lastXpGain?.seq ?? 0) + 1 } })),
  setCodingSession: (codingSessionId) => set({ codingSessionId }),
});
