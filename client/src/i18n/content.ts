import type { TFunction } from "i18next";

/**
 * Names of game content (items, dungeons, enemies, badges, quests) by content id. The server sends
 * English names; a missing key (an admin-made badge, a new item) falls back to that name.
 */
export function itemName(t: TFunction, id: string, fallback: string): string {
  return t(`content.item.${id}`, { defaultValue: fallback });
}

export function dungeonName(t: TFunction, id: string, fallback: string): string {
  return t(`content.dungeon.${id}`, { defaultValue: fallback });
}

export function enemyName(t: TFunction, id: string, fallback: string): string {
  return t(`content.enemy.${id}`, { defaultValue: fallback });
}

export function badgeText(
  t: TFunction,
  badge: { id: string; name: string; description: string },
): { name: string; description: string } {
  return {
    name: t(`content.badge.${badge.id}.name`, { defaultValue: badge.name }),
    description: t(`content.badge.${badge.id}.description`, { defaultValue: badge.description }),
  };
}

export function questText(
  t: TFunction,
  quest: { templateId: string; title: string; description: string },
): { title: string; description: string } {
  return {
    title: t(`content.quest.${quest.templateId}.title`, { defaultValue: quest.title }),
    description: t(`content.quest.${quest.templateId}.description`, { defaultValue: quest.description }),
  };
}
