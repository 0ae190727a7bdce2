/**
 * The game's own pixel art, drawn in code: each sprite is rows of palette characters
 * ('.' is transparent). Rendered to a canvas at 1 pixel per cell; callers scale it up with
 * nearest-neighbour filtering so edges stay crisp.
 */
export type Pattern = readonly string[];
export type Palette = Readonly<Record<string, string>>;

export const HERO: Pattern = [
  "....hhhhhh....",
  "...hhhhhhhh...",
  "...hssssssh...",
  "...sseSSess...",
  "...ssssssss...",
  "....ssmmss....",
  "..bbbbbbbbbb..",
  ".sbbbBBBBbbbs.",
  ".sbbbbbbbbbbs.",
  ".s.bbbbbbbb.s.",
  "...llllllll...",
  "...ll....ll...",
  "...ll....ll...",
  "..fff....fff..",
];

export const HAT: Pattern = ["...gggggggg...", "..gggggggggg..", "...GGGGGGGG..."];

export const SWORD: Pattern = ["..w", ".w.", "w..", "k..", "k.."];

export const SLIME: Pattern = [
  "......gggg......",
  "....gggggggg....",
  "...gggGGggggg...",
  "..gggGGgggggggg.",
  "..ggggggggggggg.",
  ".gggewggggewgggg",
  ".gggeeggggeegggg",
  ".gggggggggggggg.",
  ".ggggggmmmggggg.",
  "..gggggggggggg..",
  "...dddddddddd...",
];

export const BUG: Pattern = [
  "..a..........a..",
  "...a........a...",
  "....rrrrrrrr....",
  "...rrRRrrRRrr...",
  "..rrreerreerrr..",
  "..rrrrrrrrrrrr..",
  "k.rrrkkrrkkrrr.k",
  ".krrrrrrrrrrrrk.",
  "k.rrrkkrrkkrrr.k",
  "..rrrrrrrrrrrr..",
  "...rrrrrrrrrr...",
  "..k..k....k..k..",
];

export const GOLEM: Pattern = [
  "....ssssssss....",
  "...sSSSSSSSSs...",
  "...sSeSSSSeSs...",
  "...sSSSSSSSSs...",
  "....ssmmmmss....",
  ".ssssssssssssss.",
  "sSSsSSSSSSSSsSSs",
  "sSSsSScSScSSsSSs",
  "sSSsSSSSSSSSsSSs",
  ".ss.SSSSSSSS.ss.",
  "....SSS..SSS....",
  "...ssss..ssss...",
];

export const HERO_PALETTES: readonly Palette[] = [
  {
    h: "#6b3e26",
    s: "#f2c79a",
    S: "#ffffff",
    e: "#1b1630",
    m: "#b5524a",
    b: "#3a6ee8",
    B: "#f4d35e",
    l: "#3d3b54",
    f: "#2b1d14",
  },
  {
    h: "#f4d35e",
    s: "#e8b48a",
    S: "#ffffff",
    e: "#1b1630",
    m: "#b5524a",
    b: "#d94848",
    B: "#ffffff",
    l: "#3d3b54",
    f: "#2b1d14",
  },
  {
    h: "#1b1630",
    s: "#c98e64",
    S: "#ffffff",
    e: "#1b1630",
    m: "#8a3b35",
    b: "#3bb273",
    B: "#f4d35e",
    l: "#3d3b54",
    f: "#2b1d14",
  },
  {
    h: "#c0c0d0",
    s: "#f2c79a",
    S: "#ffffff",
    e: "#1b1630",
    m: "#b5524a",
    b: "#9b5de5",
    B: "#f15bb5",
    l: "#3d3b54",
    f: "#2b1d14",
  },
];

export const ENEMY_ART: Record<string, { pattern: Pattern; palette: Palette }> = {
  slime: {
    pattern: SLIME,
    palette: { g: "#4cc96b", G: "#a8f0b8", e: "#1b1630", w: "#ffffff", m: "#1b1630", d: "#2e8a45" },
  },
  bug: { pattern: BUG, palette: { r: "#d94848", R: "#ff9a8a", e: "#fff27a", k: "#1b1630", a: "#1b1630" } },
  golem: { pattern: GOLEM, palette: { s: "#4a4e69", S: "#8d93b5", e: "#5ee6ff", m: "#2b2d42", c: "#f4d35e" } },
};

/** Which drawing an enemy gets: by a keyword in its id or name, else by a stable hash. */
export function enemyArtFor(idOrName: string): { pattern: Pattern; palette: Palette } {
  const key = idOrName.toLowerCase();
  if (/slime|blob|jelly/.test(key)) return ENEMY_ART.slime!;
  if (/bug|beetle|spider|virus|glitch/.test(key)) return ENEMY_ART.bug!;
  if (/golem|stone|boss|dragon|ogre|troll/.test(key)) return ENEMY_ART.golem!;
  const kinds = Object.values(ENEMY_ART);
  let hash = 0;
  for (const ch of key) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return kinds[hash % kinds.length]!;
}

/** Paints `pattern` into a 2D context at (x, y), one cell per pixel. */
export function paintPattern(
  ctx: CanvasRenderingContext2D,
  pattern: Pattern,
  palette: Palette,
  x = 0,
  y = 0,
  tint?: string,
): void {
  pattern.forEach((row, dy) => {
    for (let dx = 0; dx < row.length; dx++) {
      const color = palette[row[dx]!];
      if (!color) continue;
      ctx.fillStyle = tint ?? color;
      ctx.fillRect(x + dx, y + dy, 1, 1);
    }
  });
}

/** A canvas holding the pattern at 1 pixel per cell. */
export function patternCanvas(pattern: Pattern, palette: Palette, tint?: string): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(...pattern.map((r) => r.length));
  canvas.height = pattern.length;
  paintPattern(canvas.getContext("2d")!, pattern, palette, 0, 0, tint);
  return canvas;
}
