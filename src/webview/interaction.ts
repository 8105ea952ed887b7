/**
 * Pointer and keyboard input on the timeline canvas: wheel/keys zoom around the cursor,
 * drag/arrows pan, hover shows a tooltip, click opens the source of a wait or selects an
 * output line.
 */
import type { SourceSite } from '../model/trace';
import type { Hit } from './hitTest';
import type { PanelSession } from './panelSession';
import type { TimelineView } from './timelineView';
import { taskSite, tooltipLines, type Tooltip } from './tooltip';

export interface InteractionHandlers {
  revealSource(site: SourceSite): void;
  exportRun(): void;
  selectOutput(index: number): void;
  toggleFollow(): void;
  fit(): void;
}

const DRAG_THRESHOLD_PX = 3;
const KEY_ZOOM = 1.5;
const KEY_PAN_FRACTION = 0.15;

export function bindInteraction(
  canvas: HTMLCanvasElement,
  view: TimelineView,
  session: PanelSession,
  tooltip: Tooltip,
  handlers: InteractionHandlers,
): void {
  let drag: { x: number; moved: boolean; pointerId: number } | undefined;
  let lastX: number | undefined;

  const local = (event: MouseEvent): { x: number; y: number } => {
    const rect = canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  const zoomAround = (factor: number, x: number | undefined): void => {
    const scale = view.scale();
    const anchor = scale.t(x ?? scale.left + scale.width / 2);
    view.viewport.zoom(factor, anchor, session.now, session.live);
    view.invalidate();
  };
  const panBy = (ms: number): void => {
    view.viewport.pan(ms, session.now, session.live);
    view.invalidate();
  };
  const hoverAt = (x: number, y: number): void => {
    const hit = view.hitAt(x, y);
    view.setHover(hit);
    canvas.classList.toggle('tl-clickable', clickable(hit));
    if (hit) tooltip.show(tooltipLines(hit, session.model, session.now), x + canvas.offsetLeft, y + canvas.offsetTop);
    else tooltip.hide();
  };
  const activate = (hit: Hit | undefined): void => {
    if (hit?.kind === 'interval' && hit.interval.site) handlers.revealSource(hit.interval.site);
    else if (hit?.kind === 'output') handlers.selectOutput(hit.outputIndex);
    else if (hit?.kind === 'task') {
      const site = taskSite(hit.task, session.model);
      if (site) handlers.revealSource(site);
    } else if (hit?.kind === 'op' && hit.mark.site) handlers.revealSource(hit.mark.site);
  };

  canvas.addEventListener(
    'wheel',
    (event) => {
      const zoomKey = event.ctrlKey || event.metaKey;
      // With more lanes than fit, a plain vertical wheel scrolls the lanes; zoom needs ctrl/cmd.
      const box = canvas.parentElement;
      const lanesScroll = box !== null && box.scrollHeight > box.clientHeight + 1;
      if (!zoomKey && !event.shiftKey && lanesScroll && Math.abs(event.deltaY) > Math.abs(event.deltaX)) return;
      event.preventDefault();
      const { x } = local(event);
      const px = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? 16 : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? 400 : 1;
      const dx = event.deltaX * px;
      const dy = event.deltaY * px;
      if (event.shiftKey || Math.abs(dx) > Math.abs(dy)) {
        panBy((event.shiftKey && dx === 0 ? dy : dx) * view.scale().msPerPx);
      } else {
        // Pinch gestures arrive as ctrl+wheel with small deltas: zoom faster for them.
        zoomAround(Math.exp(dy * (event.ctrlKey ? 0.01 : 0.0015)), x);
      }
      tooltip.hide();
    },
    { passive: false },
  );

  canvas.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    canvas.setPointerCapture(event.pointerId);
    drag = { x: local(event).x, moved: false, pointerId: event.pointerId };
  });
  canvas.addEventListener('pointermove', (event) => {
    const { x, y } = local(event);
    lastX = x;
    if (drag && (drag.moved || Math.abs(x - drag.x) > DRAG_THRESHOLD_PX)) {
      drag.moved = true;
      canvas.classList.add('tl-dragging');
      tooltip.hide();
      panBy((drag.x - x) * view.scale().msPerPx);
      drag.x = x;
      return;
    }
    hoverAt(x, y);
  });
  canvas.addEventListener('pointerup', (event) => {
    if (!drag || drag.pointerId !== event.pointerId) return;
    const wasDrag = drag.moved;
    drag = undefined;
    canvas.classList.remove('tl-dragging');
    if (!wasDrag) {
      const { x, y } = local(event);
      // A click pins the time cursor there (the side panel lists every state at that instant).
      const scale = view.scale();
      if (x >= scale.left && x <= scale.right) view.setCursor(scale.t(x));
      activate(view.hitAt(x, y));
    }
  });
  canvas.addEventListener('pointercancel', () => {
    drag = undefined;
    canvas.classList.remove('tl-dragging');
  });
  canvas.addEventListener('pointerleave', () => {
    if (drag) return;
    lastX = undefined;
    view.setHover(undefined);
    tooltip.hide();
  });

  canvas.addEventListener('keydown', (event) => {
    if (event.altKey || event.metaKey || event.ctrlKey) return;
    const span = () => {
      const w = view.scale().window;
      return w.end - w.start;
    };
    switch (event.key) {
      case '+':
      case '=':
        zoomAround(1 / KEY_ZOOM, lastX);
        break;
      case '-':
      case '_':
        zoomAround(KEY_ZOOM, lastX);
        break;
      case 'ArrowLeft':
        panBy(-span() * KEY_PAN_FRACTION);
        break;
      case 'ArrowRight':
        panBy(span() * KEY_PAN_FRACTION);
        break;
      case 'Home':
        panBy(-view.scale().window.start);
        break;
      case 'End':
        panBy(session.now - view.scale().window.end + span() * 0.05);
        break;
      case '0':
        handlers.fit();
        break;
      case 'f':
      case 'F':
        handlers.toggleFollow();
        break;
      case 'Enter':
        activate(view.hovered);
        break;
      case 'c':
      case 'C': {
        const scale = view.scale();
        view.setCursor(scale.t(lastX ?? scale.left + scale.width / 2));
        break;
      }
      case '[':
      case ']': {
        // Move the cursor by 10 px (Shift: 100 px); pin it at the centre first if there is none.
        const scale = view.scale();
        const step = scale.msPerPx * (event.shiftKey ? 100 : 10) * (event.key === '[' ? -1 : 1);
        const t = view.cursor === undefined ? scale.t(scale.left + scale.width / 2) : view.cursor + step;
        view.setCursor(t);
        if (view.cursor !== undefined) view.viewport.reveal(view.cursor, session.now, session.live);
        break;
      }
      case '{':
      case '}': {
        const scale = view.scale();
        const step = scale.msPerPx * 100 * (event.key === '{' ? -1 : 1);
        view.setCursor((view.cursor ?? scale.t(scale.left + scale.width / 2)) + step);
        if (view.cursor !== undefined) view.viewport.reveal(view.cursor, session.now, session.live);
        break;
      }
      case 'e':
      case 'E':
        handlers.exportRun();
        break;
      case 'Escape':
        if (view.hovered) {
          view.setHover(undefined);
          tooltip.hide();
        } else view.setCursor(undefined);
        break;
      default:
        return;
    }
    event.preventDefault();
  });
  canvas.addEventListener('blur', () => tooltip.hide());
}

function clickable(hit: Hit | undefined): boolean {
  return (hit?.kind === 'interval' && hit.interval.site !== undefined) || hit?.kind === 'output' || hit?.kind === 'task' || (hit?.kind === 'op' && hit.mark.site !== undefined);
}
