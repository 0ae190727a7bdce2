import { dungeonById } from "@levelup/shared/content/dungeons";
import type { ReplaySummary } from "@levelup/shared/protocol/replay";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Feedback } from "../../components/Feedback.tsx";
import { dungeonName } from "../../i18n/content.ts";
import { useApiData } from "../../net/useApiData.ts";

const LIST_LIMIT = 10;

/** One list of finished battles to watch again. */
function ReplayList({ order }: { order: "recent" | "best" }) {
  const { t } = useTranslation();
  const { data, error, loading } = useApiData<{ items: ReplaySummary[] }>(
    `/api/game/replays?order=${order}&limit=${LIST_LIMIT}`,
  );
  return (
    <div data-testid={`replays-${order}`}>
      <h2>{t(`replays.${order}`)}</h2>
      <Feedback loading={loading && !data} error={error} />
      {data && data.items.length === 0 && <p>{t("replays.none")}</p>}
      <ul className="cards">
        {(data?.items ?? []).map((r) => (
          <li key={r.id} className="card" data-testid="replay-item">
            <h3>{dungeonName(t, r.dungeonId, dungeonById(r.dungeonId)?.name ?? r.dungeonId)}</h3>
            <p>
              {t(`battle.${r.phase}`)} · {t("battle.round", { round: r.round })}
            </p>
            <p>
              {r.players
                .map((p) => t("replays.player", { name: p.name, level: p.level }))
                .join(t("common.listSeparator"))}
            </p>
            <Link className="btn" to={`/replays/${r.id}`}>
              {t("replays.watch")}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The Spectate page's replays: the newest battles and the best victories. */
export function ReplayLists() {
  return (
    <>
      <ReplayList order="recent" />
      <ReplayList order="best" />
    </>
  );
}
