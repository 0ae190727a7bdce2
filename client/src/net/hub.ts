import type { Room } from "@colyseus/sdk";
import { questTemplateCatalogue } from "@levelup/shared/content/questTemplates";
import type { XpUpdateMessage } from "@levelup/shared/protocol/coding";
import type { AchievementUnlockedPush, LevelUpPush, QuestProgressPush } from "@levelup/shared/protocol/progression";
import { HubPush, RoomName } from "@levelup/shared/protocol/rooms";
import { useStore } from "../store/index.ts";
import { gameClient } from "./colyseus.ts";

/** Delay before the n-th attempt to rejoin the hub after the SDK gave up reconnecting (ms). */
const backoff = (attempt: number) => Math.min(15_000, 500 * 2 ** attempt);

let room: Room | undefined;
let wanted = false;
let attempt = 0;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

/** Opens the user's hub seat; its pushes become store updates and toasts. Idempotent. */
export function connectHub(): void {
  wanted = true;
  if (room) return;
  void join();
}

export function disconnectHub(): void {
  wanted = false;
  clearTimeout(retryTimer);
  const r = room;
  room = undefined;
  if (r?.connection.isOpen) void r.leave(true).catch(() => {});
  useStore.getState().setConnection("offline");
}

async function join(): Promise<void> {
  const store = useStore.getState();
  if (!store.accessToken) return;
  store.setConnection(attempt === 0 ? "connecting" : "reconnecting");
  try {
    const r = await gameClient().joinOrCreate(RoomName.hub, { token: store.accessToken });
    if (!wanted) {
      void r.leave(true);
      return;
    }
    room = r;
    attempt = 0;
    useStore.getState().setConnection("online");
    listen(r);
  } catch {
    scheduleRejoin();
  }
}

function scheduleRejoin(): void {
  if (!wanted) return;
  useStore.getState().setConnection("reconnecting");
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void join(), backoff(attempt++));
}

function listen(r: Room): void {
  const s = useStore.getState;
  r.onDrop(() => s().setConnection("reconnecting"));
  r.onReconnect(() => s().setConnection("online"));
  r.onLeave(() => {
    if (room === r) room = undefined;
    scheduleRejoin();
  });
  r.onMessage(HubPush.xpUpdate, (m: XpUpdateMessage) => {
    s().applyTotalXp(m.totalXp);
    s().recordXpGain(m);
    if (m.xp > 0) s().pushToast({ kind: "xp", key: "toast.xp", values: { xp: m.xp } });
  });
  r.onMessage(HubPush.levelUp, (m: LevelUpPush) => {
    s().pushToast({ kind: "level", key: "toast.levelUp", values: { level: m.level } });
  });
  r.onMessage(HubPush.achievementUnlocked, (m: AchievementUnlockedPush) => {
    s().pushToast({
      kind: "badge",
      key: "toast.badge",
      values: { name: m.badge.name },
      nameKey: `content.badge.${m.badge.id}.name`,
    });
  });
  r.onMessage(HubPush.questProgress, (m: QuestProgressPush) => {
    // Progress moves with every batch of work: only a finished quest is worth interrupting for.
    if (!m.completed) return;
    const name = questTemplateCatalogue.find((q) => q.id === m.templateId)?.title ?? "";
    s().pushToast({
      kind: "quest",
      key: "toast.questDone",
      values: { name },
      nameKey: `content.quest.${m.templateId}.title`,
    });
  });
  // Pushes this client does not know yet are ignored rather than logged as errors.
  r.onMessage("*", () => {});
}
