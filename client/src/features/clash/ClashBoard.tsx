import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/format.ts";
import { type ClashPlayerView, type ClashSubmissionView, charsShare, clock, validatorShare } from "./clashModel.ts";

/** Everyone's progress, live: characters typed, submissions, validators passed, solved or gone. */
export function ClashBoard({ players, myId }: { players: ClashPlayerView[]; myId: string | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="panel clash-board">
      <h2>{t("clash.progressTitle")}</h2>
      <ul className="plain" data-testid="clash-bars">
        {players.map((p) => (
          <li
            key={p.userId}
            className={`clash-bar-row${p.userId === myId ? " clash-me" : ""}${p.forfeited ? " clash-gone" : ""}`}
            data-testid={`clash-bar-${p.username}`}
          >
            <div className="clash-bar-head">
              <span className="clash-name">
                {p.solved && (
                  <span className="clash-solved" role="img" aria-label={t("clash.solved")}>
                    ✓
                  </span>
                )}{" "}
                {p.username}
              </span>
              {p.forfeited ? (
                <span className="tag tag-warn">{t("clash.forfeited")}</span>
              ) : (
                !p.connected && <span className="tag tag-warn">{t("clash.disconnected")}</span>
              )}
              <span className="muted">
                {t("clash.chars", { count: p.chars, n: f.num(p.chars) })} ·{" "}
                {t("clash.submissions", { count: p.submissions, n: f.num(p.submissions) })}
                {p.solved && ` · ${clock(p.solvedMs)}`}
              </span>
            </div>
            <Meter
              label={t("clash.typingBar", { name: p.username })}
              share={charsShare(p.chars, players)}
              kind="typing"
            />
            <Meter
              label={t("clash.validatorsBar", { name: p.username })}
              share={validatorShare(p)}
              kind={p.solved ? "solved" : "validators"}
              text={t("clash.validators", { passed: p.passed, total: p.total })}
            />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A pixel bar: `share` from 0 to 1, with its value for assistive technology. */
function Meter({ label, share, kind, text }: { label: string; share: number; kind: string; text?: string }) {
  const percent = Math.round(share * 100);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a native <meter> cannot be drawn as a pixel bar with its value written inside
    <div
      className={`clash-meter clash-meter-${kind}`}
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={text}
    >
      <div className="clash-meter-fill" style={{ width: `${percent}%` }} />
      {text && <span className="clash-meter-text">{text}</span>}
    </div>
  );
}

/** Graded submissions in the order they came (test runs are not on it), newest first. */
export function ClashTimeline({ timeline, players }: { timeline: ClashSubmissionView[]; players: ClashPlayerView[] }) {
  const { t } = useTranslation();
  const names = new Map(players.map((p) => [p.userId, p.username]));
  return (
    <div className="panel clash-timeline">
      <h2>{t("clash.timelineTitle")}</h2>
      {timeline.length === 0 ? (
        <p className="muted">{t("clash.timelineEmpty")}</p>
      ) : (
        <ol className="plain log" data-testid="clash-timeline" aria-live="polite">
          {timeline
            .map((s, i) => ({ ...s, i }))
            .reverse()
            .map((s) => (
              <li key={`${s.userId}-${s.atMs}-${s.i}`} className={s.total > 0 && s.passed === s.total ? "success" : ""}>
                <span className="clash-clock">{clock(s.atMs)}</span>{" "}
                {t(s.total > 0 && s.passed === s.total ? "clash.timelineSolved" : "clash.timelineSubmit", {
                  name: names.get(s.userId) ?? s.userId,
                  passed: s.passed,
                  total: s.total,
                })}
              </li>
            ))}
        </ol>
      )}
    </div>
  );
}
