import type { BattleReplay } from "@levelup/shared/protocol/replay";
import { dungeonById } from "@levelup/shared/content/dungeons";
import type { BattleEvent } from "@levelup/shared/rules/combat/types";
import { battleSetupOf, outcomeOf, type ReplayFrame, replayFrames, sameOutcome } from "@levelup/shared/rules/replay";
import type { TFunction } from "i18next";
import { useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { Feedback } from "../../components/Feedback.tsx";
import { dungeonName, enemyName, phaseName } from "../../i18n/content.ts";
import { useApiData } from "../../net/useApiData.ts";
import { useStore } from "../../store/index.ts";
import { BattleScene } from "../dungeons/BattleScene.tsx";
import type { SceneEvent } from "../dungeons/battleModel.ts";
import { ReplayControls } from "./ReplayControls.tsx";
import { FRAME_MS, nextFrame, replayView } from "./replayModel.ts";

/** Log lines of one frame's events, in the live battle's words. */
function describe(t: TFunction, events: BattleEvent[], names: Map<string, string>): string[] {
  const n = (id: string) => names.get(id) ?? id;
  return events.flatMap((e) => {
    switch (e.type) {
      case "damage":
        return [
          t(e.crit ? "battle.log.crit" : "battle.log.damage", {
            source: n(e.sourceId),
            target: n(e.targetId),
            amount: e.amount,
          }),
        ];
      case "heal":
        return [t("battle.log.heal", { source: n(e.sourceId), target: n(e.targetId), amount: e.amount })];
      case "defend":
        return [t("battle.log.defend", { actor: n(e.actorId) })];
      case "faint":
        return [t("battle.log.faint", { target: n(e.targetId) })];
      case "phase":
        return [t("battle.log.phase", { name: phaseName(t, e.phase, e.name) })];
      case "leave":
        return [t("battle.log.leave", { actor: n(e.actorId) })];
      case "victory":
        return [t("battle.victory")];
      case "defeat":
        return [t("battle.defeat")];
      default:
        return [];
    }
  });
}

/**
 * A finished battle played again from its seed and action log with the shared engine, in the
 * battle scene: play/pause, speed, step and a scrubber. Works signed out (a shareable link).
 */
export default function ReplayPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const signedIn = useStore((s) => s.authStatus === "authenticated");
  const {
    data: replay,
    error,
    loading,
  } = useApiData<BattleReplay>(`/api/game/battles/${encodeURIComponent(id)}/replay`);
  const frames = useMemo<ReplayFrame[] | undefined>(
    () => (replay ? replayFrames(battleSetupOf(replay), replay.actions) : undefined),
    [replay],
  );
  const [frame, setFrame] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(1);
  const [events, setEvents] = useState<SceneEvent[]>([]);
  const seq = useRef(0);
  const count = frames?.length ?? 0;
  const last = count - 1;

  /** Moves to `to`; one step forward also animates what that action did. */
  const show = (to: number) => {
    if (!frames) return;
    const target = Math.max(0, Math.min(last, to));
    if (target === frame + 1) {
      const fresh = (frames[target]?.events ?? []).map((e) => ({ ...e, seq: ++seq.current }));
      setEvents((prev) => [...prev.slice(-20), ...fresh]);
    }
    setFrame(target);
  };

  useEffect(() => {
    if (!playing || !frames) return;
    if (frame >= last) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => {
      const to = nextFrame(frame, count);
      const fresh = (frames[to]?.events ?? []).map((e) => ({ ...e, seq: ++seq.current }));
      setEvents((prev) => [...prev.slice(-20), ...fresh]);
      setFrame(to);
    }, FRAME_MS / speed);
    return () => clearTimeout(timer);
  }, [playing, frame, frames, speed, last, count]);

  const current = frames?.[frame];
  const view = useMemo(() => {
    if (!current) return undefined;
    const v = replayView(current.state);
    return { ...v, enemies: v.enemies.map((e) => ({ ...e, name: enemyName(t, e.enemyId ?? "", e.name) })) };
  }, [current, t]);
  const log = useMemo(() => {
    if (!frames || !view) return [];
    const names = new Map([...view.players, ...view.enemies].map((f) => [f.id, f.name]));
    return frames
      .slice(1, frame + 1)
      .flatMap((f) => describe(t, f.events, names))
      .reverse()
      .slice(0, 50);
  }, [frames, frame, view, t]);
  const verified = useMemo(() => {
    const end = frames?.[last];
    return end && replay ? sameOutcome(outcomeOf(end.state), replay.result) : false;
  }, [frames, last, replay]);
  const labels = useMemo(() => ({ crit: t("battle.crit"), miss: t("battle.miss") }), [t]);

  if (error !== undefined || loading || !replay || !view)
    return (
      <section className="panel">
        <Feedback loading={loading} error={error} />
        {error !== undefined && <Link to={signedIn ? "/spectate" : "/login"}>{t("battle.back")}</Link>}
      </section>
    );

  const atEnd = frame === last;
  return (
    <section className="battle replay" data-phase={atEnd ? replay.result.phase : "battle"} data-testid="replay">
      <div className="battle-top">
        <h1>
          {t("replays.title", {
            dungeon: dungeonName(t, replay.dungeonId, dungeonById(replay.dungeonId)?.name ?? replay.dungeonId),
          })}{" "}
          · {t("battle.round", { round: view.round })}
        </h1>
        <span className="tag tag-spectator">{t("replays.badge")}</span>
      </div>
      <BattleScene
        players={view.players}
        enemies={view.enemies}
        currentTurn={atEnd ? "" : view.currentTurn}
        events={events}
        labels={labels}
        ariaLabel={t("replays.sceneLabel")}
      />
      <ReplayControls
        frame={frame}
        last={last}
        playing={playing}
        speed={speed}
        onPlay={() => {
          if (atEnd) show(0);
          setPlaying((p) => !p || atEnd);
        }}
        onSpeed={setSpeed}
        onStep={(delta) => {
          setPlaying(false);
          show(frame + delta);
        }}
        onSeek={(to) => {
          setPlaying(false);
          setEvents([]);
          setFrame(Math.max(0, Math.min(last, to)));
        }}
      />
      {atEnd && (
        <div className={`result result-${replay.result.phase}`} role="status" data-testid="replay-result">
          <h2>{t(`battle.${replay.result.phase === "defeat" ? "defeat" : "victory"}`)}</h2>
          <p data-testid="replay-result-round">{t("battle.round", { round: replay.result.round })}</p>
          <p data-testid="replay-verified" data-verified={verified}>
            {verified ? t("replays.verified") : t("replays.mismatch")}
          </p>
        </div>
      )}
      <div className="panel">
        <label>
          {t("replays.share")} <input className="invite" readOnly value={location.href} data-testid="replay-link" />
        </label>
      </div>
      <div className="panel battle-log">
        <h2>{t("battle.logTitle")}</h2>
        <ol className="log" data-testid="replay-log" aria-live="off">
          {log.map((line, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: log lines have no identity and never reorder
            <li key={i}>{line}</li>
          ))}
        </ol>
      </div>
    </section>
  );
}
