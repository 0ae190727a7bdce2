import path from "node:path";
import { Client, type Room } from "@colyseus/sdk";
import {
  type CodingEndResponse,
  CodingMessage,
  type CodingRejectedMessage,
  type XpUpdateMessage,
} from "@levelup/shared/protocol/coding";
import type { LevelUpPush } from "@levelup/shared/protocol/progression";
import { HubPush, RoomName } from "@levelup/shared/protocol/rooms";
import { CodingState } from "@levelup/shared/state/CodingState";
import type { CredentialStore } from "./credentials.ts";
import { GameApi } from "./GameApi.ts";
import { ProjectWatcher } from "./ProjectWatcher.ts";
import type { TrackerStatus } from "./statusLine.ts";
import { UpdatePacer } from "./UpdatePacer.ts";

export interface TrackerOptions {
  folder: string;
  store: CredentialStore;
  /** Shown in the session list; defaults to the folder's name. */
  projectName?: string;
  onStatus?: (status: TrackerStatus) => void;
  /** Things worth telling the user (refused updates, reconnections). */
  onNotice?: (message: string) => void;
  /** Milliseconds between sends of queued lines (default 1000). */
  sendIntervalMs?: number;
}

/** Close code of a leave the client asked for (Colyseus CloseCode.CONSENTED). */
const CONSENTED = 4000;
const RECONNECT_DELAYS_MS = [1000, 2000, 5000, 10_000, 15_000];

/**
 * One tracked coding session: watches a folder, streams counted lines to the session's `coding`
 * room at the pace the server accepts, keeps a live status, reconnects after network loss (the
 * SDK first, then a fresh seat from /coding/start), and ends the session with its rewards.
 */
export class Tracker {
  readonly status: TrackerStatus = {
    connected: false,
    lines: 0,
    sessionXp: 0,
    level: 1,
    totalXp: 0,
    queued: 0,
    rejected: 0,
  };
  sessionId = "";
  private readonly api: GameApi;
  private readonly pacer = new UpdatePacer();
  private readonly watcher: ProjectWatcher;
  private room: Room<any, CodingState> | undefined;
  /** The user's hub seat: the player's news (total XP, level) arrive there, as on the web page. */
  private hub: Room | undefined;
  private hubRetry: NodeJS.Timeout | undefined;
  private access: { token: string; expiresAt: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private ended: CodingEndResponse | undefined;
  private endedWaiters: ((r: CodingEndResponse) => void)[] = [];

  private constructor(
    private readonly opts: TrackerOptions,
    server: string,
  ) {
    this.api = new GameApi(server);
    this.watcher = new ProjectWatcher(opts.folder, (change) => {
      this.pacer.add(change);
      this.refreshStatus();
    });
  }

  /** Signs in with the stored refresh token, starts (or resumes) a session and starts watching. */
  static async start(opts: TrackerOptions): Promise<Tracker> {
    const credentials = await opts.store.load();
    if (!credentials) throw new Error("Not signed in: run `levelup-track --login` first");
    const tracker = new Tracker(opts, credentials.server);
    const profile = await tracker.api.profile(await tracker.accessToken());
    tracker.status.totalXp = profile.experience;
    tracker.status.level = profile.level;
    await tracker.connect();
    await tracker.watcher.start();
    tracker.timer = setInterval(() => tracker.send(), opts.sendIntervalMs ?? 1000);
    return tracker;
  }

  /** Stops watching, sends what the caps allow now, ends the session and returns its rewards. */
  async stop(): Promise<CodingEndResponse> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.watcher.stop();
    this.send();
    const unsent = this.pacer.pendingLines;
    if (unsent > 0) this.opts.onNotice?.(`${unsent} lines were over the per-minute cap and not counted`);
    let result = this.ended;
    if (!result && this.room?.connection.isOpen) {
      // Through the room, after the updates on the same connection, so none is left behind.
      const ended = this.waitForEnd(10_000);
      this.room.send(CodingMessage.end, {});
      result = await ended.catch(() => undefined);
    }
    result ??= await this.api.endCoding(await this.accessToken(), this.sessionId);
    if (this.room?.connection.isOpen) await this.room.leave().catch(() => {});
    clearTimeout(this.hubRetry);
    if (this.hub?.connection.isOpen) await this.hub.leave().catch(() => {});
    return result;
  }

  private async connect(): Promise<void> {
    const token = await this.accessToken();
    const projectName = this.opts.projectName ?? path.basename(path.resolve(this.opts.folder));
    const start = await this.api.startCoding(token, { projectName: projectName.slice(0, 100) || undefined });
    if (this.sessionId && start.sessionId !== this.sessionId) {
      this.opts.onNotice?.("The previous session had ended; a new one started");
    }
    this.sessionId = start.sessionId;
    const client = new Client(this.api.server);
    client.auth.token = token;
    const room = await client.consumeSeatReservation(start.reservation, CodingState);
    this.room = room;
    this.status.connected = true;
    room.onStateChange((state) => {
      this.status.lines = state.linesWritten;
      this.status.sessionXp = state.xpEarned;
      this.status.rejected = state.rejectedUpdates;
      this.refreshStatus();
    });
    // The room's xp_update is for outside clients (docs/api.md); the player's XP comes from the hub.
    room.onMessage(CodingMessage.xpUpdate, () => {});
    room.onMessage(CodingMessage.rejected, (m: CodingRejectedMessage) => {
      if (m.update && (m.reason === "rate_limited" || m.reason === "daily_limit")) {
        // Over the player's budget (shared with their other sessions): the lines wait for it.
        this.pacer.requeue(m.update, m.retryAfterMs ?? 0, Date.now());
        const seconds = Math.ceil((m.retryAfterMs ?? 0) / 1000);
        this.opts.onNotice?.(`Waiting: ${m.message} (${m.update.linesAdded} lines kept, retrying in ${seconds} s)`);
        this.refreshStatus();
        return;
      }
      this.opts.onNotice?.(`Refused: ${m.message}`);
    });
    room.onMessage(CodingMessage.error, (m: { message?: string }) =>
      this.opts.onNotice?.(`Error: ${m.message ?? "?"}`),
    );
    room.onMessage(CodingMessage.ended, (m: CodingEndResponse) => {
      this.ended = m;
      for (const resolve of this.endedWaiters.splice(0)) resolve(m);
    });
    room.onDrop(() => {
      this.status.connected = false;
      this.refreshStatus();
    });
    room.onReconnect(() => {
      this.status.connected = true;
      this.refreshStatus();
    });
    room.onLeave((code) => {
      this.status.connected = false;
      if (this.stopping) return;
      this.refreshStatus();
      if (this.ended) {
        // The server ended the session (idle time-out, shutdown): start a new one.
        this.ended = undefined;
      } else if (code === CONSENTED) {
        return;
      }
      void this.reconnect();
    });
    await this.joinHub(client);
  }

  /** Joins the user's hub unless seated there; a failure only delays the total XP on the status line. */
  private async joinHub(client: Client): Promise<void> {
    if (this.stopping || this.hub?.connection.isOpen) return;
    try {
      const hub = await client.joinOrCreate(RoomName.hub);
      this.hub = hub;
      hub.onMessage(HubPush.xpUpdate, (m: XpUpdateMessage) => {
        this.status.totalXp = m.totalXp;
        this.status.level = m.level;
        this.refreshStatus();
      });
      hub.onMessage(HubPush.levelUp, (m: LevelUpPush) =>
        this.opts.onNotice?.(`Level up! You are now level ${m.level}`),
      );
      // Badges and quests are the web page's to show.
      hub.onMessage("*", () => {});
      hub.onLeave(() => {
        if (this.hub === hub) this.hub = undefined;
        this.retryHub();
      });
    } catch {
      this.retryHub();
    }
  }

  private retryHub(): void {
    if (this.stopping) return;
    clearTimeout(this.hubRetry);
    this.hubRetry = setTimeout(() => {
      void this.accessToken()
        .then((token) => {
          const client = new Client(this.api.server);
          client.auth.token = token;
          return this.joinHub(client);
        })
        .catch(() => this.retryHub());
    }, RECONNECT_DELAYS_MS.at(-1));
  }

  /** After the SDK gave up: a fresh seat from /coding/start (the same session while it is active). */
  private async reconnect(): Promise<void> {
    for (let attempt = 0; !this.stopping; attempt++) {
      const delay = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)] ?? 15_000;
      await new Promise((r) => setTimeout(r, delay));
      if (this.stopping) return;
      try {
        this.access = undefined;
        await this.connect();
        this.opts.onNotice?.("Reconnected");
        return;
      } catch (err) {
        this.opts.onNotice?.(`Reconnecting… (${(err as Error).message})`);
      }
    }
  }

  /** Sends the queued lines the caps allow now; nothing while disconnected (they wait). */
  private send(): void {
    const room = this.room;
    if (!room?.connection.isOpen || this.ended) return;
    for (const message of this.pacer.take(Date.now())) room.send(CodingMessage.update, message);
    this.refreshStatus();
  }

  private refreshStatus(): void {
    this.status.queued = this.pacer.pendingLines;
    this.opts.onStatus?.({ ...this.status });
  }

  private waitForEnd(ms: number): Promise<CodingEndResponse> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no answer from the coding room")), ms);
      this.endedWaiters.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  }

  /** A valid access token, refreshed with the stored (rotating) refresh token when needed. */
  private async accessToken(): Promise<string> {
    if (this.access && this.access.expiresAt > Date.now() + 60_000) return this.access.token;
    const credentials = await this.opts.store.load();
    if (!credentials) throw new Error("Not signed in: run `levelup-track --login` first");
    const tokens = await this.api.refresh(credentials.refreshToken);
    await this.opts.store.save({ ...credentials, refreshToken: tokens.refresh_token });
    this.access = { token: tokens.access_token, expiresAt: Date.now() + tokens.expires_in * 1000 };
    return tokens.access_token;
  }
}
