import type { DungeonDef } from "@levelup/shared/content/dungeons";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { Feedback } from "../../components/Feedback.tsx";
import { errorText } from "../../i18n/errors.ts";
import { api } from "../../net/api.ts";
import { consumeSeat, rememberSeat, roomKey, type SeatResponse } from "../../net/colyseus.ts";
import { holdRoom } from "../../net/pendingRoom.ts";
import { useApiData } from "../../net/useApiData.ts";
import { amountList } from "../../i18n/amounts.ts";
import { dungeonDescription, dungeonName } from "../../i18n/content.ts";

type DungeonRow = Omit<DungeonDef, "enemies"> & { enemies: unknown[]; locked: boolean };

/** Dungeons to start a party in, and a field to join a friend's party by its room id. */
export default function DungeonsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, error, loading } = useApiData<{ items: DungeonRow[] } | DungeonRow[]>("/api/game/dungeons");
  const dungeons = Array.isArray(data) ? data : (data?.items ?? []);
  const [actionError, setActionError] = useState<unknown>();

  async function enter(dungeonId: string, partyRoomId?: string) {
    try {
      const seat = await api<SeatResponse>("POST", "/api/game/dungeons/battle", { dungeonId, partyRoomId });
      const room = await consumeSeat(seat);
      rememberSeat(room);
      holdRoom(roomKey(room.roomId), room);
      navigate(`/battle/${room.roomId}?d=${encodeURIComponent(dungeonId)}`);
    } catch (e) {
      setActionError(e);
    }
  }

  function join(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    void enter(String(form.get("dungeon")), String(form.get("room")).trim());
  }

  return (
    <section className="panel">
      <h1>{t("dungeons.title")}</h1>
      <Feedback loading={loading} error={error} />
      {actionError !== undefined && (
        <p className="error" role="alert">
          {errorText(t, actionError)}
        </p>
      )}
      <ul className="cards">
        {dungeons.map((d) => (
          <li key={d.id} className={`card${d.locked ? " locked" : ""}`} data-testid={`dungeon-${d.id}`}>
            <h3>{dungeonName(t, d.id, d.name)}</h3>
            <p className="muted">
              {t(`element.${d.element}`)} · {t("dungeons.difficulty", { n: d.difficulty })} ·{" "}
              {t("shop.requiredLevel", { level: d.requiredLevel })}
            </p>
            <p>{dungeonDescription(t, d.id, d.description)}</p>
            <p>{t("dungeons.rewards", { rewards: amountList(t, { xp: d.rewards.xp, coins: d.rewards.coins }) })}</p>
            <button type="button" className="btn btn-primary" disabled={d.locked} onClick={() => void enter(d.id)}>
              {d.locked ? t("dungeons.locked") : t("dungeons.createParty")}
            </button>
          </li>
        ))}
      </ul>
      <form className="form inline" onSubmit={join}>
        <h2>{t("dungeons.joinTitle")}</h2>
        <label>
          {t("dungeons.dungeon")}
          <select name="dungeon">
            {dungeons.map((d) => (
              <option key={d.id} value={d.id}>
                {dungeonName(t, d.id, d.name)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("dungeons.roomId")}
          <input name="room" required data-testid="join-room" />
        </label>
        <button type="submit" className="btn">
          {t("dungeons.join")}
        </button>
      </form>
    </section>
  );
}
