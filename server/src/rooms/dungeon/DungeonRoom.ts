import { randomInt } from "node:crypto";
import { type Client, type Deferred, matchMaker, Room } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import {
  applyAction,
  type BattleAction,
  type BattleError,
  BattleErrorCode,
  type BattleEvent,
  type BattleState,
  battleActionMessage,
  createBattle,
  type DungeonDef,
  DungeonMessage,
  type DungeonRoomMetadata,
  dungeonJoinOptions,
  emptyMessage,
  ErrorCode,
  type PartyMember,
  RoomName,
  type StepResult,
} from "@levelup/shared";
import { DungeonState } from "@levelup/shared/state/DungeonState";
import { z } from "zod";
import { AppError } from "../../errors.ts";
import type { AuthUser } from "../../services/auth/tokens.ts";
import { enemiesOf, rebuildBattle } from "../../services/dungeons/DungeonBattles.ts";
import { MessageGuard, type MessageLimits } from "../messageGuard.ts";
import { refuseSeat, roomDeps } from "../roomDeps.ts";
import { signedIn } from "../roomDoor.ts";
import { isSealedRoom } from "../roomSeal.ts";
import type { AdmitResult, AdmitsPlayers, DungeonSeat } from "./dungeonTypes.ts";
import { PartyChat } from "./partyChat.ts";
import { appendLog, project, seatedPlayer } from "./projection.ts";

export const MAX_PLAYERS = 4;
export const MAX_SPECTATORS = 50;
/** Default turn length (GAME_RULES: 30 s), milliseconds. */
export const TURN_MS = 30_000;
/** How long a dropped player keeps the seat, seconds. */
export const RECONNECT_SECONDS = 60;
/**
 * How often the room looks at the turn clock, milliseconds (the clock itself is ctx.clock). It is
 * also the room clock's tick (Colyseus ticks it with the timestep), which times reconnections.
 */
const TICK_MS = 250;
/** Battle events are sent right after the state patch they belong to (see show()). */
const AFTER_PATCH = { afterNextPatch: true } as const;

/**
 * A player acts on their own turn, a few messages a minute; spectators send nothing. Beyond a
 * burst messages are dropped, and a connection that keeps flooding is cut off.
 */
const DUNGEON_LIMITS: MessageLimits = { perSecond: 10, burst: 20, cutAfter: 100, windowMs: 10_000 };

const createOptions = z.object({
  dungeonId: z.string().min(1).optional(),
  /** Rebuild this stored, unfinished battle (after its process died) instead of opening a party. */
  restoreBattleId: z.uuid().optional(),
  /** Proof that this server, not a client calling the matchmaker, asked for the room. */
  seal: z.string(),
});

interface Member {
  snapshot: PartyMember;
  /** The seat's current connection; undefined until the player joins (or rejoins after a restore). */
  sessionId?: string;
  /** Date.now() of the admission, to drop seats reserved but never taken. */
  admittedAt: number;
}

/**
 * One co-op dungeon battle and its audience. The battle itself is the pure engine's state
 * (`BattleState`); this room only admits seats, orders the work, records each accepted action
 * (stored in batches by DungeonBattles, at most ACTION_FLUSH_MS behind), runs the turn clock, and
 * mirrors the battle into the synced schema.
 *
 * Hidden information: each player's StateView holds the enemies, so players see every enemy's
 * planned move (`EnemyState.intent`); spectators have no view and never receive it.
 */
export class DungeonRoom extends Room<{ state: DungeonState; metadata: DungeonRoomMetadata }> implements AdmitsPlayers {
  override maxClients = MAX_PLAYERS + MAX_SPECTATORS;
  static override onAuth = signedIn;
  private readonly guard = new MessageGuard(this, "dungeon", DUNGEON_LIMITS);

  private dungeon!: DungeonDef;
  /** Party members by user id, in seat (join) order. */
  private readonly members = new Map<string, Member>();
  private readonly spectatorIds = new Set<string>();
  private readonly reconnections = new Map<string, Deferred<Client>>();
  private battle: BattleState | undefined;
  private battleId: string | undefined;
  /** ctx.clock time at which the current turn is auto-defended. */
  private turnDeadline = 0;
  /** A restored battle waits (ctx.clock) for its players to rejoin before the turn clock runs. */
  private rejoinUntil = 0;
  /** Every state-changing step runs here, one after another, so DB writes keep the engine's order. */
  private work: Promise<unknown> = Promise.resolve();
  private autoActing = false;
  private starting = false;
  private settled = false;
  /** The listing's metadata changed since it was last written to Redis (see refreshListing). */
  private listingStale = false;
  /** The process is shutting down: leaving clients do not end the battle, which stays stored as running. */
  private draining = false;
  /** A state patch is scheduled (see changed()). */
  private patchQueued = false;
  private chat!: PartyChat;

  override async onCreate(raw: unknown): Promise<void> {
    const parsed = createOptions.safeParse(raw ?? {});
    if (!parsed.success) throw new AppError(400, ErrorCode.VALIDATION_FAILED, "Invalid dungeon room options");
    const options = parsed.data;
    const { dungeons, config } = roomDeps();
    if (
      !isSealedRoom(
        config.JWT_SECRET,
        options.seal,
        RoomName.dungeon,
        options.restoreBattleId ?? options.dungeonId ?? "",
      )
    ) {
      throw new AppError(403, ErrorCode.FORBIDDEN, "Dungeon rooms are opened through POST /api/game/dungeons/battle");
    }
    this.setState(new DungeonState());
    this.chat = new PartyChat(this, {
      senderOf: (client) => this.chatSender(client),
      battleId: () => this.battleId,
      refuse: (client, error) => this.refuse(client, error),
    });
    this.chat.register();
    this.registerMessages();
    // No patch interval: a turn-based battle changes about once a second, so patches go out when
    // something changed (changed()) instead of 20 times a second. A timed patch scans every client
    // for StateView changes even when nothing changed; at 100 rooms that, with the intervals' timers,
    // was ~5 % of the main thread's busy time (README, Performance notes).
    this.setTimestep(() => this.tick(), TICK_MS);
    this.patchRate = null;

    if (options.restoreBattleId) {
      await this.restore(options.restoreBattleId);
    } else {
      this.dungeon = dungeons.requireDungeon(options.dungeonId ?? "");
      this.state.dungeonId = this.dungeon.id;
    }
    // Colyseus writes the listing once onCreate returns.
    this.refreshListing(false);
  }

  /**
   * Takes a seat for a player (before the matchmaker reserves it): refuses a full, locked or
   * already fighting party. A member of a running battle may come back (after a restore).
   */
  admit(member: PartyMember): AdmitResult {
    this.dropStaleAdmissions();
    const known = this.members.get(member.id);
    if (this.state.phase !== "waiting" || this.starting) {
      if (known && this.isFighting(member.id)) {
        known.admittedAt = Date.now();
        return { ok: true };
      }
      return { ok: false, code: ErrorCode.BATTLE_IN_PROGRESS, message: "This party is already fighting" };
    }
    if (known) {
      if (known.sessionId) return { ok: false, code: ErrorCode.CONFLICT, message: "You are already in this party" };
      known.admittedAt = Date.now();
      return { ok: true };
    }
    if (this.state.locked)
      return { ok: false, code: ErrorCode.PARTY_LOCKED, message: "The party leader locked this party" };
    if (this.members.size >= MAX_PLAYERS)
      return { ok: false, code: ErrorCode.PARTY_FULL, message: "This party is full" };
    this.members.set(member.id, { snapshot: member, admittedAt: Date.now() });
    return { ok: true };
  }

  /**
   * Every signed-in user passed the door (roomDoor.ts); here: a player needs the seat POST
   * /dungeons/battle reserved for them, anyone else may only watch, and says so (`spectate: true`).
   */
  override onJoin(client: Client, options: unknown): void {
    const seat = client.auth as AuthUser | DungeonSeat;
    if (!("seat" in seat)) {
      if (dungeonJoinOptions.safeParse(options ?? {}).data?.spectate !== true) {
        throw refuseSeat(ErrorCode.FORBIDDEN, "Players take a seat through POST /api/game/dungeons/battle");
      }
      if (this.spectatorIds.size >= MAX_SPECTATORS) throw refuseSeat(ErrorCode.CONFLICT, "Too many spectators");
      this.spectatorIds.add(client.sessionId);
      this.state.spectators = this.spectatorIds.size;
      this.chat.welcome(client);
      this.refreshListing();
      this.changed();
      return;
    }
    const member = this.members.get(seat.id);
    if (!member) throw refuseSeat(ErrorCode.BATTLE_IN_PROGRESS, "This seat is no longer available");
    if ((this.state.phase !== "waiting" || this.starting) && !this.isFighting(seat.id)) {
      this.members.delete(seat.id);
      throw refuseSeat(ErrorCode.BATTLE_IN_PROGRESS, "This party is already fighting");
    }
    const previous = member.sessionId;
    const entry = (previous && this.state.players.get(previous)) || seatedPlayer(member.snapshot);
    if (previous) {
      // The player came back with a new seat while the old connection still waited to reconnect.
      this.reconnections.get(previous)?.reject(new Error("replaced by a new seat"));
      this.state.players.delete(previous);
    }
    member.sessionId = client.sessionId;
    entry.connected = true;
    this.state.players.set(client.sessionId, entry);
    if (!this.state.leaderId || this.state.leaderId === previous) this.state.leaderId = client.sessionId;
    client.view = new StateView();
    for (const enemy of this.state.enemies.values()) client.view.add(enemy);
    if (this.battle) this.show([]);
    if (this.rejoinUntil && this.everyoneBack()) this.resumeTurnClock();
    this.chat.welcome(client);
    this.refreshListing();
    this.changed();
  }

  override onDrop(client: Client): void {
    const member = this.memberBySession(client.sessionId);
    if (!member || this.draining || this.state.phase === "victory" || this.state.phase === "defeat") return;
    this.setConnected(client.sessionId, false);
    const reconnection = this.allowReconnection(client, RECONNECT_SECONDS);
    this.reconnections.set(client.sessionId, reconnection);
    reconnection.then(
      () => this.reconnections.delete(client.sessionId),
      () => this.reconnections.delete(client.sessionId),
    );
  }

  override onReconnect(client: Client): void {
    this.setConnected(client.sessionId, true);
  }

  override async onLeave(client: Client): Promise<void> {
    this.chat.forget(client);
    if (this.spectatorIds.delete(client.sessionId)) {
      this.state.spectators = this.spectatorIds.size;
      this.refreshListing(false);
      this.changed();
      return;
    }
    const member = this.memberBySession(client.sessionId);
    if (!member || this.draining) return;
    this.setConnected(client.sessionId, false);
    if (!this.battle) {
      // No battle decided yet (a queued start counts whoever is still seated when it runs).
      this.members.delete(member.snapshot.id);
      this.state.players.delete(client.sessionId);
      if (this.state.leaderId === client.sessionId) this.state.leaderId = this.state.players.keys().next().value ?? "";
      this.refreshListing(false);
      this.startIfEveryoneReady();
    } else if (this.battle.phase === "battle") {
      await this.enqueue(() => this.commit({ actorId: member.snapshot.id, action: "leave", auto: true }));
    }
  }

  /**
   * SIGTERM: a running battle is not ended by its players being cut off; its stored log lets
   * restoreBattleRoom() continue it on another process, with the same dice.
   */
  override onBeforeShutdown(): void {
    this.draining = true;
    super.onBeforeShutdown();
  }

  override async onDispose(): Promise<void> {
    // Whatever is in flight (the last action, the rewards) finishes before the room goes.
    await this.work;
  }

  // ---- messages -------------------------------------------------------------------------------

  private registerMessages(): void {
    this.guard.on(DungeonMessage.ready, emptyMessage, (client) => {
      if (!this.playerOf(client)) return;
      if (this.state.phase !== "waiting" || this.starting)
        return this.refuse(client, { code: BattleErrorCode.BATTLE_STARTED, message: "Already started" });
      const entry = this.state.players.get(client.sessionId);
      if (entry) entry.ready = true;
      this.changed();
      this.startIfEveryoneReady();
    });
    this.guard.on(DungeonMessage.battleAction, battleActionMessage, (client, message) => {
      const player = this.playerOf(client);
      if (!player) return;
      const action: BattleAction = { actorId: player.snapshot.id, ...message };
      void this.enqueue(async () => {
        const refused = await this.playerAction(action);
        if (refused) this.refuse(client, refused);
      });
    });
    for (const [type, locked] of [
      [DungeonMessage.lock, true],
      [DungeonMessage.unlock, false],
    ] as const) {
      this.guard.on(type, emptyMessage, (client) => {
        if (!this.playerOf(client)) return;
        if (this.state.leaderId !== client.sessionId) {
          return this.refuse(client, { code: BattleErrorCode.FORBIDDEN, message: "Only the party leader can do that" });
        }
        this.state.locked = locked;
        this.changed();
        this.refreshListing();
      });
    }
    this.guard.onUnknown("refuse");
  }

  /** The sender's seat, or an error to the sender (spectators can change nothing). */
  private playerOf(client: Client): Member | undefined {
    const member = this.memberBySession(client.sessionId);
    if (!member) this.refuse(client, { code: BattleErrorCode.SPECTATOR, message: "Spectators cannot act" });
    return member;
  }

  private refuse(client: Client, error: BattleError): void {
    this.guard.refuse(client, error.code, error.message);
  }

  // ---- the battle -----------------------------------------------------------------------------

  private startIfEveryoneReady(): void {
    const seated = [...this.state.players.values()];
    if (this.starting || this.state.phase !== "waiting" || seated.length === 0) return;
    if (!seated.every((p) => p.ready)) return;
    this.starting = true;
    void this.enqueue(() => this.startBattle());
  }

  /**
   * Decides the party and starts, as one step of the queue, so that the decision and every leave
   * or drop are ordered: the party is whoever holds a seat when this step runs (a player who left
   * before it is not in it; one who leaves after it leaves the battle, queued behind this step).
   * A start that cannot happen tells the players and closes the room; nothing was paid.
   */
  private async startBattle(): Promise<void> {
    const { dungeons } = roomDeps();
    // Seats reserved but never taken do not fight; those players are refused if they still come.
    for (const [userId, m] of this.members) if (!m.sessionId) this.members.delete(userId);
    const party = [...this.members.values()].map((m) => m.snapshot);
    if (party.length === 0) {
      // Everyone left while the start waited its turn: nobody to fight, nobody to tell.
      this.starting = false;
      if (this.clients.length === 0) void this.disconnect();
      return;
    }
    const seed = randomInt(0, 2 ** 32);
    let start: ReturnType<typeof createBattle>;
    try {
      start = createBattle({ dungeon: this.dungeon, enemies: enemiesOf(this.dungeon), party, seed });
    } catch (err) {
      return this.failStart(err);
    }
    // From here on the battle is decided: onLeave turns a leave into the battle's `leave` action.
    this.battle = start.state;
    try {
      this.battleId = await dungeons.open({
        roomId: this.roomId,
        dungeonId: this.dungeon.id,
        seed,
        party,
        processId: matchMaker.processId,
      });
    } catch (err) {
      return this.failStart(err);
    }
    this.show(start.events);
    for (const client of this.clients) {
      if (client.view) for (const enemy of this.state.enemies.values()) client.view.add(enemy);
    }
    this.changed();
    this.resumeTurnClock();
    this.refreshListing();
  }

  private failStart(err: unknown): void {
    roomDeps().logger.warn({ err, roomId: this.roomId }, "dungeon battle could not start; closing the room");
    this.battle = undefined;
    for (const client of this.clients) {
      this.refuse(client, { code: BattleErrorCode.BATTLE_START_FAILED, message: "The battle could not start" });
    }
    void this.disconnect();
  }

  /** A player's own action: items are taken from the inventory first (once per action). */
  private async playerAction(action: BattleAction): Promise<BattleError | undefined> {
    if (!this.battle || !this.battleId)
      return { code: BattleErrorCode.NOT_STARTED, message: "The battle has not started" };
    const battle = this.battle;
    const dryRun = applyAction(battle, action);
    if (!dryRun.ok) return { code: dryRun.code, message: dryRun.message };
    if (action.action === "item" && action.itemId) {
      const ref = `battle:${this.battleId}:action:${this.battle.actionCount}`;
      try {
        await roomDeps().dungeons.useItem(action.actorId, action.itemId, ref);
      } catch (err) {
        if (err instanceof AppError) return { code: String(err.code), message: err.message };
        throw err;
      }
    }
    // The dry run is the result, unless the battle moved while the item was taken.
    return this.commit(action, this.battle === battle ? dryRun : undefined);
  }

  /**
   * Applies an action (or takes `applied`, its result on the current battle), records it in the
   * battle's log, then shows it; settles the battle when it ends.
   */
  private async commit(action: BattleAction, applied?: StepResult): Promise<BattleError | undefined> {
    if (!this.battle || !this.battleId)
      return { code: BattleErrorCode.NOT_STARTED, message: "The battle has not started" };
    const result = applied ?? applyAction(this.battle, action);
    if (!result.ok) return { code: result.code, message: result.message };
    roomDeps().dungeons.record(this.battleId, action, result.state);
    const before = this.battle;
    this.battle = result.state;
    this.show(result.events);
    if (this.battle.phase !== "battle") {
      await this.settle();
    } else if (this.battle.currentTurn !== before.currentTurn || this.battle.round !== before.round) {
      this.resumeTurnClock();
    }
    if (this.battle.round !== before.round || this.battle.phase !== "battle" || action.action === "leave") {
      this.refreshListing();
    }
    return undefined;
  }

  private async settle(): Promise<void> {
    if (!this.battle || !this.battleId || this.settled) return;
    this.settled = true;
    this.turnDeadline = 0;
    this.state.turnEndsAt = 0;
    this.changed();
    const payouts = await roomDeps().dungeons.settle(this.battleId, this.battle);
    // Behind the battle's last events, which wait for the next patch too.
    this.broadcast(
      DungeonMessage.battleUpdate,
      {
        type: "rewards",
        battleId: this.battleId,
        rewards: payouts.map(({ userId, xp, coins, gems, items }) => ({ userId, xp, coins, gems, items })),
      },
      AFTER_PATCH,
    );
    this.changed();
    this.autoDispose = true;
    if (this.clients.length === 0) void this.disconnect();
  }

  /**
   * Mirrors the battle into the schema and tells everyone (players and spectators) what happened.
   * The events go out right after the patch that carries the same change (`afterNextPatch`): a
   * client animates an event over a state that already shows it, and the patch and its events
   * leave in one write per client instead of two (realtime/coalescedWrites.ts).
   */
  private show(events: BattleEvent[]): void {
    if (!this.battle) return;
    project(this.state, this.battle, (id) => this.members.get(id)?.sessionId ?? id);
    appendLog(this.state, this.battle, events);
    for (const event of events) this.broadcast(DungeonMessage.battleUpdate, event, AFTER_PATCH);
    this.changed();
  }

  /**
   * Sends a patch of what changed (and the `afterNextPatch` messages behind it) once the current
   * work yields: every change of one message, step or join leaves in one patch. Whatever changes
   * the state or a client's StateView calls it; there is no patch interval to catch a change it missed.
   */
  private changed(): void {
    if (this.patchQueued) return;
    this.patchQueued = true;
    setImmediate(() => {
      this.patchQueued = false;
      this.broadcastPatch();
    });
  }

  private resumeTurnClock(): void {
    const now = roomDeps().clock.now();
    if (this.rejoinUntil && (this.everyoneBack() || now >= this.rejoinUntil)) this.rejoinUntil = 0;
    this.turnDeadline = this.rejoinUntil ? 0 : now + TURN_MS;
    this.state.turnEndsAt = this.turnDeadline;
    this.changed();
  }

  /**
   * The turn clock (ctx.clock, so tests can move it): a player whose time ran out, or who is
   * disconnected, defends automatically; a restored battle's absentees leave once the rejoin window ends.
   */
  private tick(): void {
    if (this.listingStale) this.writeListing();
    const battle = this.battle;
    if (battle?.phase !== "battle" || this.autoActing) return;
    const now = roomDeps().clock.now();
    if (this.rejoinUntil) {
      if (now < this.rejoinUntil && !this.everyoneBack()) return;
      this.resumeTurnClock();
      const absent = [...this.members.values()].filter((m) => !m.sessionId && !this.hasLeft(m.snapshot.id));
      if (absent.length > 0) this.autoAct(absent.map((m) => ({ actorId: m.snapshot.id, action: "leave", auto: true })));
      return;
    }
    const current = this.members.get(battle.currentTurn);
    const connected = current?.sessionId ? this.state.players.get(current.sessionId)?.connected : false;
    if (this.turnDeadline && (now >= this.turnDeadline || !connected)) {
      this.autoAct([{ actorId: battle.currentTurn, action: "defend", auto: true }]);
    }
  }

  private autoAct(actions: BattleAction[]): void {
    const expected = this.battle?.actionCount;
    this.autoActing = true;
    void this.enqueue(async () => {
      try {
        // Only if nothing moved the battle meanwhile (e.g. the player acted just in time).
        if (this.battle?.actionCount !== expected) return;
        for (const action of actions) await this.commit(action);
      } finally {
        this.autoActing = false;
      }
    });
  }

  /** Runs `step` after everything queued before it; an error is logged and does not stop the room. */
  private enqueue<T>(step: () => Promise<T>): Promise<T | undefined> {
    const run = this.work.then(step).catch((err) => {
      roomDeps().logger.error({ err, roomId: this.roomId }, "dungeon room step failed");
      return undefined;
    });
    this.work = run;
    return run;
  }

  // ---- restore after a process died ------------------------------------------------------------

  private async restore(battleId: string): Promise<void> {
    const { dungeons, clock } = roomDeps();
    const row = await dungeons.load(battleId);
    if (row?.status !== "battle") throw new Error(`battle ${battleId} is not running`);
    this.roomId = row.roomId;
    this.dungeon = dungeons.requireDungeon(row.dungeonId);
    this.battleId = row.id;
    this.battle = rebuildBattle(row);
    await dungeons.claim(row.id, matchMaker.processId);
    for (const p of row.party) this.members.set(p.id, { snapshot: p, admittedAt: Date.now() });
    this.state.dungeonId = this.dungeon.id;
    this.show([]);
    this.rejoinUntil = clock.now() + RECONNECT_SECONDS * 1000;
    // Nobody is seated yet: keep the room while its players come back.
    this.autoDispose = false;
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Who is chatting: a seated player, or a spectator (by account name). */
  private chatSender(client: Client) {
    const member = this.memberBySession(client.sessionId);
    if (member) {
      return {
        userId: member.snapshot.id,
        name: member.snapshot.name,
        role: "player" as const,
        sessionId: client.sessionId,
      };
    }
    const seat = client.auth as DungeonSeat | undefined;
    if (!seat || !this.spectatorIds.has(client.sessionId)) return undefined;
    return { userId: seat.id, name: seat.username, role: "spectator" as const, sessionId: client.sessionId };
  }

  private memberBySession(sessionId: string): Member | undefined {
    for (const m of this.members.values()) if (m.sessionId === sessionId) return m;
    return undefined;
  }

  /** A combatant of the running battle who has not left: may (re)take a seat. */
  private isFighting(userId: string): boolean {
    const combatant = this.battle?.players.find((p) => p.id === userId);
    return this.battle?.phase === "battle" && combatant !== undefined && !combatant.left;
  }

  private hasLeft(userId: string): boolean {
    return this.battle?.players.find((p) => p.id === userId)?.left ?? false;
  }

  private everyoneBack(): boolean {
    return [...this.members.values()].every(
      (m) => this.hasLeft(m.snapshot.id) || (m.sessionId && this.state.players.get(m.sessionId)?.connected),
    );
  }

  private setConnected(sessionId: string, connected: boolean): void {
    const entry = this.state.players.get(sessionId);
    if (entry) entry.connected = connected;
    this.changed();
  }

  private dropStaleAdmissions(): void {
    const expiry = Date.now() - (this.seatReservationTimeout + 5) * 1000;
    for (const [userId, m] of this.members) {
      if (!m.sessionId && m.admittedAt < expiry && this.state.phase === "waiting") this.members.delete(userId);
    }
  }

  /**
   * Keeps the matchmaker's listing current, so GET /battles/live is right from every process. The
   * metadata changes in memory at once; the Redis write waits for the next tick (TICK_MS), so a
   * party's joins, its start and its first round are one write, not one each. `writeSoon: false`
   * when Colyseus writes the whole listing itself right after (at creation, and when it counts a
   * leaving client out once onLeave returns).
   */
  private refreshListing(writeSoon = true): void {
    void this.setMetadata(this.listingMetadata(), false);
    if (writeSoon) this.listingStale = true;
  }

  private writeListing(): void {
    this.listingStale = false;
    this.setMetadata(this.listingMetadata(), true).catch((err: unknown) => {
      roomDeps().logger.warn({ err, roomId: this.roomId }, "dungeon room listing not written");
    });
  }

  private listingMetadata(): DungeonRoomMetadata {
    return {
      dungeonId: this.state.dungeonId,
      players: this.state.players.size,
      spectators: this.spectatorIds.size,
      round: this.state.round,
      phase: this.state.phase as DungeonRoomMetadata["phase"],
      locked: this.state.locked,
    };
  }
}
