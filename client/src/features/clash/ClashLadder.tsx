import type { ClashRating } from "@levelup/shared/protocol/clash";
import { useTranslation } from "react-i18next";
import { Feedback } from "../../components/Feedback.tsx";
import { useFormat } from "../../i18n/format.ts";
import { useApiData } from "../../net/useApiData.ts";
import "./clash.css";

/** GET /api/game/clashes/ladder (shared/src/protocol/clash.ts, clashLadderResponse). */
interface Ladder {
  top: ClashRating[];
  me: ClashRating | null;
  neighbours: ClashRating[];
}

const TOP = 50;

/** The clash ladder on the leaderboard page: the top players, then the caller's place among their neighbours. */
export function ClashLadder({ myId }: { myId: string | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { data, error, loading } = useApiData<Ladder>(`/api/game/clashes/ladder?limit=${TOP}`);
  // The caller's row and the ones around it, in ladder order; not again when the top shows them.
  const me = data?.me;
  const around =
    me && !data.top.some((r) => r.userId === me.userId)
      ? [...new Map([...data.neighbours, me].map((r) => [r.userId, r])).values()].sort((a, b) => a.rank - b.rank)
      : [];
  return (
    <div className="clash-ladder" data-testid="clash-ladder">
      <Feedback loading={loading && !data} error={error} />
      {data && data.top.length === 0 && <p>{t("clash.ladderEmpty")}</p>}
      {data && data.top.length > 0 && <LadderTable rows={data.top} myId={myId} label={t("clash.ladderTop")} />}
      {data && (
        <>
          <h2>{t("clash.ladderMine")}</h2>
          {data.me ? (
            <>
              <p data-testid="clash-ladder-me">
                {t("clash.ladderMeLine", { rank: f.num(data.me.rank), rating: f.num(data.me.rating) })}
                {data.me.provisional && ` ${t("clash.provisional")}`}
              </p>
              {around.length > 0 && <LadderTable rows={around} myId={myId} label={t("clash.ladderMine")} />}
            </>
          ) : (
            <p className="muted">{t("clash.ladderNotRanked")}</p>
          )}
        </>
      )}
    </div>
  );
}

function LadderTable({ rows, myId, label }: { rows: ClashRating[]; myId: string | undefined; label: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <div className="clash-table-wrap">
      <table className="clash-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{t("leaderboard.rank")}</th>
            <th scope="col">{t("leaderboard.player")}</th>
            <th scope="col">{t("clash.colRating")}</th>
            <th scope="col">{t("clash.colGames")}</th>
            <th scope="col">{t("clash.colWins")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.userId} className={r.userId === myId ? "clash-me" : undefined}>
              <td className="clash-place">{f.num(r.rank)}</td>
              <td>{r.username}</td>
              <td>
                {f.num(r.rating)}
                {r.provisional && (
                  <abbr className="clash-provisional" title={t("clash.provisionalHelp")}>
                    {t("clash.provisionalMark")}
                  </abbr>
                )}
              </td>
              <td>{f.num(r.games)}</td>
              <td>{f.num(r.wins)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
