import type { StateCreator } from "zustand";
import type { GameStore } from "./index.ts";

/** `unknown` until the stored refresh token has been tried once at start-up. */
export type AuthStatus = "unknown" | "anonymous" | "authenticated";
/** The hub socket's health, shown in the header so a dropped connection is never silent. */
export type ConnectionStatus = "offline" | "connecting" | "online" | "reconnecting";

export interface SessionSlice {
  accessToken: string | null;
  /** Epoch milliseconds at which the access token stops working. */
  accessExpiresAt: number;
  authStatus: AuthStatus;
  connection: ConnectionStatus;
  setAccess: (token: string, expiresInSeconds: number) => void;
  clearSession: () => void;
  setConnection: (status: ConnectionStatus) => void;
}

export const createSessionSlice: StateCreator<GameStore, [], [], SessionSlice> = (set) => ({
  accessToken: null,
  accessExpiresAt: 0,
  authStatus: "unknown",
  connection: "offline",
  setAccess: (token, expiresInSeconds) =>
    set({ accessToken: token, accessExpiresAt: Date.now() + expiresInSeconds * 1000, authStatus: "authenticated" }),
  clearSession: () =>
    set({
      accessToken: null,
      accessExpiresAt: 0,
      authStatus: "anonymous",
      connection: "offline",
      me: null,
      profile: null,
    }),
  setConnection: (connection) => set({ connection }),
});
