import { ENEMIES, enemyById } from "@levelup/shared/content/enemies";
import type { TFunction } from "i18next";

/**
 * Texts of built-in game content (items, dungeons, enemies, their moves and boss phases, skills,
 * badges, quests, seeded challenges), from the catalogues' `content.*` keys by content id. The
 * server sends English; a missing key (an admin-made badge, a player-made challenge) falls back to
 * the text it sent, so player-made content stays in the language its author wrote.
 */
export function itemName(t: TFunction, id: string, fallback: string): string {
  return t(`content.item.${id}.name`, { defaultValue: fallback });
}

export function itemDescription(t: TFunction, id: string, fallback: string): string {
  return t(`content.item.${id}.description`, { defaultValue: fallback });
}

export function dungeonName(t: TFunction, id: string, fallback: string): string {
  return t(`content.dungeon.${id}.name`, { defaultValue: fallback });
}

export function dungeonDescription(t: TFunction, id: string, fallback: string): string {
  return t(`content.dungeon.${id}.description`, { defaultValue: fallback });
}

export function enemyName(t: TFunction, id: string, fallback: string): string {
  return t(`content.enemy.${id}.name`, { defaultValue: fallback });
}

export function skillName(t: TFunction, id: string, fallback: string): string {
  return t(`content.skill.${id}`, { defaultValue: fallback });
}

/**
 * A boss phase's name. The battle's phase event names the fighter ("e2"), not its content id, so
 * the phase is found by its number (1 = the first) and English name among the bosses' phases;
 * the catalogue keys it by the boss's and the phase's ids (shared/src/content/enemies.ts).
 */
export function phaseName(t: TFunction, phase: number, englishName: string): string {
  for (const enemy of ENEMIES) {
    const found = enemy.phases?.[phase - 1];
    if (found?.name === englishName)
      return t(`content.enemy.${enemy.id}.phases.${found.id}`, { defaultValue: englishName });
  }
  return englishName;
}

/**
 * An enemy move's name. The room sends a planned move by its English name (EnemyState.intent), so
 * it is matched back to its id among that enemy's moves, every phase's included.
 */
export function moveName(t: TFunction, enemyId: string | undefined, englishName: string): string {
  const enemy = enemyId ? enemyById(enemyId) : undefined;
  const moves = enemy ? [...enemy.moves, ...(enemy.phases ?? []).flatMap((p) => p.moves ?? [])] : [];
  const id = moves.find((m) => m.name === englishName)?.id;
  return id ? t(`content.move.${id}`, { defaultValue: englishName }) : englishName;
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

/**
 * A challenge's title, Markdown description and choices. Only seeded challenges (a `contentKey`)
 * are translated; a player's challenge is shown as its author wrote it.
 */
export function challengeText<C extends { contentKey?: string | null; title: string; description: string }>(
  t: TFunction,
  challenge: C & { choices?: { id: string; text: string }[] },
): { title: string; description: string; choices: { id: string; text: string }[] } {
  const key = challenge.contentKey;
  const choices = challenge.choices ?? [];
  if (!key) return { title: challenge.title, description: challenge.description, choices };
  return {
    title: t(`content.challenge.${key}.title`, { defaultValue: challenge.title }),
    description: t(`content.challenge.${key}.description`, { defaultValue: challenge.description }),
    choices: choices.map((c) => ({
      ...c,
      text: t(`content.challenge.${key}.choices.${c.id}`, { defaultValue: c.text }),
    })),
  };
}
