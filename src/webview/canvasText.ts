/**
 * Small canvas helpers: text that fits a box, and picking a legible text colour for a bar
 * from the theme's own foreground and background (never a hard-coded black or white).
 */

/** `text`, shortened with an ellipsis to fit `maxWidth`, or undefined when nothing useful fits. */
const widthCache = new Map<string, number>();

/** measureText is slow in software rendering: widths are cached per font and text. */
function textWidth(ctx: CanvasRenderingContext2D, text: string): number {
  const key = `${ctx.font}|${text}`;
  let width = widthCache.get(key);
  if (width === undefined) {
    if (widthCache.size > 5000) widthCache.clear();
    width = ctx.measureText(text).width;
    widthCache.set(key, width);
  }
  return width;
}

export function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string | undefined {
  if (maxWidth < 14) return undefined;
  if (textWidth(ctx, text) <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo >= 2 ? `${text.slice(0, lo)}…` : undefined;
}

/**
 * A name shortened in the middle, keeping a trailing number: "SpawnPoolWorker-3" becomes
 * "SpawnPool…-3", so names that differ only at the end stay told apart.
 */
export function fitName(ctx: CanvasRenderingContext2D, name: string, maxWidth: number): string | undefined {
  if (textWidth(ctx, name) <= maxWidth) return name;
  const tail = /[-_ .#]?\d+$/.exec(name)?.[0] ?? '';
  if (!tail || tail.length >= name.length - 2) return fitText(ctx, name, maxWidth);
  const head = name.slice(0, name.length - tail.length);
  let lo = 0;
  let hi = head.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (ctx.measureText(`${head.slice(0, mid)}…${tail}`).width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo >= 2 ? `${head.slice(0, lo)}…${tail}` : fitText(ctx, name, maxWidth);
}

const luminanceCache = new Map<string, number>();

/** Relative luminance (0 dark … 1 light) of any CSS colour the canvas understands. */
export function luminance(ctx: CanvasRenderingContext2D, colour: string): number {
  const cached = luminanceCache.get(colour);
  if (cached !== undefined) return cached;
  // The canvas normalises any CSS colour to #rrggbb or rgba(...), which is easy to parse.
  const saved = ctx.fillStyle;
  ctx.fillStyle = colour;
  const normal = String(ctx.fillStyle);
  ctx.fillStyle = saved;
  const rgb = parseNormalised(normal);
  const lin = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  const value = 0.2126 * (lin[0] ?? 0) + 0.7152 * (lin[1] ?? 0) + 0.0722 * (lin[2] ?? 0);
  luminanceCache.set(colour, value);
  return value;
}

/** Whichever of the two theme colours contrasts more with `background`. */
export function contrastingText(ctx: CanvasRenderingContext2D, background: string, a: string, b: string): string {
  const bg = luminance(ctx, background);
  return contrastRatio(bg, luminance(ctx, a)) >= contrastRatio(bg, luminance(ctx, b)) ? a : b;
}

function contrastRatio(l1: number, l2: number): number {
  const [hi, lo] = l1 > l2 ? [l1, l2] : [l2, l1];
  return (hi + 0.05) / (lo + 0.05);
}

function parseNormalised(colour: string): number[] {
  if (colour.startsWith('#') && colour.length === 7) {
    return [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
  }
  const match = /rgba?\(([^)]+)\)/.exec(colour);
  if (!match?.[1]) return [128, 128, 128];
  return match[1].split(',').slice(0, 3).map((part) => Number.parseFloat(part));
}
