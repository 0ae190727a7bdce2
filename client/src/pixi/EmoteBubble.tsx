import { useTick } from "@pixi/react";
import type { Container } from "pixi.js";
import { useRef } from "react";
import { PIXEL_FONT } from "./Stage.tsx";

/** How long an emote stays over a sprite (ms). */
export const EMOTE_MS = 2500;

/** A speech bubble with a short emote that pops up at (x, y), bobs, and fades out. */
export function EmoteBubble({ x, y, text }: { x: number; y: number; text: string }) {
  const ref = useRef<Container>(null);
  const age = useRef(0);
  const width = Math.max(36, text.length * 10 + 16);
  useTick((ticker) => {
    const node = ref.current;
    if (!node) return;
    age.current += ticker.deltaMS;
    const p = Math.min(1, age.current / EMOTE_MS);
    node.y = y - Math.min(1, p * 8) * 12 - Math.sin(age.current / 180) * 2;
    node.alpha = p > 0.8 ? (1 - p) / 0.2 : 1;
  });
  return (
    <pixiContainer ref={ref} x={x} y={y}>
      <pixiGraphics
        draw={(g) => {
          g.clear();
          g.roundRect(-width / 2, -26, width, 22, 4)
            .fill("#f8f4e8")
            .stroke({ color: "#000000", width: 2 });
          g.poly([-5, -5, 5, -5, 0, 2]).fill("#f8f4e8");
        }}
      />
      <pixiText
        y={-15}
        anchor={0.5}
        text={text}
        style={{ fontFamily: `${PIXEL_FONT}, sans-serif`, fontSize: 10, fill: "#1b1630" }}
      />
    </pixiContainer>
  );
}
