import type { PurchaseResponse, ShopItem } from "@levelup/shared/protocol/economy";
import type { ExchangeResponse } from "@levelup/shared/protocol/progression";
import { balancesOf, CURRENCIES, currencyIds } from "@levelup/shared/rules/currencies";
import { memo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Feedback } from "../../components/Feedback.tsx";
import { errorText } from "../../i18n/errors.ts";
import { api } from "../../net/api.ts";
import { useApiData } from "../../net/useApiData.ts";
import { useStore } from "../../store/index.ts";
import { ItemStatsLine } from "../inventory/ItemStatsLine.tsx";
import { RARITY_COLORS } from "../profile/Avatar.tsx";
import { amount } from "../../i18n/amounts.ts";
import { itemDescription, itemName } from "../../i18n/content.ts";

const ShopCard = memo(function ShopCard({
  item,
  onBuy,
  busy,
  level,
}: {
  item: ShopItem;
  onBuy: (item: ShopItem) => void;
  busy: boolean;
  level: number;
}) {
  const { t } = useTranslation();
  return (
    <li className="card" data-testid={`shop-item-${item.id}`}>
      <h3 style={{ color: RARITY_COLORS[item.rarity] }}>{itemName(t, item.id, item.name)}</h3>
      <p className="muted">
        {t(`slot.${item.slot}`)} · {t(`rarity.${item.rarity}`)} ·{" "}
        {t("shop.requiredLevel", { level: item.requiredLevel })}
      </p>
      <p>{itemDescription(t, item.id, item.description)}</p>
      <ItemStatsLine stats={item.stats} />
      <p className="price">
        {currencyIds
          .flatMap((c) => {
            const price = item[CURRENCIES[c].priceKey];
            return price === null ? [] : [amount(t, c, price)];
          })
          .join(" · ")}
      </p>
      <button
        type="button"
        className="btn btn-primary"
        disabled={busy || level < item.requiredLevel}
        onClick={() => onBuy(item)}
      >
        {t("shop.buy")}
      </button>
    </li>
  );
});

/** The item catalogue; buying updates the header balances from the server's answer. */
export default function ShopPage() {
  const { t } = useTranslation();
  const { data, error, loading } = useApiData<{ items: ShopItem[] }>("/api/game/shop?limit=100");
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);
  const patchProfile = useStore((s) => s.patchProfile);
  const coins = useStore((s) => s.profile?.coins ?? 0);
  const gemPrice = CURRENCIES.gems.exchange.unitPrice;
  const level = useStore((s) => s.profile?.level ?? 1);

  async function buy(item: ShopItem) {
    setBusy(true);
    try {
      const r = await api<PurchaseResponse>("POST", "/api/game/shop/purchase", { itemId: item.id, quantity: 1 });
      patchProfile(balancesOf(r));
      setMessage({ ok: true, text: t("shop.bought", { name: itemName(t, item.id, item.name) }) });
    } catch (e) {
      setMessage({ ok: false, text: errorText(t, e) });
    } finally {
      setBusy(false);
    }
  }

  async function exchange() {
    try {
      const r = await api<ExchangeResponse>("POST", "/api/game/shop/exchange", { gems: 1 });
      patchProfile(balancesOf(r));
      setMessage({ ok: true, text: t("shop.exchanged") });
    } catch (e) {
      setMessage({ ok: false, text: errorText(t, e) });
    }
  }

  return (
    <section className="panel">
      <h1>{t("shop.title")}</h1>
      <p>
        <button type="button" className="btn" disabled={coins < gemPrice} onClick={() => void exchange()}>
          {t("shop.exchange", { coins: amount(t, "coins", gemPrice), gems: amount(t, "gems", 1) })}
        </button>
      </p>
      {message && (
        <p className={message.ok ? "success" : "error"} role={message.ok ? "status" : "alert"}>
          {message.text}
        </p>
      )}
      <Feedback loading={loading} error={error} />
      <ul className="cards">
        {data?.items.map((item) => (
          <ShopCard key={item.id} item={item} onBuy={(i) => void buy(i)} busy={busy} level={level} />
        ))}
      </ul>
    </section>
  );
}
