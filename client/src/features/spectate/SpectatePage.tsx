import { dungeonById } from "@levelup/shared/content/dungeons";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Feedback } from "../../components/Feedback.tsx";
import { usePolledApiData } from "../../net/useApiData.ts";
import { dungeonName } from "../../i18n/content.ts";
import { ReplayLists } from "../replays/ReplayLists.tsx";

interface LiveBattle {
  roomId: string;
  dungeonId: string;
  players: number | unknown[];
  spectators: number;
  round: number;
}

const REFRESH_MS = 5000;

/** Battles open to spectators, refreshed every few seconds. */
export default function SpectatePage() {
  const { t } = useTranslation();
  const { data, error, loading } = usePolledApiData<{ items: LiveBattle[] }>("/api/game/battles/live", REFRESH_MS);
  const items = data?.items ?? [];
  return (
    <section className="panel">
      <h1>{t("spectate.title")}</h1>
      <Feedback loading={loading && !data} error={error} />
      {data && items.length === 0 && <p>{t("spectate.none")}</p>}
      <ul className="cards">
        {items.map((b) => (
          <li key={b.roomId} className="card" data-testid="live-battle">
            <h3>{dungeonName(t, b.dungeonId, dungeonById(b.dungeonId)?.name ?? b.dungeonId)}</h3>
            <p>
              {t("spectate.players", { count: Array.isArray(b.players) ? b.players.length : b.players })} ·{" "}
              {t("battle.spectators", { count: b.spectators })} · {t("battle.round", { round: b.round })}
            </p>
            <Link className="btn btn-primary" to={`/spectate/${b.roomId}`}>
              {t("spectate.watch")}
            </Link>
          </li>
        ))}
      </ul>
      <ReplayLists />
    </section>
  );
}
