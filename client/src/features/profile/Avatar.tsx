import type { EquippedItem } from "@levelup/shared/protocol/economy";
import type { Avatar as AvatarParts } from "@levelup/shared/rules/stats";
import { memo, useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { HAT, HERO, HERO_PALETTES, paintPattern, type Palette, SWORD } from "../../pixi/pixelArt.ts";
import { itemName } from "../../i18n/content.ts";

/** Rarity colours, also used for item names in lists. */
export const RARITY_COLORS: Record<string, string> = {
  common: "#c0c0d0",
  uncommon: "#6fdc8c",
  rare: "#5ea8ff",
  epic: "#c08bff",
  legendary: "#ffb703",
};

/** A stable colour for a cosmetic's name ("wizard", "pixel_red"…), so each one looks different. */
function colorOf(name: string): string {
  const named = /red|fire/.test(name)
    ? "#d94848"
    : /blue|water|ice/.test(name)
      ? "#3a6ee8"
      : /green|grass|leaf/.test(name)
        ? "#3bb273"
        : /gold|king|crown/.test(name)
          ? "#f4d35e"
          : undefined;
  if (named) return named;
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `hsl(${hash % 360} 70% 60%)`;
}

const CAPE = ["cccccccccc", "cccccccccc", "cccccccccc", "cccccccccc", ".cccccccc.", ".cccccccc."];
const PET = [".pp.", "pppp", "pepe", "pppp"];
const AURA = ["a..a..a..a..a..a..a", "...................", "a.................a"];

interface Props {
  avatar: AvatarParts | Record<string, unknown> | undefined;
  equipped: readonly EquippedItem[] | undefined;
  /** CSS pixels per art pixel. */
  size?: number;
}

/** The player's pixel avatar with equipped gear and cosmetics drawn on. */
export const Avatar = memo(function Avatar({ avatar, equipped, size = 4 }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLCanvasElement>(null);
  const parts = (avatar ?? {}) as Record<string, string | undefined>;
  const bySlot = new Map((equipped ?? []).map((e) => [e.slot, e]));
  const key = JSON.stringify([parts, equipped?.map((e) => e.itemId)]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: redraw only when the look changes
  useEffect(() => {
    const ctx = ref.current?.getContext("2d");
    if (!ctx) return;
    ctx.clearRect(0, 0, 20, 20);
    if (parts.aura) paintPattern(ctx, AURA, { a: colorOf(parts.aura) }, 0, 17);
    if (parts.cape) paintPattern(ctx, CAPE, { c: colorOf(parts.cape) }, 5, 10);
    const palette: Record<string, string> = { ...(HERO_PALETTES[0] as Palette) };
    const armor = bySlot.get("armor");
    if (armor) palette.b = RARITY_COLORS[armor.rarity] ?? "#8d93b5";
    paintPattern(ctx, HERO, palette, 3, 4);
    if (parts.hat) paintPattern(ctx, HAT, { g: colorOf(parts.hat), G: "#1b1630" }, 3, 2);
    if (bySlot.get("weapon")) paintPattern(ctx, SWORD, { w: "#e8e8f0", k: "#6b3e26" }, 16, 8);
    if (parts.pet) paintPattern(ctx, PET, { p: colorOf(parts.pet), e: "#1b1630" }, 0, 14);
    const accessory = bySlot.get("accessory");
    if (accessory) paintPattern(ctx, ["y"], { y: RARITY_COLORS[accessory.rarity] ?? "#f4d35e" }, 9, 11);
  }, [key]);

  const names = (equipped ?? []).map((e) => itemName(t, e.itemId, e.name)).join(t("common.listSeparator"));
  return (
    <canvas
      ref={ref}
      width={20}
      height={20}
      className="pixel avatar"
      style={{ width: 20 * size, height: 20 * size }}
      role="img"
      aria-label={names ? t("profile.avatarWith", { items: names }) : t("profile.avatar")}
      data-testid="avatar"
    />
  );
});
