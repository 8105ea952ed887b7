/**
 * Canvas colours come from CSS custom properties (media/panel.css maps them onto VS Code's
 * `--vscode-*` theme variables), read at draw time. VS Code swaps the theme by changing the
 * body's class and the variables, so a class change means "read the palette again".
 */
import { WORKER_STATES, type WorkerState } from '../model/runModel';

export interface Palette {
  readonly state: Readonly<Record<WorkerState, string>>;
  readonly foreground: string;
  readonly muted: string;
  readonly background: string;
  readonly grid: string;
  readonly laneStripe: string;
  readonly eventSet: string;
  /** Primitive tracks by shape: Lock owners, counts (Queue, Semaphore, Barrier), Event set. */
  readonly track: Readonly<Record<'owner' | 'count' | 'flag', string>>;
  readonly task: string;
  /** Deadlock and hang highlights. */
  readonly problem: string;
  readonly cursor: string;
  readonly wake: string;
  readonly outputMark: string;
  readonly focus: string;
  /** High-contrast themes want outlines instead of fills that differ only in hue. */
  readonly contrastBorder: string | undefined;
  readonly highContrast: boolean;
  readonly fontFamily: string;
  readonly monoFamily: string;
}

export function readPalette(root: Element): Palette {
  const style = getComputedStyle(root);
  const v = (name: string, fallbackVar?: string): string => {
    const value = style.getPropertyValue(name).trim();
    return value || (fallbackVar ? style.getPropertyValue(fallbackVar).trim() : '') || style.color;
  };
  const state = Object.fromEntries(WORKER_STATES.map((s) => [s, v(`--tl-state-${s}`)])) as Record<WorkerState, string>;
  const classes = document.body.classList;
  const contrastBorder = style.getPropertyValue('--tl-contrast-border').trim();
  return {
    state,
    foreground: v('--tl-fg'),
    muted: v('--tl-muted'),
    background: v('--tl-bg'),
    grid: v('--tl-grid'),
    laneStripe: v('--tl-lane-stripe'),
    eventSet: v('--tl-event-set'),
    track: { owner: v('--tl-track-owner'), count: v('--tl-track-count'), flag: v('--tl-event-set') },
    task: v('--tl-task'),
    problem: v('--tl-problem'),
    cursor: v('--tl-cursor'),
    wake: v('--tl-wake'),
    outputMark: v('--tl-output-mark'),
    focus: v('--tl-focus'),
    contrastBorder: contrastBorder && contrastBorder !== 'transparent' ? contrastBorder : undefined,
    highContrast: classes.contains('vscode-high-contrast') || classes.contains('vscode-high-contrast-light'),
    fontFamily: v('--tl-font-family') || 'sans-serif',
    monoFamily: v('--tl-mono-family') || 'monospace',
  };
}

/** Calls `onChange` whenever VS Code switches theme (it rewrites the body's class and style). */
export function watchTheme(onChange: () => void): { dispose(): void } {
  const observer = new MutationObserver(onChange);
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });
  return { dispose: () => observer.disconnect() };
}
