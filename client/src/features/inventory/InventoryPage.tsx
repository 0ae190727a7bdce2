import type { InventoryItem, Loadout } from "@levelup/shared/protocol/economy";
import { equipSlotOf, type PlayerStats, playerStats } from "@levelup/shared/rules/stats";
import { useVirtualizer } from "@tanstack/react-virtual";
import { memo, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Feedback } from "../../components/Feedback.tsx";
import { errorText } from "../../i18n/errors.ts";
import { useFormat } from "../../i18n/format.ts";
import { api } from "../../net/api.ts";
import { allPages, useApiData } from "../../net/useApiData.ts";
import { useStore } from "../../store/index.ts";
import { Avatar, RARITY_COLORS } from "../profile/Avatar.tsx";
import { ItemStatsLine } from "./ItemStatsLine.tsx";
import { itemName } from "../../i18n/content.ts";

type Row = { kind: "slot"; slot: string } | { kind: "item"; item: InventoryItem };
/** First guesses of row heights; each row is measured once drawn. */
const SLOT_HEIGHT = 48;
const ITEM_HEIGHT = 150;

const STAT_KEYS = ["maxHp", "attack", "defense", "speed", "critChance"] as const;

/** Current stats beside the stats the hovered or focused item would give. */
const StatsPreview = memo(function StatsPreview({ current, preview }: { current: PlayerStats; preview?: PlayerStats }) {
  const { t } = useTranslation();
  const f = useFormat();
  const show = (k: (typeof STAT_KEYS)[number], s: PlayerStats) =>
    k === "critChance" ? `${f.num(Math.round(s[k] * 100))}%` : f.num(s[k]);
  return (
    <table className="stats-table" data-testid="stats-preview">
      <caption>{t("inventory.stats")}</caption>
      <tbody>
        {STAT_KEYS.map((k) => {
          const delta = preview ? preview[k] - current[k] : 0;
          return (
            <tr key={k}>
              <th scope="row">{t(`stat.${k}`)}</th>
              <td data-testid={`stat-${k}`}>{show(k, current)}</td>
              <td className={delta > 0 ? "up" : delta < 0 ? "down" : ""}>
                {preview && delta !== 0 ? `→ ${show(k, preview)}` : ""}
              </td>
            </tr>
          );
        })}
        <tr>
          <th scope="row">{t("stat.element")}</th>
          <td>{t(`element.${current.element}`)}</td>
          <td>{preview && preview.element !== current.element ? `→ ${t(`element.${preview.element}`)}` : ""}</td>
        </tr>
      </tbody>
    </table>
  );
});

/** The player's items by slot; equipping one replaces what that slot held. */
export default function InventoryPage() {
  const { t } = useTranslation();
  const { data, error, loading, reload } = useApiData("/api/game/inventory?limit=100", allPages<InventoryItem>);
  const profile = useStore((s) => s.profile);
  const patchProfile = useStore((s) => s.patchProfile);
  const [hovered, setHovered] = useState<InventoryItem>();
  const [actionError, setActionError] = useState<unknown>();
  const level = profile?.level ?? 1;
  const items = data?.items ?? [];
  const equipped = items.filter((i) => i.equipped);
  const current = useMemo(
    () =>
      playerStats(
        level,
        equipped.map((i) => i.item),
      ),
    [level, equipped],
  );
  const preview = useMemo(() => {
    if (!hovered || hovered.equipped || hovered.slot === "consumable") return undefined;
    const slot = equipSlotOf(hovered.item);
    const gear = equipped.filter((i) => equipSlotOf(i.item) !== slot).map((i) => i.item);
    return playerStats(level, [...gear, hovered.item]);
  }, [hovered, equipped, level]);

  async function toggle(item: InventoryItem) {
    try {
      const loadout = await api<Loadout>("POST", "/api/game/inventory/equip", {
        inventoryItemId: item.id,
        equip: !item.equipped,
      });
      patchProfile({ equipped: loadout.equipped, stats: loadout.stats, avatar: loadout.avatar });
      setActionError(undefined);
      setHovered(undefined);
      reload();
    } catch (e) {
      setActionError(e);
    }
  }

  // One flat list of slot headings and items, virtualised like the leaderboard: only the rows in
  // view are in the DOM, whatever the inventory holds. Rows are measured (an item's line wraps).
  const rows = useMemo(() => {
    const out: Row[] = [];
    for (const slot of [...new Set(items.map((i) => i.slot))]) {
      out.push({ kind: "slot", slot });
      for (const item of items.filter((i) => i.slot === slot)) out.push({ kind: "item", item });
    }
    return out;
  }, [items]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.kind === "slot" ? SLOT_HEIGHT : ITEM_HEIGHT),
    getItemKey: (i) => {
      const row = rows[i]!;
      return row.kind === "slot" ? `slot:${row.slot}` : row.item.id;
    },
    overscan: 8,
  });
  return (
    <section className="panel inventory">
      <h1>{t("inventory.title")}</h1>
      <div className="inventory-layout">
        <aside>
          <Avatar avatar={profile?.avatar} equipped={profile?.equipped} size={6} />
          <StatsPreview current={current} preview={preview} />
        </aside>
        <div>
          <Feedback loading={loading} error={error} />
          {actionError !== undefined && (
            <p className="error" role="alert">
              {errorText(t, actionError)}
            </p>
          )}
          {!loading && items.length === 0 && <p>{t("inventory.empty")}</p>}
          <div className="inv-scroll" ref={scrollRef} data-testid="inventory-list">
            <ul aria-label={t("inventory.title")} className="inv-list" style={{ height: virtual.getTotalSize() }}>
              {virtual.getVirtualItems().map((v) => {
                const row = rows[v.index]!;
                const place = { transform: `translateY(${v.start}px)` };
                if (row.kind === "slot") {
                  return (
                    <li
                      key={v.key}
                      className="inv-row inv-slot"
                      style={place}
                      data-index={v.index}
                      ref={virtual.measureElement}
                    >
                      <h2>{t(`slot.${row.slot}`)}</h2>
                    </li>
                  );
                }
                const i = row.item;
                return (
                  <li
                    key={v.key}
                    className="inv-row"
                    style={place}
                    data-index={v.index}
                    ref={virtual.measureElement}
                    onMouseEnter={() => setHovered(i)}
                    onMouseLeave={() => setHovered(undefined)}
                    onFocus={() => setHovered(i)}
                    data-testid={`inventory-${i.itemId}`}
                  >
                    <div className={`card${i.equipped ? " equipped" : ""}`}>
                      <h3 style={{ color: RARITY_COLORS[i.item.rarity] }}>{itemName(t, i.item.id, i.item.name)}</h3>
                      {i.quantity > 1 && <p>{t("inventory.quantity", { n: i.quantity })}</p>}
                      <ItemStatsLine stats={i.item.stats} />
                      {i.slot !== "consumable" && (
                        <button type="button" className="btn btn-primary" onClick={() => void toggle(i)}>
                          {t(i.equipped ? "inventory.unequip" : "inventory.equip")}
                        </button>
                      )}
                      {i.equipped && <span className="tag">{t("inventory.equipped")}</span>}
                    </div>
                  </li>
                );
              })}
            </ul>
          </div>
        </div>
      </div>
    </section>
  );
}
