import { create } from "zustand";
import { createGameSlice, type GameSlice } from "./gameSlice.ts";
import { createSessionSlice, type SessionSlice } from "./sessionSlice.ts";
import { createUiSlice, type UiSlice } from "./uiSlice.ts";
import { createUserSlice, type UserSlice } from "./userSlice.ts";

export type { Profile } from "./userSlice.ts";
export type { Toast } from "./uiSlice.ts";
export type GameStore = UserSlice & SessionSlice & GameSlice & UiSlice;

/** The one client store, composed from per-feature slices (zustand slices pattern). */
export const useStore = create<GameStore>()((...a) => ({
  ...createUserSlice(...a),
  ...createSessionSlice(...a),
  ...createGameSlice(...a),
  ...createUiSlice(...a),
}));
