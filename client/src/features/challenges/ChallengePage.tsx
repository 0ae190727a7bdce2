import { javascript } from "@codemirror/lang-javascript";
import CodeMirror from "@uiw/react-codemirror";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ChallengeText } from "./ChallengeText.tsx";
import { Link, useLocation, useParams } from "react-router";
import { loadProfile } from "../../app/session.ts";
import { Feedback } from "../../components/Feedback.tsx";
import { amountList } from "../../i18n/amounts.ts";
import { challengeText } from "../../i18n/content.ts";
import { errorText } from "../../i18n/errors.ts";
import { useFormat } from "../../i18n/format.ts";
import { api } from "../../net/api.ts";
import { useApiData } from "../../net/useApiData.ts";
import { useStore } from "../../store/index.ts";
import type { AttemptResult, Challenge } from "./types.ts";

const EXTENSIONS = [javascript()];

/** One challenge: start an attempt, answer (flag, choices or code), see the server's grade. */
export default function ChallengePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { id = "" } = useParams();
  const location = useLocation();
  // The statement is public; attempting it needs an account (back here after logging in).
  const authStatus = useStore((s) => s.authStatus);
  const { data: c, error, loading } = useApiData<Challenge>(`/api/game/challenges/${encodeURIComponent(id)}`);
  const [attemptId, setAttemptId] = useState<string>();
  const [answer, setAnswer] = useState("");
  const [choices, setChoices] = useState<string[]>([]);
  const [code, setCode] = useState<string>();
  const [result, setResult] = useState<AttemptResult>();
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function start() {
    try {
      const a = await api<{ id: string }>("POST", "/api/game/attempts", { challengeId: id });
      setAttemptId(a.id);
      setResult(undefined);
      setActionError(undefined);
    } catch (e) {
      setActionError(e);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!attemptId || !c) return;
    const body =
      c.type === "CODE"
        ? { answer: code ?? c.starterCode ?? "" }
        : c.type === "SYSTEM_DESIGN"
          ? { answer: choices }
          : { answer };
    setBusy(true);
    try {
      const r = await api<AttemptResult>("POST", `/api/game/attempts/${attemptId}/submit`, body);
      setResult(r);
      setAttemptId(undefined);
      setActionError(undefined);
      await loadProfile();
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  }

  // Seeded challenges in the chosen language; a player's challenge as its author wrote it.
  const text = c && challengeText(t, c);

  const toggleChoice = (choiceId: string, on: boolean) =>
    setChoices((prev) => (on ? [...prev, choiceId] : prev.filter((x) => x !== choiceId)));

  return (
    <section className="panel">
      <Feedback loading={loading} error={error} />
      {c && text && (
        <>
          <h1>{text.title}</h1>
          <p className="muted">
            {t(`challengeType.${c.type}`)} · {t("challenges.difficulty", { d: c.difficulty })} ·{" "}
            {amountList(t, { xp: c.xpReward, coins: c.coinReward })}
          </p>
          <ChallengeText source={text.description} />
          {c.visibleTests && c.visibleTests.length > 0 && (
            <>
              <h2>{t("challenges.examples")}</h2>
              <ul className="plain code-examples">
                {c.visibleTests.map((test) => (
                  <li key={`${test.fn}${JSON.stringify(test.args)}`}>
                    <code>{`${test.fn}(${test.args.map((a) => JSON.stringify(a)).join(", ")}) → ${JSON.stringify(test.expected)}`}</code>
                  </li>
                ))}
              </ul>
            </>
          )}
          {authStatus === "anonymous" && (
            <Link to="/login" state={{ from: location.pathname }} className="btn btn-primary">
              {t("challenges.signInToAttempt")}
            </Link>
          )}
          {authStatus === "authenticated" && !attemptId && (
            <button type="button" className="btn btn-primary" onClick={() => void start()}>
              {t("challenges.start")}
            </button>
          )}
          {attemptId && (
            <form onSubmit={(e) => void submit(e)} className="form">
              {c.type === "CODE" ? (
                <div className="editor">
                  <CodeMirror
                    value={code ?? c.starterCode ?? ""}
                    height="260px"
                    theme="dark"
                    extensions={EXTENSIONS}
                    onChange={setCode}
                    aria-label={t("challenges.code")}
                  />
                </div>
              ) : c.type === "SYSTEM_DESIGN" ? (
                <fieldset>
                  <legend>{t("challenges.choose")}</legend>
                  {text.choices.map((ch) => (
                    <label key={ch.id} className="choice">
                      <input
                        type="checkbox"
                        checked={choices.includes(ch.id)}
                        onChange={(e) => toggleChoice(ch.id, e.target.checked)}
                      />
                      {ch.text}
                    </label>
                  ))}
                </fieldset>
              ) : (
                <label>
                  {t(c.type === "CTF" ? "challenges.flag" : "challenges.answer")}
                  <input value={answer} onChange={(e) => setAnswer(e.target.value)} required />
                </label>
              )}
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {t("challenges.submit")}
              </button>
            </form>
          )}
          {actionError !== undefined && (
            <p className="error" role="alert">
              {errorText(t, actionError)}
            </p>
          )}
          {result && (
            <div role="status" data-testid="attempt-result">
              <p className={result.status === "passed" ? "success" : "error"}>
                {t(`challenges.${result.status}`, {
                  score: f.num(result.score),
                  rewards: amountList(t, { xp: result.xpAwarded, coins: result.coinsAwarded }, { gain: true }),
                })}
              </p>
              {result.results && (
                <ul className="plain">
                  {result.results.map((r) => (
                    <li key={r.index} className={r.passed ? "success" : "error"}>
                      {t(r.passed ? "challenges.testPassed" : "challenges.testFailed", { n: r.index + 1 })}
                      {r.message ? ` — ${r.message}` : ""}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
