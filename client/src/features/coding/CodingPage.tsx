import { javascript } from "@codemirror/lang-javascript";
import type { Room } from "@colyseus/sdk";
import type { CodingEndResponse, CodingRejectedMessage, CodingStartResponse } from "@levelup/shared/protocol/coding";
import { CodingMessage } from "@levelup/shared/protocol/rooms";
import { CODING_LANGUAGES, type CodingLanguage, languageMultiplier } from "@levelup/shared/rules/coding";
import { UpdatePacer } from "@levelup/shared/rules/updatePacer";
import CodeMirror from "@uiw/react-codemirror";
import type { TFunction } from "i18next";
import { type FormEvent, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { loadProfile } from "../../app/session.ts";
import { Feedback } from "../../components/Feedback.tsx";
import { amountList } from "../../i18n/amounts.ts";
import { useFormat } from "../../i18n/format.ts";
import { api } from "../../net/api.ts";
import { consumeSeat } from "../../net/colyseus.ts";
import { useStore } from "../../store/index.ts";
import { CodingScene } from "./CodingScene.tsx";
import { countLines, lineDelta } from "./lineDelta.ts";

/** How often typed work is counted and the pacer asked what may be sent (ms). */
const REPORT_MS = 1500;

/** Every language the server scores, grouped by its XP multiplier (highest first). */
const LANGUAGE_GROUPS = [...new Set(CODING_LANGUAGES.map(languageMultiplier))]
  .sort((a, b) => b - a)
  .map((multiplier) => ({
    multiplier,
    languages: CODING_LANGUAGES.filter((l) => languageMultiplier(l) === multiplier),
  }));
const EXTENSIONS = [javascript({ typescript: true })];

interface CodingRoomState {
  linesWritten: number;
  charactersTyped: number;
  filesModified: number;
  xpEarned: number;
  language: string;
  active: boolean;
}

/** Coding mode: start a session, write code, watch XP arrive live, end it for the rewards. */
export default function CodingPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const profile = useStore((s) => s.profile);
  const gain = useStore((s) => s.lastXpGain);
  const pushToast = useStore((s) => s.pushToast);
  const [room, setRoom] = useState<Room>();
  const [sessionId, setSessionId] = useState<string>();
  const [state, setState] = useState<CodingRoomState>();
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<CodingEndResponse>();
  const [text, setText] = useState("");
  const [language, setLanguage] = useState<CodingLanguage>("javascript");
  const [languageFilter, setLanguageFilter] = useState("");
  const [queued, setQueued] = useState(0);
  /** The session's pacer: outlives a change of language, and takes back what the budget refused. */
  const pacer = useRef(new UpdatePacer());
  const reported = useRef({ lines: 0, chars: 0 });
  const textRef = useRef(text);
  textRef.current = text;

  // Count the editor's growth and hand it to the shared pacer, which sends what the server's
  // budget allows and queues the rest: a 500-line paste is paid over a few minutes, never lost.
  useEffect(() => {
    if (!room) return;
    const timer = setInterval(() => {
      const lines = countLines(textRef.current);
      const chars = textRef.current.length;
      const delta = lineDelta(reported.current.lines, lines);
      if (delta.linesAdded > 0 || delta.linesRemoved > 0) {
        pacer.current.add({
          file: "main",
          language,
          added: delta.linesAdded,
          removed: delta.linesRemoved,
          characters: Math.max(0, chars - reported.current.chars),
        });
        reported.current = { lines, chars };
      }
      for (const message of pacer.current.take(Date.now())) room.send(CodingMessage.update, message);
      setQueued(pacer.current.pendingLines);
    }, REPORT_MS);
    return () => clearInterval(timer);
  }, [room, language]);

  useEffect(
    () => () => {
      if (room?.connection.isOpen) void room.leave(true).catch(() => {});
    },
    [room],
  );

  async function start(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const projectName = String(new FormData(e.currentTarget).get("project") || "") || undefined;
    try {
      const seat = await api<CodingStartResponse>("POST", "/api/game/coding/start", { projectName, language });
      const r = await consumeSeat(seat);
      r.onStateChange((s: { toJSON: () => CodingRoomState }) => setState(s.toJSON()));
      // The room's xp_update is for outside clients (docs/api.md); the player's XP comes from the hub.
      r.onMessage(CodingMessage.xpUpdate, () => {});
      r.onMessage(CodingMessage.rejected, (m: CodingRejectedMessage) => {
        // Lines the player's budget refused (other sessions or trackers spent it) wait in the
        // queue and go again once it has room: shown as queued, not as an error.
        if (m.update && isBudgetRefusal(m.reason)) {
          pacer.current.requeue(m.update, m.retryAfterMs ?? 0, Date.now());
          setQueued(pacer.current.pendingLines);
          return;
        }
        pushToast({
          kind: "error",
          key: `coding.rejected.${m.reason}`,
          values: { seconds: Math.max(1, Math.ceil((m.retryAfterMs ?? 0) / 1000)) },
        });
      });
      r.onMessage(CodingMessage.ended, () => {});
      r.onMessage(CodingMessage.error, () => pushToast({ kind: "error", key: "errors.VALIDATION_FAILED" }));
      reported.current = { lines: countLines(textRef.current), chars: textRef.current.length };
      pacer.current = new UpdatePacer();
      setQueued(0);
      setSessionId(seat.sessionId);
      useStore.getState().setCodingSession(seat.sessionId);
      setResult(undefined);
      setError(undefined);
      setRoom(r);
    } catch (err) {
      setError(err);
    }
  }

  async function end() {
    if (!sessionId) return;
    try {
      const r = await api<CodingEndResponse>("POST", "/api/game/coding/end", { sessionId });
      setResult(r);
      await loadProfile();
      // The server closes the session's room itself once it has ended.
      room?.removeAllListeners();
      setRoom(undefined);
      setSessionId(undefined);
      useStore.getState().setCodingSession(null);
    } catch (err) {
      setError(err);
    }
  }

  const labels = useMemo(
    () => ({ level: t("stats.level"), levelUp: t("coding.levelUp"), xp: (n: number) => t("coding.xpGain", { xp: n }) }),
    [t],
  );

  return (
    <section className="panel coding">
      <h1>{t("coding.title")}</h1>
      <CodingScene
        experience={profile?.experience ?? 0}
        level={profile?.level ?? 1}
        lines={state?.linesWritten ?? 0}
        gain={gain}
        labels={labels}
        ariaLabel={t("coding.sceneLabel")}
      />
      <Feedback error={error} />
      {!room && (
        <form className="form inline" onSubmit={(e) => void start(e)}>
          <label>
            {t("coding.project")}
            <input name="project" maxLength={100} />
          </label>
          <label>
            {t("coding.languageSearch")}
            <input
              type="search"
              value={languageFilter}
              onChange={(e) => setLanguageFilter(e.target.value)}
              data-testid="language-search"
            />
          </label>
          <label>
            {t("coding.language")}
            <select
              value={language}
              onChange={(e) => setLanguage(e.target.value as CodingLanguage)}
              data-testid="language"
            >
              {LANGUAGE_GROUPS.map((g) => {
                const shown = g.languages.filter(
                  (l) => l === language || languageLabel(t, l).toLowerCase().includes(languageFilter.toLowerCase()),
                );
                return shown.length === 0 ? null : (
                  <optgroup key={g.multiplier} label={t("coding.languageGroup", { multiplier: f.num(g.multiplier) })}>
                    {shown.map((l) => (
                      <option key={l} value={l}>
                        {languageLabel(t, l)}
                      </option>
                    ))}
                  </optgroup>
                );
              })}
            </select>
          </label>
          <button type="submit" className="btn btn-primary">
            {t("coding.start")}
          </button>
        </form>
      )}
      {room && (
        <>
          <dl className="stat-grid" data-testid="coding-state">
            <div>
              <dt>{t("coding.lines")}</dt>
              <dd>{f.num(state?.linesWritten)}</dd>
            </div>
            <div>
              <dt>{t("coding.characters")}</dt>
              <dd>{f.num(state?.charactersTyped)}</dd>
            </div>
            <div>
              <dt>{t("coding.xpEarned")}</dt>
              <dd data-testid="coding-xp">{f.num(state?.xpEarned)}</dd>
            </div>
            <div>
              <dt>{t("coding.queued")}</dt>
              <dd data-testid="coding-queued">{f.num(queued)}</dd>
            </div>
          </dl>
          <div className="editor" data-testid="coding-editor">
            <CodeMirror
              value={text}
              height="220px"
              theme="dark"
              extensions={EXTENSIONS}
              onChange={setText}
              aria-label={t("coding.editor")}
            />
          </div>
          <button type="button" className="btn" onClick={() => void end()}>
            {t("coding.end")}
          </button>
        </>
      )}
      {result && (
        <p className="success" role="status" data-testid="coding-result">
          {t("coding.rewards", {
            rewards: amountList(t, { xp: result.rewards.xp, coins: result.rewards.coins }),
            level: f.num(result.rewards.levelAfter),
          })}
        </p>
      )}
    </section>
  );
}

/** Refusals of the player's budget: their lines are sent again later, not dropped. */
function isBudgetRefusal(reason: CodingRejectedMessage["reason"]): boolean {
  return reason === "rate_limited" || reason === "daily_limit";
}

/** A language's display name (C++, C#…) from the catalogue, its id otherwise. */
function languageLabel(t: TFunction, id: CodingLanguage): string {
  return t(`coding.languages.${id}`, { defaultValue: id });
}
