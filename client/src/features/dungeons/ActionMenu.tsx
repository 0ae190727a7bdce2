import { skillById } from "@levelup/shared/content/skills";
import { memo, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Fighter } from "./battleModel.ts";
import { skillName } from "../../i18n/content.ts";

export interface BattleAction {
  action: "attack" | "skill" | "defend" | "item";
  skillId?: string;
  itemId?: string;
  targetId?: string;
}

interface Props {
  me: Fighter;
  enemies: Fighter[];
  myTurn: boolean;
  onAction: (action: BattleAction) => void;
}

const ITEM_KEYS = ["q", "w", "e", "r"];
const ATTACK_KEY = "A";
const DEFEND_KEY = "D";

/**
 * The player's commands. Keys: A attack, 1–4 skills, D defend, Q/W/E/R items,
 * ←/→ (or [ and ]) choose the enemy target.
 */
export const ActionMenu = memo(function ActionMenu({ me, enemies, myTurn, onAction }: Props) {
  const { t } = useTranslation();
  const living = enemies.filter((e) => e.hp > 0);
  const [targetIndex, setTargetIndex] = useState(0);
  const target = living[Math.min(targetIndex, living.length - 1)];
  const skills = me.skills.slice(0, 4).map((id) => ({ id, def: skillById(id), cooldown: me.cooldowns[id] ?? 0 }));
  const items = me.items.filter((i) => i.quantity > 0).slice(0, ITEM_KEYS.length);

  const skillTarget = (id: string) => {
    const def = skillById(id);
    return def?.target === "enemy" ? target?.id : def?.target === "ally" || def?.target === "self" ? me.id : undefined;
  };

  useEffect(() => {
    if (!myTurn) return;
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (el && ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName)) return;
      const key = e.key.toLowerCase();
      if (key === "arrowleft" || key === "[")
        setTargetIndex((i) => (i + living.length - 1) % Math.max(1, living.length));
      else if (key === "arrowright" || key === "]") setTargetIndex((i) => (i + 1) % Math.max(1, living.length));
      else if (key === ATTACK_KEY.toLowerCase() && target) onAction({ action: "attack", targetId: target.id });
      else if (key === DEFEND_KEY.toLowerCase()) onAction({ action: "defend" });
      else if (/^[1-4]$/.test(key)) {
        const s = skills[Number(key) - 1];
        if (s && s.cooldown === 0) onAction({ action: "skill", skillId: s.id, targetId: skillTarget(s.id) });
      } else if (ITEM_KEYS.includes(key)) {
        const item = items[ITEM_KEYS.indexOf(key)];
        if (item) onAction({ action: "item", itemId: item.itemId, targetId: me.id });
      } else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  return (
    <fieldset className="action-menu" data-testid="action-menu">
      <legend className="visually-hidden">{t("battle.actions")}</legend>
      <p className="turn-note" role="status">
        {myTurn ? t("battle.yourTurn") : t("battle.waitTurn")}
      </p>
      <div className="target-row">
        <span>{t("battle.target")}</span>
        {living.map((e, i) => (
          <button
            key={e.id}
            type="button"
            className={`btn btn-small${e === target ? " btn-primary" : ""}`}
            aria-pressed={e === target}
            onClick={() => setTargetIndex(i)}
          >
            {e.name}
          </button>
        ))}
      </div>
      <div className="action-row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={!myTurn || !target}
          onClick={() => target && onAction({ action: "attack", targetId: target.id })}
          data-testid="action-attack"
        >
          <kbd>{ATTACK_KEY}</kbd> {t("battle.attack")}
        </button>
        {skills.map((s, i) => (
          <button
            key={s.id}
            type="button"
            className="btn"
            disabled={!myTurn || s.cooldown > 0}
            onClick={() => onAction({ action: "skill", skillId: s.id, targetId: skillTarget(s.id) })}
          >
            <kbd>{i + 1}</kbd> {skillName(t, s.id, s.def?.name ?? s.id)}
            {s.cooldown > 0 && ` (${s.cooldown})`}
          </button>
        ))}
        <button type="button" className="btn" disabled={!myTurn} onClick={() => onAction({ action: "defend" })}>
          <kbd>{DEFEND_KEY}</kbd> {t("battle.defend")}
        </button>
        {items.map((item, i) => (
          <button
            key={item.itemId}
            type="button"
            className="btn"
            disabled={!myTurn}
            onClick={() => onAction({ action: "item", itemId: item.itemId, targetId: me.id })}
          >
            <kbd>{ITEM_KEYS[i]!.toUpperCase()}</kbd> {item.name} ×{item.quantity}
          </button>
        ))}
      </div>
    </fieldset>
  );
});
