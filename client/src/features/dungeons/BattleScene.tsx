import { useTick } from "@pixi/react";
import type { Container, Graphics, Sprite } from "pixi.js";
import { memo, type RefObject, useEffect, useRef, useState } from "react";
import { EmoteBubble } from "../../pixi/EmoteBubble.tsx";
import { FLOAT_MS, FloatingText } from "../../pixi/FloatingText.tsx";
import { enemyArtFor, HERO, HERO_PALETTES } from "../../pixi/pixelArt.ts";
import { PIXEL_FONT, Stage, type StageSize } from "../../pixi/Stage.tsx";
import { patternTexture } from "../../pixi/textures.ts";
import type { Fighter, SceneEvent } from "./battleModel.ts";

const ELEMENT_COLORS: Record<string, string> = {
  fire: "#ff7b3a",
  water: "#4aa8ff",
  grass: "#6fdc8c",
  neutral: "#e8e8f0",
};
const LUNGE_MS = 360;
const HIT_MS = 420;

/** Per-fighter animation starts (scene clock, ms), written by events and read every frame. */
interface Anim {
  lunge?: { at: number; dir: number };
  hit?: number;
  spell?: { at: number; color: string };
}
type Anims = Map<string, Anim>;

interface Props {
  players: Fighter[];
  enemies: Fighter[];
  currentTurn: string;
  events: SceneEvent[];
  labels: { crit: string; miss: string };
  ariaLabel: string;
  /** Draw a line from each enemy to whom its planned move would hit (players only). */
  showIntents?: boolean;
  /** Emotes to show: over a fighter's sprite, or in the crowd below the field (spectators). */
  emotes?: EmoteMark[];
}

/** One emote on screen; `seq` identifies it, `fighterId` is the seat key of a player (none: a spectator). */
export interface EmoteMark {
  seq: number;
  fighterId?: string;
  text: string;
}

/** The battlefield: party on the left, enemies on the right, animated by battle_update events. */
export const BattleScene = memo(function BattleScene(props: Props) {
  return <Stage label={props.ariaLabel}>{(size) => <Field {...props} size={size} />}</Stage>;
});

function Field({
  players,
  enemies,
  currentTurn,
  events,
  labels,
  emotes = [],
  showIntents,
  size,
}: Props & { size: StageSize }) {
  const { width, height } = size;
  const scale = Math.max(2, Math.min(6, Math.floor(Math.min(width / 5, height / 2.6) / 16)));
  const clock = useRef(0);
  const anims = useRef<Anims>(new Map());
  const seen = useRef(0);
  const [floats, setFloats] = useState<{ id: number; targetId: string; text: string; color: string; big: boolean }[]>(
    [],
  );

  useTick((ticker) => {
    clock.current += ticker.deltaMS;
  });

  // Turn each new event into animation starts and floating numbers.
  useEffect(() => {
    const fresh = events.filter((e) => e.seq > seen.current);
    if (fresh.length === 0) return;
    seen.current = fresh[fresh.length - 1]!.seq;
    const now = clock.current;
    const added: typeof floats = [];
    for (const e of fresh) {
      if (e.type === "damage") {
        const source = anims.current.get(e.sourceId) ?? {};
        const sourceIsPlayer = players.some((p) => p.id === e.sourceId);
        source.lunge = { at: now, dir: sourceIsPlayer ? 1 : -1 };
        if (e.with !== "attack") {
          const fighter = [...players, ...enemies].find((f) => f.id === e.sourceId);
          source.spell = { at: now, color: ELEMENT_COLORS[fighter?.element ?? "neutral"] ?? "#ffffff" };
        }
        anims.current.set(e.sourceId, source);
        anims.current.set(e.targetId, { ...anims.current.get(e.targetId), hit: now + LUNGE_MS / 2 });
        added.push({
          id: e.seq,
          targetId: e.targetId,
          text: e.amount === 0 ? labels.miss : e.crit ? `${labels.crit} ${e.amount}` : String(e.amount),
          color: e.crit ? "#f4d35e" : "#ff6b6b",
          big: e.crit,
        });
      } else if (e.type === "heal") {
        anims.current.set(e.targetId, {
          ...anims.current.get(e.targetId),
          spell: { at: now, color: "#6fdc8c" },
        });
        added.push({ id: e.seq, targetId: e.targetId, text: `+${e.amount}`, color: "#6fdc8c", big: false });
      } else if (e.type === "defend") {
        anims.current.set(e.actorId, { ...anims.current.get(e.actorId), spell: { at: now, color: "#5ee6ff" } });
      }
    }
    setFloats((f) => [...f, ...added]);
    const timer = setTimeout(() => setFloats((f) => f.filter((x) => !added.includes(x))), FLOAT_MS);
    return () => clearTimeout(timer);
  }, [events, players, enemies, labels]);

  const unitH = 16 * scale + 40;
  const place = (i: number, n: number) => Math.round(height * 0.12 + ((i + 0.5) * (height * 0.8)) / Math.max(1, n));
  const positions = new Map<string, { x: number; y: number }>();
  for (const [i, p] of players.entries())
    positions.set(p.id, { x: Math.round(width * 0.22), y: place(i, players.length) });
  for (const [i, e] of enemies.entries())
    positions.set(e.id, { x: Math.round(width * 0.72), y: place(i, enemies.length) });

  // Intent lines: from each planning enemy to each player its move would hit (dice picks: none).
  const lines: { from: { x: number; y: number }; to: { x: number; y: number } }[] = [];
  for (const e of showIntents ? enemies : []) {
    if (e.hp <= 0 || !Array.isArray(e.intentTargets)) continue;
    for (const key of e.intentTargets) {
      const from = positions.get(e.id);
      const to = positions.get(key);
      if (from && to) lines.push({ from, to });
    }
  }

  return (
    <pixiContainer>
      <Backdrop width={width} height={height} />
      <pixiGraphics
        draw={(g) => {
          g.clear();
          for (const { from, to } of lines) {
            // A dashed red line ending in a small target square beside the player.
            const x1 = from.x - 8 * scale;
            const x2 = to.x + 10 * scale;
            const steps = Math.max(1, Math.floor(Math.hypot(x2 - x1, to.y - from.y) / 12));
            for (let i = 0; i < steps; i += 2) {
              const a = i / steps;
              const b = Math.min(1, (i + 1) / steps);
              g.moveTo(x1 + (x2 - x1) * a, from.y + (to.y - from.y) * a)
                .lineTo(x1 + (x2 - x1) * b, from.y + (to.y - from.y) * b)
                .stroke({ color: "#ff6b6b", width: 2, alpha: 0.7 });
            }
            g.rect(x2 - 4, to.y - 4, 8, 8).stroke({ color: "#ff6b6b", width: 2 });
          }
        }}
      />
      {[
        ...players.map((p, i) => ({ f: p, i, side: "player" as const })),
        ...enemies.map((e, i) => ({ f: e, i, side: "enemy" as const })),
      ].map(({ f, i, side }) => {
        const pos = positions.get(f.id)!;
        return (
          <FighterSprite
            key={f.id}
            fighter={f}
            side={side}
            paletteIndex={i}
            x={pos.x}
            y={pos.y - unitH / 2}
            scale={scale}
            isTurn={f.id === currentTurn}
            anims={anims}
            clock={clock}
          />
        );
      })}
      {floats.map((fl) => {
        const pos = positions.get(fl.targetId);
        if (!pos) return null;
        return (
          <FloatingText
            key={fl.id}
            x={pos.x + 8 * scale}
            y={pos.y - unitH / 2}
            text={fl.text}
            color={fl.color}
            big={fl.big}
          />
        );
      })}
      {emotes.map((em, i) => {
        const pos = em.fighterId ? positions.get(em.fighterId) : undefined;
        const x = pos ? pos.x : Math.round(width * 0.47 + ((i % 5) - 2) * 40);
        const y = pos ? pos.y - unitH / 2 - 6 : height - 12;
        return <EmoteBubble key={em.seq} x={x} y={y} text={em.text} />;
      })}
    </pixiContainer>
  );
}

const Backdrop = memo(function Backdrop({ width, height }: { width: number; height: number }) {
  return (
    <pixiGraphics
      draw={(g) => {
        g.clear();
        g.rect(0, 0, width, height).fill("#1b1630");
        // A stone floor in big pixel tiles.
        const tile = 32;
        for (let y = Math.floor(height * 0.55); y < height; y += tile) {
          for (let x = 0; x < width; x += tile) {
            g.rect(x, y, tile - 2, tile - 2).fill((x / tile + y / tile) % 2 ? "#2b2540" : "#262038");
          }
        }
        for (let i = 0; i < 30; i++)
          g.rect((i * 97) % width, (i * 53) % Math.floor(height * 0.5), 2, 2).fill("#3d3b54");
      }}
    />
  );
});

interface FighterProps {
  fighter: Fighter;
  side: "player" | "enemy";
  paletteIndex: number;
  x: number;
  y: number;
  scale: number;
  isTurn: boolean;
  anims: RefObject<Anims>;
  clock: RefObject<number>;
}

/** One fighter: sprite with idle bob, lunge, hit flash and shake, HP bar, name, turn arrow, shield. */
const FighterSprite = memo(function FighterSprite({
  fighter,
  side,
  paletteIndex,
  x,
  y,
  scale,
  isTurn,
  anims,
  clock,
}: FighterProps) {
  const body = useRef<Container>(null);
  const sprite = useRef<Sprite>(null);
  const fx = useRef<Graphics>(null);
  const arrow = useRef<Graphics>(null);
  const art =
    side === "player"
      ? { pattern: HERO, palette: HERO_PALETTES[paletteIndex % HERO_PALETTES.length]! }
      : enemyArtFor(fighter.enemyId ?? fighter.name);
  const texture = patternTexture(art.pattern, art.palette);
  const whiteTexture = patternTexture(art.pattern, art.palette, "#ffffff");
  const w = 16 * scale;
  const fainted = fighter.hp <= 0;

  useTick(() => {
    const now = clock.current ?? 0;
    const a = anims.current?.get(fighter.id) ?? {};
    const b = body.current;
    if (b) {
      let dx = 0;
      if (a.lunge && now - a.lunge.at < LUNGE_MS)
        dx = Math.sin(((now - a.lunge.at) / LUNGE_MS) * Math.PI) * 5 * scale * a.lunge.dir;
      let shake = 0;
      const hitAge = a.hit === undefined ? Infinity : now - a.hit;
      if (hitAge >= 0 && hitAge < HIT_MS) shake = Math.round(Math.sin(hitAge / 20) * scale);
      b.x = Math.round(dx + shake);
      // A fallen fighter is squashed flat onto the floor and greyed out.
      b.y = fainted ? w / 2 : Math.round(Math.sin(now / 260 + paletteIndex) * (scale / 2));
      b.scale.y = fainted ? 0.5 : 1;
      b.alpha = fainted ? 0.35 : fighter.connected ? 1 : 0.6;
      if (sprite.current)
        sprite.current.texture =
          hitAge >= 0 && hitAge < HIT_MS && Math.floor(hitAge / 70) % 2 === 0 ? whiteTexture : texture;
    }
    const g = fx.current;
    if (g) {
      g.clear();
      if (fighter.defending && !fainted) {
        g.rect(-scale, -scale, w + 2 * scale, w + 2 * scale).stroke({
          color: "#5ee6ff",
          width: scale,
          alpha: 0.5 + 0.3 * Math.sin(now / 150),
        });
      }
      if (a.spell && now - a.spell.at < 600) {
        const p = (now - a.spell.at) / 600;
        for (let i = 0; i < 8; i++) {
          const ang = (i / 8) * Math.PI * 2 + p * 3;
          const r = 4 * scale + p * 10 * scale;
          g.rect(w / 2 + Math.cos(ang) * r, w / 2 + Math.sin(ang) * r, scale * 2, scale * 2).fill({
            color: a.spell.color,
            alpha: 1 - p,
          });
        }
      }
    }
    if (arrow.current) arrow.current.y = -14 - Math.abs(Math.sin(now / 200)) * 6;
  });

  const hpShare = Math.max(0, Math.min(1, fighter.hp / fighter.maxHp));
  const hpColor = hpShare > 0.5 ? "#6fdc8c" : hpShare > 0.2 ? "#f4d35e" : "#ff6b6b";
  return (
    <pixiContainer x={x - w / 2} y={y}>
      {isTurn && (
        <pixiGraphics
          ref={arrow}
          x={w / 2}
          draw={(g) => {
            g.clear();
            g.poly([-8, 0, 8, 0, 0, 10]).fill("#f4d35e").stroke({ color: "#000000", width: 2 });
          }}
        />
      )}
      <pixiContainer ref={body}>
        <pixiSprite
          ref={sprite}
          texture={texture}
          scale={{ x: side === "enemy" ? -scale : scale, y: scale }}
          x={side === "enemy" ? w : 0}
        />
        <pixiGraphics ref={fx} draw={() => {}} />
      </pixiContainer>
      <pixiGraphics
        y={w + 6}
        draw={(g) => {
          g.clear();
          g.rect(0, 0, w, 8).fill("#000000").stroke({ color: "#e8e8f0", width: 1 });
          g.rect(1, 1, Math.round((w - 2) * hpShare), 6).fill(hpColor);
        }}
      />
      <pixiText
        x={w / 2}
        y={w + 18}
        anchor={{ x: 0.5, y: 0 }}
        text={`${fighter.name} ${fighter.hp}/${fighter.maxHp}`}
        style={{ fontFamily: PIXEL_FONT, fontSize: 9, fill: isTurn ? "#f4d35e" : "#e8e8f0" }}
      />
    </pixiContainer>
  );
});
