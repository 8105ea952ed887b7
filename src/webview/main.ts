/**
 * The panel's entry point (bundled to dist/webview.js): connects the extension's message
 * stream to the model, the canvas timeline, the output log and the accessible summary.
 */
import { ID, MARK } from './domIds';
import { byId, Header, renderLegend } from './header';
import type { SourceSite } from '../model/trace';
import { CursorPanel } from './cursorPanel';
import { bindInteraction } from './interaction';
import { ProblemsView } from './problemsView';
import { OutputLog } from './outputLog';
import { isPanelMessage, PanelSession } from './panelSession';
import { Summary } from './summary';
import { watchTheme } from './theme';
import { TimelineView } from './timelineView';
import { Tooltip } from './tooltip';
import { Viewport } from './viewport';
import { parseViewState, type ViewState } from './viewState';
import { connectToHost } from './vscodeApi';

function start(): void {
  const host = connectToHost<ViewState>();
  const session = new PanelSession();
  const header = new Header(document);
  const summary = new Summary(document);
  const canvas = byId<HTMLCanvasElement>(document, ID.canvas);
  const followButton = byId<HTMLButtonElement>(document, ID.followButton);
  const tooltip = new Tooltip(byId(document, ID.tooltip));
  renderLegend(byId(document, ID.legend));

  const viewport = new Viewport(parseViewState(host.loadState()), (state) => {
    host.saveState(state);
    followButton.setAttribute('aria-pressed', String(state.follow));
  });
  followButton.setAttribute('aria-pressed', String(viewport.follow));

  const log = new OutputLog(byId<HTMLOListElement>(document, ID.outputLog), byId(document, ID.outputCount), (index) => {
    // From the list: highlight the marker, make sure it is on screen, open the line that printed it.
    const line = session.model.output[index];
    if (!line) return;
    view.select(index);
    log.select(index, false);
    view.viewport.reveal(line.at, session.now, session.live);
    if (line.site) revealSource(line.site);
  });

  const revealSource = (site: SourceSite): void => host.post({ type: 'revealSource', file: site.file, line: site.line, column: site.column });
  const problems = new ProblemsView(document, revealSource);
  const cursorPanel = new CursorPanel(document, () => view.setCursor(undefined));

  let firstLaneMarked = false;
  const view = new TimelineView(canvas, byId(document, ID.timelineBox), session, viewport, () => {
    if (!firstLaneMarked && session.model.workers.size > 0) {
      firstLaneMarked = true;
      performance.mark(MARK.firstLane);
    }
    header.update(session);
    summary.update(session, view.modelIndex, view.cursor);
    problems.update(session.model, session.generation);
    cursorPanel.update(session, view.modelIndex, view.cursor);
    log.sync(session.model, session.generation);
  });
  // While live, "now" follows the wall clock: repaint a few times a second even when the run
  // records nothing (a deadlocked run is silent, but its waits keep growing).
  setInterval(() => {
    if (session.live) view.invalidate();
  }, 200);
  const exportRun = (): void => host.post({ type: 'export' });
  byId(document, ID.exportButton).addEventListener('click', exportRun);

  const toggleFollow = (): void => {
    viewport.setFollow(!viewport.follow);
    view.invalidate();
  };
  const fit = (): void => {
    viewport.fit();
    view.invalidate();
  };
  const zoomStep = (factor: number): void => {
    const scale = view.scale();
    const w = scale.window;
    // From a button there is no cursor: zoom around "now" when following, else the centre.
    const anchor = viewport.follow && session.live ? session.now : (w.start + w.end) / 2;
    viewport.zoom(factor, anchor, session.now, session.live);
    view.invalidate();
  };
  followButton.addEventListener('click', toggleFollow);
  byId(document, ID.fitButton).addEventListener('click', fit);
  byId(document, ID.zoomInButton).addEventListener('click', () => zoomStep(1 / 1.5));
  byId(document, ID.zoomOutButton).addEventListener('click', () => zoomStep(1.5));

  bindInteraction(canvas, view, session, tooltip, {
    revealSource,
    exportRun,
    selectOutput: (index) => {
      view.select(index);
      log.select(index, true);
      const site = session.model.output[index]?.site;
      if (site) revealSource(site);
    },
    toggleFollow,
    fit,
  });

  watchTheme(() => view.refreshPalette());

  const receive = (message: unknown): void => {
    if (!isPanelMessage(message)) return;
    const result = session.apply(message);
    if (result === 'needSnapshot') host.post({ type: 'ready' });
    if (result === 'changed') {
      if (message.type === 'reset') {
        log.select(undefined, false);
        if (session.run) viewport.adoptRun(session.run.runId);
      }
      view.invalidate();
    }
  };
  window.addEventListener('message', (event: MessageEvent<unknown>) => receive(event.data));
  // `ready` went out from the boot script; its snapshot may be here already.
  for (const message of host.takeEarlyMessages()) receive(message);
  view.invalidate();
}

start();
