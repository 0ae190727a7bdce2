import { javascript } from "@codemirror/lang-javascript";
import type { ClashResultMessage } from "@levelup/shared/protocol/clash";
import CodeMirror from "@uiw/react-codemirror";
import { useTranslation } from "react-i18next";
import { amountList } from "../../i18n/amounts.ts";
import { useFormat } from "../../i18n/format.ts";
import { clock, signedDelta } from "./clashModel.ts";

const EXTENSIONS = [javascript()];

/** The end: places, times, lengths, rating changes and rewards, then every solution revealed. */
export function ClashResult({ result, myId }: { result: ClashResultMessage; myId: string | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const names = new Map(result.standings.map((s) => [s.userId, s.username]));
  const mine = result.standings.find((s) => s.userId === myId);
  return (
    <div className="panel clash-result" data-testid="clash-result">
      <h2>
        {mine?.place === 1 ? t("clash.youWon") : mine ? t("clash.yourPlace", { place: mine.place }) : t("clash.over")}
      </h2>
      {!result.rated && <p className="muted">{t("clash.unrated")}</p>}
      {mine && result.rated && (
        <p className="clash-my-rating" data-testid="clash-my-rating">
          {t("clash.ratingChange", {
            before: f.num(mine.ratingBefore),
            after: f.num(mine.ratingAfter),
            delta: signedDelta(mine),
          })}
          {mine.provisional && ` ${t("clash.provisional")}`}
        </p>
      )}
      <div className="clash-table-wrap">
        <table className="clash-table" data-testid="clash-standings">
          <thead>
            <tr>
              <th scope="col">{t("leaderboard.rank")}</th>
              <th scope="col">{t("leaderboard.player")}</th>
              <th scope="col">{t("clash.colValidators")}</th>
              <th scope="col">{t("clash.colTime")}</th>
              <th scope="col">{t("clash.colLength")}</th>
              <th scope="col">{t("clash.colRating")}</th>
              <th scope="col">{t("clash.colRewards")}</th>
            </tr>
          </thead>
          <tbody>
            {result.standings.map((s) => (
              <tr key={s.userId} className={s.userId === myId ? "clash-me" : undefined}>
                <td className="clash-place">{f.num(s.place)}</td>
                <td>
                  {s.username}
                  {s.forfeited && <span className="tag tag-warn">{t("clash.forfeited")}</span>}
                </td>
                <td>{t("clash.validators", { passed: s.passed, total: s.total })}</td>
                <td>{s.timeMs === null ? "—" : clock(s.timeMs)}</td>
                <td>{s.codeLength === null ? "—" : f.num(s.codeLength)}</td>
                <td data-testid={`clash-rating-${s.username}`}>
                  {f.num(s.ratingBefore)} → {f.num(s.ratingAfter)}{" "}
                  <span className={s.ratingAfter >= s.ratingBefore ? "success" : "error"}>({signedDelta(s)})</span>
                  {s.provisional && (
                    <abbr className="clash-provisional" title={t("clash.provisionalHelp")}>
                      {t("clash.provisionalMark")}
                    </abbr>
                  )}
                </td>
                <td>{s.xp || s.coins ? amountList(t, { xp: s.xp, coins: s.coins }, { gain: true }) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t("clash.solutionsTitle")}</h2>
      {result.solutions.length === 0 && <p className="muted">{t("clash.noSolutions")}</p>}
      <ul className="plain clash-solutions">
        {result.solutions.map((s) => (
          <li
            key={s.userId}
            className={`clash-solution${s.userId === result.winnerId ? " clash-winner" : ""}`}
            data-testid="clash-solution"
          >
            <h3>
              {s.userId === result.winnerId && <span className="tag">{t("clash.winner")}</span>}{" "}
              {names.get(s.userId) ?? s.userId} · {t("clash.validators", { passed: s.passed, total: s.total })} ·{" "}
              {t("clash.codeLength", { count: s.code.length, n: f.num(s.code.length) })}
            </h3>
            <div className="editor">
              <CodeMirror
                value={s.code}
                theme="dark"
                extensions={EXTENSIONS}
                editable={false}
                readOnly
                aria-label={t("clash.solutionOf", { name: names.get(s.userId) ?? s.userId })}
              />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
