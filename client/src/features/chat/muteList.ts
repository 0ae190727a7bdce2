/** The player's own mute list: user ids whose chat and emotes this browser hides, kept across rooms. */
const STORAGE_KEY = "levelup.chatMutes";
/** Matches the room's own bound on mutes per player. */
const MAX_MUTES = 64;

export function mutedUsers(): Set<string> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    return new Set(Array.isArray(raw) ? raw.filter((x): x is string => typeof x === "string").slice(0, MAX_MUTES) : []);
  } catch {
    return new Set();
  }
}

/** Mutes or unmutes `userId`; returns the new list. */
export function setMuted(userId: string, muted: boolean): Set<string> {
  const list = mutedUsers();
  if (muted && list.size < MAX_MUTES) list.add(userId);
  else list.delete(userId);
  localStorage.setItem(STORAGE_KEY, JSON.stringify([...list]));
  return list;
}
