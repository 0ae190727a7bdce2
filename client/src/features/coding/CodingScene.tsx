import { xpForLevel } from "@levelup/shared/rules/xp";
import { useTick } from "@pixi/react";
import type { Container, Graphics } from "pixi.js";
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { FLOAT_MS, FloatingText } from "../../pixi/FloatingText.tsx";
import { HERO, HERO_PALETTES } from "../../pixi/pixelArt.ts";
import { PIXEL_FONT, Stage, type StageSize } from "../../pixi/Stage.tsx";
import { patternTexture } from "../../pixi/textures.ts";
import type { XpGain } from "../../store/gameSlice.ts";

interface Props {
  experience: number;
  level: number;
  lines: number;
  gain: XpGain | null;
  /** Translated labels drawn on the canvas. */
  labels: { level: string; levelUp: string; xp: (n: number) => string };
  ariaLabel: string;
}

const LEVEL_UP_MS = 1800;
/** How long a written line takes to fly from the keyboard into the monitor (ms). */
const FLY_MS = 700;
const CODE_COLORS = ["#5ee6ff", "#f4d35e", "#6fdc8c", "#f15bb5"];

/** The coder at the desk: the monitor fills with code, the XP bar fills, level-ups burst. */
export const CodingScene = memo(function CodingScene(props: Props) {
  return <Stage label={props.ariaLabel}>{(size) => <Scene {...props} size={size} />}</Stage>;
});

function Scene({ experience, level, lines, gain, labels, size }: Props & { size: StageSize }) {
  const { width, height } = size;
  const scale = Math.max(3, Math.floor(Math.min(width, height) / 60));
  const hero = useRef<Container>(null);
  const bar = useRef<Graphics>(null);
  const burst = useRef<Graphics>(null);
  const flyers = useRef<Graphics>(null);
  /** Lines in flight: when each left the keyboard and its colour. */
  const flying = useRef<{ at: number; color: string; lane: number }[]>([]);
  const seenLines = useRef(lines);
  const shown = useRef(0);
  const time = useRef(0);
  const [floats, setFloats] = useState<{ id: number; text: string; big?: boolean }[]>([]);
  const [levelUpAt, setLevelUpAt] = useState<number | null>(null);

  const floor = xpForLevel(level);
  const target = Math.max(0, Math.min(1, (experience - floor) / (xpForLevel(level + 1) - floor)));

  useEffect(() => {
    if (!gain) return;
    setFloats((f) => [...f, { id: gain.seq, text: labels.xp(gain.xp) }]);
    if (gain.leveledUp) {
      setLevelUpAt(time.current);
      shown.current = 0;
    }
    const timer = setTimeout(() => setFloats((f) => f.filter((x) => x.id !== gain.seq)), FLOAT_MS);
    return () => clearTimeout(timer);
  }, [gain, labels]);

  // Each batch of new lines sends a few glowing strips from the keyboard into the monitor.
  useEffect(() => {
    const added = lines - seenLines.current;
    seenLines.current = lines;
    for (let i = 0; i < Math.min(6, Math.max(0, added)); i++) {
      flying.current.push({ at: time.current + i * 90, color: CODE_COLORS[(lines + i) % 4]!, lane: i % 3 });
    }
  }, [lines]);

  const barWidth = Math.min(width - 40, 520);
  const deskY = height * 0.62;
  const monitorW = 26 * scale;
  const monitorH = 18 * scale;
  const monitorX = width / 2 + 4 * scale;
  const codeRows = Math.min(8, lines);
  const flyFrom = useMemo(() => ({ x: width / 2 - 4 * scale, y: deskY - 6 * scale }), [width, deskY, scale]);
  const flyTo = useMemo(
    () => ({ x: monitorX + monitorW / 2, y: deskY - monitorH / 2 - 2 * scale }),
    [monitorX, monitorW, monitorH, deskY, scale],
  );
  useTick(
    useCallback(
      (ticker: { deltaMS: number }) => {
        time.current += ticker.deltaMS;
        // The bar eases toward the real progress so a gain visibly fills it.
        shown.current += (target - shown.current) * Math.min(1, ticker.deltaMS / 250);
        const g = bar.current;
        if (g) {
          g.clear();
          g.rect(0, 0, barWidth, 18).fill("#2b2540").stroke({ color: "#f4d35e", width: 2 });
          g.rect(2, 2, Math.max(0, (barWidth - 4) * shown.current), 14).fill("#5ee6ff");
        }
        if (hero.current) hero.current.y = Math.round(Math.sin(time.current / 120) * (scale / 2));
        const f = flyers.current;
        if (f) {
          f.clear();
          flying.current = flying.current.filter((l) => time.current - l.at < FLY_MS);
          for (const l of flying.current) {
            const p = (time.current - l.at) / FLY_MS;
            if (p < 0) continue;
            // An arc from the typing hands (left) to the screen (right), shrinking as it lands.
            const x = p * (flyTo.x - flyFrom.x);
            const y = p * (flyTo.y - flyFrom.y) - Math.sin(p * Math.PI) * 10 * scale + l.lane * scale * 2;
            f.rect(x, y, Math.max(scale, (1 - p) * 5 * scale), scale).fill({ color: l.color, alpha: 1 - p * 0.5 });
          }
        }
        const b = burst.current;
        if (b) {
          b.clear();
          if (levelUpAt !== null) {
            const p = (time.current - levelUpAt) / LEVEL_UP_MS;
            if (p >= 1) setLevelUpAt(null);
            else {
              for (let i = 0; i < 12; i++) {
                const a = (i / 12) * Math.PI * 2 + p;
                const r1 = 20 + p * 160;
                b.moveTo(Math.cos(a) * r1 * 0.5, Math.sin(a) * r1 * 0.5)
                  .lineTo(Math.cos(a) * r1, Math.sin(a) * r1)
                  .stroke({ color: i % 2 ? "#f4d35e" : "#ffffff", width: scale, alpha: 1 - p });
              }
            }
          }
        }
      },
      [target, barWidth, scale, levelUpAt, flyFrom, flyTo],
    ),
  );

  const heroTexture = patternTexture(HERO, HERO_PALETTES[0]!);
  return (
    <pixiContainer>
      <pixiText
        x={20}
        y={16}
        text={`${labels.level} ${level}`}
        style={{ fontFamily: PIXEL_FONT, fontSize: 14, fill: "#f4d35e" }}
      />
      <pixiGraphics ref={bar} x={20} y={40} draw={() => {}} />
      <pixiGraphics
        draw={(g) => {
          g.clear();
          g.rect(0, deskY, width, height - deskY).fill("#3d2b1f");
          g.rect(0, deskY, width, scale).fill("#6b4a33");
          g.rect(monitorX, deskY - monitorH - 2 * scale, monitorW, monitorH)
            .fill("#0d0b1a")
            .stroke({
              color: "#8d93b5",
              width: scale,
            });
          g.rect(monitorX + monitorW / 2 - scale, deskY - 2 * scale, 2 * scale, 2 * scale).fill("#8d93b5");
          const colors = CODE_COLORS;
          for (let i = 0; i < codeRows; i++) {
            const w = ((i * 7 + lines) % 5) + 3;
            g.rect(monitorX + 2 * scale + (i % 3) * scale, deskY - monitorH + i * 2 * scale, w * 2 * scale, scale).fill(
              colors[(i + lines) % colors.length]!,
            );
          }
        }}
      />
      <pixiContainer x={width / 2 - 16 * scale} y={deskY - 14 * scale}>
        <pixiContainer ref={hero}>
          <pixiSprite texture={heroTexture} scale={scale} />
        </pixiContainer>
      </pixiContainer>
      <pixiGraphics ref={flyers} x={flyFrom.x} y={flyFrom.y} draw={() => {}} />
      <pixiGraphics ref={burst} x={width / 2} y={deskY - 8 * scale} draw={() => {}} />
      {levelUpAt !== null && (
        <FloatingText x={width / 2} y={deskY - 20 * scale} text={labels.levelUp} color="#f4d35e" big />
      )}
      {floats.map((f) => (
        <FloatingText key={f.id} x={width / 2 - 8 * scale} y={deskY - 16 * scale} text={f.text} color="#5ee6ff" />
      ))}
    </pixiContainer>
  );
}
