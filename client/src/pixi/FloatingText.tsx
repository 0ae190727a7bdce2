import { useTick } from "@pixi/react";
import type { Text } from "pixi.js";
import { useRef } from "react";
import { PIXEL_FONT } from "./Stage.tsx";

/** How long a floating number lives (ms). */
export const FLOAT_MS = 1200;

/** A number that rises and fades from (x, y); `big` for critical hits and level-ups. */
export function FloatingText({
  x,
  y,
  text,
  color,
  big,
}: {
  x: number;
  y: number;
  text: string;
  color: string;
  big?: boolean;
}) {
  const ref = useRef<Text>(null);
  const age = useRef(0);
  useTick((ticker) => {
    const node = ref.current;
    if (!node) return;
    age.current += ticker.deltaMS;
    const p = Math.min(1, age.current / FLOAT_MS);
    node.y = y - p * 48;
    node.alpha = 1 - p * p;
    node.scale.set(big ? 1 + 0.4 * Math.sin(Math.min(1, p * 4) * Math.PI) : 1);
  });
  return (
    <pixiText
      ref={ref}
      x={x}
      y={y}
      anchor={0.5}
      text={text}
      style={{
        fontFamily: PIXEL_FONT,
        fontSize: big ? 20 : 14,
        fill: color,
        stroke: { color: "#000000", width: 4 },
      }}
    />
  );
}
