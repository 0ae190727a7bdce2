import type { Room } from "@colyseus/sdk";
import { dungeonById } from "@levelup/shared/content/dungeons";
import { DungeonMessage } from "@levelup/shared/protocol/rooms";
import type { BattleEvent } from "@levelup/shared/rules/combat/types";
import type { TFunction } from "i18next";
import { useCallback, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { loadProfile } from "../../app/session.ts";
import { Feedback } from "../../components/Feedback.tsx";
import { api } from "../../net/api.ts";
import { consumeSeat, reclaimSeat, rememberSeat, roomKey, type SeatResponse, watchBattle } from "../../net/colyseus.ts";
import { useSeatedRoom } from "../../net/useSeatedRoom.ts";
import { useStore } from "../../store/index.ts";
import { PartyChatPanel } from "../chat/PartyChatPanel.tsx";
import { useEmotes } from "../chat/useEmotes.ts";
import { ActionMenu, type BattleAction } from "./ActionMenu.tsx";
import { BattleScene } from "./BattleScene.tsx";
import { type BattleView, battleView, type Fighter, type SceneEvent, toSeatIds } from "./battleModel.ts";
import { dungeonName, enemyName, itemName, moveName, phaseName } from "../../i18n/content.ts";

/** What one player was paid when the battle was settled. */
export interface Payout {
  userId: string;
  xp: number;
  coins: number;
  gems: number;
  items?: { itemId: string; quantity: number }[];
}

/** Sent once the battle is settled: what each player was paid. */
interface RewardsEvent {
  type: "rewards";
  /** The stored battle: its replay is /replays/:battleId. */
  battleId?: string;
  rewards: Payout[];
}

/** A payout as short phrases in the chosen language: "+40 XP", "+15 coins", "Health Potion ×1". */
function rewardParts(t: TFunction, p: Payout): string[] {
  return [
    t("battle.rewardXp", { xp: p.xp }),
    ...(p.coins ? [t("battle.rewardCoins", { count: p.coins })] : []),
    ...(p.gems ? [t("battle.rewardGems", { count: p.gems })] : []),
    ...(p.items ?? []).map((i) => t("battle.rewardItem", { item: itemName(t, i.itemId, i.itemId), count: i.quantity })),
  ];
}

const LOG_LIMIT = 50;

/** The view with enemy and item names in the chosen language (the English name when there is no key). */
function localizeView(view: BattleView, t: TFunction): BattleView {
  const localize = (f: Fighter): Fighter => ({
    ...f,
    name: f.enemyId ? enemyName(t, f.enemyId, f.name) : f.name,
    items: f.items.map((i) => ({ ...i, name: itemName(t, i.itemId, i.name) })),
  });
  return { ...view, players: view.players.map(localize), enemies: view.enemies.map(localize) };
}

/** A player's seat: the one this tab had before a reload, else a new one in the invited party. */
async function joinAsPlayer(roomId: string, dungeonId: string | null): Promise<Room> {
  const room =
    (await reclaimSeat(roomId)) ??
    (await consumeSeat(
      await api<SeatResponse>("POST", "/api/game/dungeons/battle", { dungeonId, partyRoomId: roomId }),
    ));
  rememberSeat(room);
  return room;
}

/** Party lobby, then the battle itself; spectators see the same screen without the commands. */
export default function BattlePage({ spectate = false }: { spectate?: boolean }) {
  const { t } = useTranslation();
  const { roomId = "" } = useParams();
  const [search] = useSearchParams();
  const [events, setEvents] = useState<SceneEvent[]>([]);
  const [log, setLog] = useState<string[]>([]);
  const [battleId, setBattleId] = useState<string>();
  const { emotes, showEmote } = useEmotes();
  const [rewards, setRewards] = useState<Payout>();
  const seq = useRef(0);

  const describe = useCallback(
    (e: BattleEvent, names: Map<string, string>): string => {
      const n = (id: string) => names.get(id) ?? id;
      switch (e.type) {
        case "damage":
          return t(e.crit ? "battle.log.crit" : "battle.log.damage", {
            source: n(e.sourceId),
            target: n(e.targetId),
            amount: e.amount,
          });
        case "heal":
          return t("battle.log.heal", { source: n(e.sourceId), target: n(e.targetId), amount: e.amount });
        case "defend":
          return t("battle.log.defend", { actor: n(e.actorId) });
        case "faint":
          return t("battle.log.faint", { target: n(e.targetId) });
        case "turn":
          return t("battle.log.turn", { actor: n(e.actorId), round: e.round });
        case "phase":
          return t("battle.log.phase", { name: phaseName(t, e.phase, e.name) });
        case "leave":
          return t("battle.log.leave", { actor: n(e.actorId) });
        case "victory":
          return t("battle.victory");
        case "defeat":
          return t("battle.defeat");
        default:
          return "";
      }
    },
    [t],
  );
  const viewRef = useRef<BattleView>(undefined);

  // When the dungeon list did not hand the party room over: joined through an invite link (or again
  // after a reload), or watched as a spectator.
  const join = useCallback(
    () => (spectate ? watchBattle(roomId) : joinAsPlayer(roomId, search.get("d"))),
    [roomId, spectate, search],
  );
  const listen = useCallback(
    (r: Room) => {
      r.onMessage(DungeonMessage.battleUpdate, (payload: BattleEvent | RewardsEvent) => {
        const v = viewRef.current;
        if (payload.type === "rewards") {
          if (payload.battleId) setBattleId(payload.battleId);
          const mine = payload.rewards.find((p) => p.userId === useStore.getState().me?.id);
          if (mine) {
            setRewards(mine);
            const line = t("battle.log.rewards", { rewards: rewardParts(t, mine).join(t("common.listSeparator")) });
            setLog((prev) => [line, ...prev].slice(0, LOG_LIMIT));
          }
          void loadProfile().catch(() => {});
          return;
        }
        const list = [toSeatIds(payload, v?.players ?? [])];
        const names = new Map([...(v?.players ?? []), ...(v?.enemies ?? [])].map((f) => [f.id, f.name]));
        setEvents((prev) => [...prev.slice(-20), ...list.map((e) => ({ ...e, seq: ++seq.current }))]);
        setLog((prev) =>
          [
            ...list
              .map((e) => describe(e, names))
              .filter(Boolean)
              .reverse(),
            ...prev,
          ].slice(0, LOG_LIMIT),
        );
      });
    },
    [describe, t],
  );
  const {
    room,
    view: rawView,
    error,
    dropped,
  } = useSeatedRoom({
    key: roomKey(roomId, spectate),
    join,
    errorType: DungeonMessage.error,
    toView: battleView,
    listen,
  });
  // Enemy and item names come from the server in English: shown in the chosen language.
  const view = useMemo(() => rawView && localizeView(rawView, t), [rawView, t]);
  viewRef.current = view;

  const send = useCallback((action: BattleAction) => room?.send(DungeonMessage.battleAction, action), [room]);
  const me = view?.players.find((p) => p.id === room?.sessionId);
  const labels = useMemo(() => ({ crit: t("battle.crit"), miss: t("battle.miss") }), [t]);
  const inviteLink = `${location.origin}/battle/${roomId}?d=${encodeURIComponent(view?.dungeonId ?? search.get("d") ?? "")}`;

  if (error !== undefined)
    return (
      <section className="panel">
        <Feedback error={error} />
        <Link to="/dungeons">{t("battle.back")}</Link>
      </section>
    );
  if (!view)
    return (
      <section className="panel">
        <Feedback loading />
      </section>
    );

  return (
    <section className="battle" data-phase={view.phase} data-testid="battle">
      <div className="battle-top">
        <h1>
          {dungeonName(t, view.dungeonId, dungeonById(view.dungeonId)?.name ?? t("battle.title"))} ·{" "}
          {view.phase === "waiting" ? t("battle.lobby") : t("battle.round", { round: view.round })}
        </h1>
        {spectate && (
          <span className="tag tag-spectator" data-testid="spectator-badge">
            {t("battle.spectating")}
          </span>
        )}
        <span className="tag" data-testid="spectator-count">
          {t("battle.spectators", { count: view.spectators })}
        </span>
        {dropped && (
          <span className="tag tag-warn" role="status">
            {t("connection.reconnecting")}
          </span>
        )}
      </div>
      {view.phase === "waiting" ? (
        <div className="panel lobby" data-testid="lobby">
          <p>{t("battle.invite")}</p>
          <input
            className="invite"
            readOnly
            value={inviteLink}
            aria-label={t("battle.inviteLink")}
            data-testid="invite-link"
          />
          <ul className="plain">
            {view.players.map((p) => (
              <li key={p.id}>
                {p.name} · {p.ready ? t("battle.ready") : t("battle.notReady")}
              </li>
            ))}
          </ul>
          {!spectate && me && (
            <button
              type="button"
              className="btn btn-primary"
              disabled={me.ready}
              onClick={() => room?.send(DungeonMessage.ready, {})}
              data-testid="ready"
            >
              {t("battle.readyButton")}
            </button>
          )}
        </div>
      ) : (
        <>
          <BattleScene
            players={view.players}
            enemies={view.enemies}
            currentTurn={view.currentTurn}
            events={events}
            showIntents={!spectate}
            labels={labels}
            ariaLabel={t("battle.sceneLabel")}
            emotes={emotes}
          />
          {(view.phase === "victory" || view.phase === "defeat") && (
            <div className={`result result-${view.phase}`} role="status" data-testid="battle-result">
              <h2>{t(`battle.${view.phase}`)}</h2>
              {!spectate && <RewardsPanel rewards={rewards} />}
              {battleId && (
                <Link to={`/replays/${battleId}`} className="btn" data-testid="watch-replay">
                  {t("replays.watchButton")}
                </Link>
              )}
              <Link to={spectate ? "/spectate" : "/dungeons"} className="btn btn-primary">
                {t("battle.back")}
              </Link>
            </div>
          )}
          {view.phase === "battle" && !spectate && <Intents players={view.players} enemies={view.enemies} />}
          {view.phase === "battle" && !spectate && me && (
            <ActionMenu
              me={me}
              enemies={view.enemies}
              myTurn={view.currentTurn === me.id && me.hp > 0}
              onAction={send}
            />
          )}
        </>
      )}
      <div className="panel battle-log">
        <h2>{t("battle.logTitle")}</h2>
        <ol className="log" data-testid="battle-log" aria-live="polite">
          {(log.length > 0 ? log : view.log.slice().reverse()).map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: log lines have no identity and never reorder
            <li key={i}>{line}</li>
          ))}
        </ol>
      </div>
      {room && <PartyChatPanel room={room} spectate={spectate} onEmote={showEmote} />}
    </section>
  );
}

/** What each living enemy plans this round and whom it would hit (players only: spectators never receive it). */
function Intents({ players, enemies }: { players: Fighter[]; enemies: Fighter[] }) {
  const { t } = useTranslation();
  const planned = enemies.filter((e) => e.hp > 0 && e.intent);
  if (planned.length === 0) return null;
  const nameOf = (key: string) => players.find((p) => p.id === key)?.name ?? key;
  return (
    <div className="panel intents">
      <h2>{t("battle.intentsTitle")}</h2>
      <ul className="plain" data-testid="enemy-intents">
        {planned.map((e) => {
          const targets = e.intentTargets;
          const icon = targets === "random" ? "🎲" : (targets?.length ?? 0) > 1 ? "💥" : "⚔";
          const target =
            targets === "random"
              ? t("battle.intentRandom")
              : (targets?.length ?? 0) > 1
                ? t("battle.intentEveryone")
                : (targets ?? []).map(nameOf).join(t("common.listSeparator"));
          return (
            <li key={e.id} data-testid={`intent-${e.id}`}>
              <span aria-hidden="true" className="intent-icon">
                {icon}
              </span>{" "}
              {t("battle.intent", { enemy: e.name, move: moveName(t, e.enemyId, e.intent ?? ""), target })}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The player's own payout on the victory or defeat panel (it arrives a moment after the end). */
function RewardsPanel({ rewards }: { rewards: Payout | undefined }) {
  const { t } = useTranslation();
  if (!rewards) return <p className="muted">{t("battle.rewardsPending")}</p>;
  const parts = rewardParts(t, rewards);
  return (
    <div className="rewards" data-testid="battle-rewards">
      <h3>{t("battle.rewardsTitle")}</h3>
      {rewards.xp || rewards.coins || rewards.gems || rewards.items?.length ? (
        <ul className="plain">
          {parts.map((part) => (
            <li key={part}>{part}</li>
          ))}
        </ul>
      ) : (
        <p>{t("battle.noRewards")}</p>
      )}
    </div>
  );
}
