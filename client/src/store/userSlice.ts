import type { PublicUser } from "@levelup/shared";
import type { ProfileResponse } from "@levelup/shared/protocol/progression";
import { levelForXp, xpToNextLevel } from "@levelup/shared/rules/xp";
import type { StateCreator } from "zustand";
import type { GameStore } from "./index.ts";

/** GET /api/game/profile (docs/api.md). */
export type Profile = ProfileResponse;

export interface UserSlice {
  me: PublicUser | null;
  profile: Profile | null;
  setMe: (me: PublicUser | null) => void;
  setProfile: (profile: Profile) => void;
  /** Applies a pushed total XP (xp_update) without refetching the profile. */
  applyTotalXp: (totalXp: number) => void;
  /** Merges fields a route answered with (balances, equipped set, stats). */
  patchProfile: (patch: Partial<Profile>) => void;
}

export const createUserSlice: StateCreator<GameStore, [], [], UserSlice> = (set) => ({
  me: null,
  profile: null,
  setMe: (me) => set({ me }),
  setProfile: (profile) => set({ profile }),
  applyTotalXp: (totalXp) =>
    set((s) =>
      s.profile
        ? {
            profile: {
              ...s.profile,
              experience: totalXp,
              level: levelForXp(totalXp),
              xpToNextLevel: xpToNextLevel(totalXp),
            },
          }
        : {},
    ),
  patchProfile: (patch) => set((s) => (s.profile ? { profile: { ...s.profile, ...patch } } : {})),
});
