import { Texture } from "pixi.js";
import { type Palette, type Pattern, patternCanvas } from "./pixelArt.ts";

const cache = new Map<string, Texture>();

/** A texture of a pixel pattern, made once per pattern, palette and tint. */
export function patternTexture(pattern: Pattern, palette: Palette, tint?: string): Texture {
  const key = JSON.stringify([pattern, palette, tint]);
  let texture = cache.get(key);
  if (!texture) {
    texture = Texture.from(patternCanvas(pattern, palette, tint));
    cache.set(key, texture);
  }
  return texture;
}
