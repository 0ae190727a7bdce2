import type { Room } from "@colyseus/sdk";
import type { ClashGradedMessage, ClashProblemMessage, ClashResultMessage } from "@levelup/shared/protocol/clash";
import { ErrorCode } from "@levelup/shared/protocol/errors";
import { ClashMessage } from "@levelup/shared/protocol/rooms";
import { CLASH_MIN_PLAYERS } from "@levelup/shared/rules/clash";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { loadProfile } from "../../app/session.ts";
import { Feedback } from "../../components/Feedback.tsx";
import { useFormat } from "../../i18n/format.ts";
import { ApiError } from "../../net/ApiError.ts";
import { roomKey } from "../../net/colyseus.ts";
import { useSeatedRoom } from "../../net/useSeatedRoom.ts";
import { useStore } from "../../store/index.ts";
import { ClashBoard, ClashTimeline } from "./ClashBoard.tsx";
import { ClashEditor } from "./ClashEditor.tsx";
import { ClashProblem } from "./ClashProblem.tsx";
import { ClashResult } from "./ClashResult.tsx";
import { type ClashPlayerView, type ClashView, clashView, clock, secondsUntil } from "./clashModel.ts";
import { clashPath, joinClash, watchPath } from "./clashRoom.ts";
import "./clash.css";

/** The current time, ticking every second while `on`: countdowns and the time left. */
function useNow(on: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!on) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}

/**
 * One clash, for a player (`/clash/join/:roomId`: the lobby, the countdown, the game, the result)
 * or a spectator (`/clash/watch/:roomId`: the same board read-only).
 */
export default function ClashRoomPage({ spectate = false }: { spectate?: boolean }) {
  const { t } = useTranslation();
  const { roomId = "" } = useParams();
  const myId = useStore((s) => s.me?.id);
  const [problem, setProblem] = useState<ClashProblemMessage>();
  const [graded, setGraded] = useState<ClashGradedMessage>();
  const [result, setResult] = useState<ClashResultMessage>();

  // The join and watch routes share this screen: another room, or the same one watched after a
  // refused seat, starts from nothing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new room is the reset trigger
  useEffect(() => {
    setProblem(undefined);
    setGraded(undefined);
    setResult(undefined);
  }, [roomId, spectate]);

  const join = useCallback(() => joinClash(roomId, spectate), [roomId, spectate]);
  const listen = useCallback(
    (r: Room) => {
      r.onMessage(ClashMessage.problem, (m: ClashProblemMessage) => setProblem(m));
      r.onMessage(ClashMessage.graded, (m: ClashGradedMessage) => setGraded(m));
      r.onMessage(ClashMessage.result, (m: ClashResultMessage) => {
        setResult(m);
        if (!spectate) void loadProfile().catch(() => {});
      });
    },
    [spectate],
  );
  const { room, view, error, dropped } = useSeatedRoom({
    key: roomKey(roomId, spectate),
    join,
    errorType: ClashMessage.error,
    toView: clashView,
    listen,
  });

  const now = useNow(view?.phase === "countdown" || view?.phase === "playing");

  if (error !== undefined)
    return (
      <section className="panel">
        <Feedback error={error} />
        {/* A link opened too late: the clash is still there to watch. */}
        {!spectate && error instanceof ApiError && error.code === ErrorCode.CLASH_STARTED && (
          <p>
            <Link to={watchPath(roomId)} className="btn btn-primary" data-testid="clash-watch-instead">
              {t("clash.watchInstead")}
            </Link>
          </p>
        )}
        <Link to="/clash">{t("clash.back")}</Link>
      </section>
    );
  if (!view || !room)
    return (
      <section className="panel">
        <Feedback loading />
      </section>
    );

  const me = view.players.find((p) => p.userId === myId);
  const endsAt = problem?.endsAt || view.endsAt;
  return (
    <section className="clash" data-phase={view.phase} data-testid="clash-room">
      <div className="battle-top">
        <h1>{t("clash.title")}</h1>
        <span className="tag" data-testid="clash-phase">
          {t(`clash.phase.${view.phase}`)}
        </span>
        {view.phase === "playing" && (
          <span className="tag clash-time" data-testid="clash-time-left">
            {t("clash.timeLeft", { time: clock(secondsUntil(endsAt, now) * 1000) })}
          </span>
        )}
        {spectate && (
          <span className="tag tag-spectator" data-testid="spectator-badge">
            {t("clash.spectating")}
          </span>
        )}
        <span className="tag tag-spectator">{t("clash.spectators", { count: view.spectators })}</span>
        {dropped && (
          <span className="tag tag-warn" role="status">
            {t("connection.reconnecting")}
          </span>
        )}
      </div>
      {view.phase === "lobby" && <Lobby view={view} me={me} room={room} spectate={spectate} />}
      {view.phase === "countdown" && (
        <div className="panel clash-countdown" role="status" data-testid="clash-countdown">
          <p>{t("clash.startingIn")}</p>
          <p className="clash-big">{secondsUntil(view.startsAt, now)}</p>
        </div>
      )}
      {result && <ClashResult result={result} myId={myId} />}
      {view.phase === "ended" && !result && <EndedFromState players={view.players} myId={myId} />}
      {(view.phase === "playing" || view.phase === "ended") && (
        <div className={`clash-game${spectate || !me ? " clash-game-watch" : ""}`}>
          {problem ? <ClashProblem problem={problem} /> : <Feedback loading />}
          {!spectate && me && problem && (
            <ClashEditor
              room={room}
              starterCode={problem.starterCode}
              graded={graded}
              solved={me.solved || me.forfeited}
              open={view.phase === "playing"}
            />
          )}
        </div>
      )}
      {view.phase !== "lobby" && (
        <div className="clash-live">
          <ClashBoard players={view.players} myId={myId} />
          <ClashTimeline timeline={view.timeline} players={view.players} />
        </div>
      )}
      <Link to="/clash" className="btn">
        {t("clash.back")}
      </Link>
    </section>
  );
}

/** Who is seated, with their ratings; the owner starts once enough players are in. */
function Lobby({
  view,
  me,
  room,
  spectate,
}: {
  view: ClashView;
  me: ClashPlayerView | undefined;
  room: Room;
  spectate: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const invite = `${location.origin}${clashPath(room.roomId)}`;
  const [copied, setCopied] = useState(false);
  const enough = view.players.length >= CLASH_MIN_PLAYERS;
  const owner = view.players.find((p) => p.userId === view.ownerId);

  function copy() {
    void navigator.clipboard
      ?.writeText(invite)
      .then(() => setCopied(true))
      .catch(() => {});
  }

  return (
    <div className="panel lobby" data-testid="clash-lobby">
      <h2>{view.private ? t("clash.privateLobby") : t("clash.publicLobby")}</h2>
      {view.language && (
        <p className="muted">{t("clash.lobbyLanguage", { language: t(`language.${view.language}`) })}</p>
      )}
      {!spectate && (
        <>
          <p>{t("clash.inviteShare")}</p>
          <div className="clash-invite">
            <input
              className="invite"
              readOnly
              value={invite}
              aria-label={t("clash.inviteLink")}
              data-testid="clash-invite-link"
              onFocus={(e) => e.currentTarget.select()}
            />
            <button type="button" className="btn btn-small" onClick={copy} data-testid="clash-copy">
              {copied ? t("clash.copied") : t("clash.copy")}
            </button>
          </div>
        </>
      )}
      <h3>{t("clash.playersTitle", { count: view.players.length })}</h3>
      <ul className="plain clash-lobby-players" data-testid="clash-lobby-players">
        {view.players.map((p) => (
          <li key={p.userId} className={p.userId === me?.userId ? "clash-me" : undefined}>
            <span className="clash-name">{p.username}</span>{" "}
            <span className="muted">{t("clash.rating", { rating: f.num(p.rating) })}</span>
            {p.userId === view.ownerId && <span className="tag">{t("clash.owner")}</span>}
            {!p.connected && <span className="tag tag-warn">{t("clash.disconnected")}</span>}
          </li>
        ))}
      </ul>
      {!spectate && me && me.userId === view.ownerId ? (
        enough ? (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => room.send(ClashMessage.start, {})}
            data-testid="clash-start"
          >
            {t("clash.start")}
          </button>
        ) : (
          <p className="muted" role="status" data-testid="clash-waiting">
            {t("clash.waitingForPlayers", { count: CLASH_MIN_PLAYERS })}
          </p>
        )
      ) : (
        <p className="muted" role="status" data-testid="clash-waiting">
          {t("clash.waitingForOwner", { name: owner?.username ?? "" })}
        </p>
      )}
    </div>
  );
}

/** After a reload past the end the result message is gone: places and rating changes from the state. */
function EndedFromState({ players, myId }: { players: ClashPlayerView[]; myId: string | undefined }) {
  const { t } = useTranslation();
  return (
    <div className="panel clash-result" data-testid="clash-result">
      <h2>{t("clash.over")}</h2>
      <ol className="plain">
        {players.map((p) => (
          <li key={p.userId} className={p.userId === myId ? "clash-me" : undefined}>
            {t("clash.placeLine", {
              place: p.place,
              name: p.username,
              delta: p.ratingDelta > 0 ? `+${p.ratingDelta}` : String(p.ratingDelta),
            })}
          </li>
        ))}
      </ol>
    </div>
  );
}
