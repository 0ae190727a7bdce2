/** One process as Colyseus publishes it (`matchMaker.stats.fetchAll()`), at most once a second. */
export interface ProcessLoad {
  processId: string;
  roomCount: number;
  /** Connected clients. */
  ccu: number;
}

/**
 * How long this process counts a room it just placed as load of its target: the target republishes
 * its client count about once a second (Colyseus' stats persistence), so after this its clients are
 * in the published figure and counting them here again would count them twice.
 */
export const PLACEMENT_MEMORY_MS = 2_500;

/**
 * Rooms placed by load, with the clients each is expected to bring (a dungeon party is up to 4
 * players; a coding room is one player; a clash takes 2–8 players, most often a few, plus whoever
 * watches). Other rooms (the hub) keep Colyseus' rule, fewest rooms: a hub room is joined by
 * whoever comes and fills where it is.
 */
const EXPECTED_CLIENTS: Record<string, number> = { dungeon: 4, coding: 1, clash: 4 };

/**
 * Where a new room goes: the process with the fewest clients, counting the rooms this process
 * placed within PLACEMENT_MEMORY_MS (their clients are not in the published figures yet, so a
 * burst of creations would otherwise all go to the same stale minimum). Ties go to the process with
 * fewer rooms, then to the lowest id, so every process decides alike.
 *
 * Colyseus' default picks the fewest *rooms*, which splits load unevenly when rooms differ in size
 * (a 1,000-client hub room counts as much as an empty coding room).
 */
export class LoadPlacement {
  private readonly recent: Array<{ processId: string; clients: number; at: number }> = [];

  constructor(
    private readonly deps: {
      fetchStats: () => Promise<ProcessLoad[]>;
      /** This process: the answer when no process is listed yet. */
      processId: () => string;
      now?: () => number;
    },
  ) {}

  /** The `selectProcessIdToCreateRoom` server option. */
  readonly select = async (roomName: string): Promise<string> => {
    const stats = await this.deps.fetchStats();
    const chosen = this.choose(stats, roomName);
    return chosen ?? this.deps.processId();
  };

  /** The least loaded of `stats` for a new `roomName` room, recorded as placed there; undefined when none is listed. */
  choose(stats: ProcessLoad[], roomName: string): string | undefined {
    const expected = EXPECTED_CLIENTS[roomName];
    if (expected === undefined) return fewestRooms(stats);
    const now = (this.deps.now ?? Date.now)();
    while (this.recent.length > 0 && now - this.recent[0]!.at > PLACEMENT_MEMORY_MS) this.recent.shift();
    const pending = new Map<string, number>();
    for (const r of this.recent) pending.set(r.processId, (pending.get(r.processId) ?? 0) + r.clients);
    let best: { processId: string; load: number; rooms: number } | undefined;
    for (const p of stats) {
      const load = p.ccu + (pending.get(p.processId) ?? 0);
      if (
        !best ||
        load < best.load ||
        (load === best.load &&
          (p.roomCount < best.rooms || (p.roomCount === best.rooms && p.processId < best.processId)))
      ) {
        best = { processId: p.processId, load, rooms: p.roomCount };
      }
    }
    if (!best) return undefined;
    this.recent.push({ processId: best.processId, clients: expected, at: now });
    return best.processId;
  }
}

/** Colyseus' own rule: the process with the fewest rooms (ties: the lowest id). */
function fewestRooms(stats: ProcessLoad[]): string | undefined {
  let best: ProcessLoad | undefined;
  for (const p of stats) {
    if (!best || p.roomCount < best.roomCount || (p.roomCount === best.roomCount && p.processId < best.processId))
      best = p;
  }
  return best?.processId;
}
