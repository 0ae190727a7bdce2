import type { PublicUser, TokenResponse } from "@levelup/shared";
import { api } from "../net/api.ts";
import { connectHub, disconnectHub } from "../net/hub.ts";
import { acceptTokens, forgetTokens, refreshTokens, storedRefreshToken } from "../net/tokens.ts";
import { type Profile, useStore } from "../store/index.ts";

/** Loads who is signed in and their game profile into the store. */
export async function loadProfile(): Promise<void> {
  const [me, profile] = await Promise.all([
    api<PublicUser>("GET", "/api/auth/me"),
    api<Profile>("GET", "/api/game/profile").catch(() => null),
  ]);
  const s = useStore.getState();
  s.setMe(me);
  if (profile) s.setProfile(profile);
}

/** After login or register: keep the tokens, load the profile, open the hub socket. */
export async function startSession(tokens: TokenResponse): Promise<void> {
  acceptTokens(tokens);
  await loadProfile();
  connectHub();
}

/** At page load: a refresh token kept from earlier in this tab signs the player back in. */
export async function resumeSession(): Promise<void> {
  if (!storedRefreshToken() || !(await refreshTokens())) {
    useStore.getState().clearSession();
    return;
  }
  try {
    await loadProfile();
    connectHub();
  } catch {
    forgetTokens();
  }
}

export async function signOut(): Promise<void> {
  const refresh = storedRefreshToken();
  disconnectHub();
  if (refresh) await api("POST", "/api/auth/logout", { refresh_token: refresh }).catch(() => {});
  forgetTokens();
}
