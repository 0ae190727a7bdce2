// Pixi compiles shaders with `new Function` unless this polyfill is loaded; the server's CSP forbids eval.
import "pixi.js/unsafe-eval";
import { Application, extend } from "@pixi/react";
import { Container, Graphics, Sprite, Text, TextureSource } from "pixi.js";
import { type ReactNode, useEffect, useRef, useState } from "react";

extend({ Container, Graphics, Sprite, Text });
// Pixel art: every texture scales with nearest-neighbour sampling so edges stay crisp.
TextureSource.defaultOptions.scaleMode = "nearest";

export const PIXEL_FONT = '"Press Start 2P", monospace';

/** Size of the stage in CSS pixels, following its container as the window resizes. */
export interface StageSize {
  width: number;
  height: number;
}

/**
 * A Pixi canvas that fills its box and resizes with the window. Children get the current size;
 * it waits for the pixel font so text is drawn with it from the first frame.
 */
export function Stage({ children, label }: { children: (size: StageSize) => ReactNode; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<StageSize>({ width: 0, height: 0 });
  const [fontReady, setFontReady] = useState(false);

  useEffect(() => {
    void document.fonts.load(`12px ${PIXEL_FONT}`).finally(() => setFontReady(true));
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize({ width: Math.floor(entry.contentRect.width), height: Math.floor(entry.contentRect.height) });
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  return (
    <div className="stage" ref={box} role="img" aria-label={label}>
      {fontReady && size.width > 0 && (
        <Application resizeTo={box} background="#1b1630" antialias={false} roundPixels autoDensity resolution={1}>
          {children(size)}
        </Application>
      )}
    </div>
  );
}
