/**
 * What the terminal shows while a run is live. On a TTY: the program's output scrolling above
 * a compact table of workers redrawn in place. Otherwise: the output, and one plain line per
 * worker state change, so logs stay readable.
 */
import type { RunModel } from '../model/runModel';
import type { TraceEvent } from '../model/trace';
import { describeState, formatMs, pad, siteText } from './format';

const REDRAW_MS = 100;

export interface LiveView {
  /** Called after `events` were folded into the model. */
  update(events: readonly TraceEvent[]): void;
  /** Writes something of Threadline's own without tearing the live table. */
  interrupt(write: () => void): void;
  close(): void;
}

/** `clock` gives the run's current time in ms, so the table keeps counting while nothing happens. */
export function createLiveView(model: RunModel, tty: boolean, clock: () => number): LiveView {
  return tty ? new TableView(model, clock) : new PlainView(model);
}

function writeOutput(event: TraceEvent): void {
  if (event.t !== 'output') return;
  (event.stream === 'stderr' ? process.stderr : process.stdout).write(`${event.text}\n`);
}

class PlainView implements LiveView {
  constructor(private readonly model: RunModel) {}

  update(events: readonly TraceEvent[]): void {
    for (const event of events) {
      if (event.t === 'output') writeOutput(event);
      else if (event.t === 'workerStart' || event.t === 'workerExit' || event.t === 'waitBegin' || event.t === 'waitEnd') {
        this.line(event);
      }
    }
  }

  interrupt(write: () => void): void {
    write();
  }

  close(): void {}

  private line(event: TraceEvent & { worker: number }): void {
    const worker = this.model.workers.get(event.worker as never);
    if (!worker) return;
    const interval = stateFrom(worker.states, event.at) ?? this.model.currentState(worker);
    const where = event.t === 'waitBegin' && interval.site ? `  at ${siteText(interval)}` : '';
    process.stderr.write(`[threadline ${pad(formatMs(event.at), 10)}] ${pad(worker.name, 12)} ${describeState(this.model, worker, interval)}${where}\n`);
  }
}

/**
 * The state that began at `at`. Searched from the newest: the event being printed is almost
 * always among the last few states, and a forward search made printing quadratic in the run.
 */
function stateFrom<S extends { readonly from: number }>(states: readonly S[], at: number): S | undefined {
  for (let i = states.length - 1; i >= 0; i--) if (states[i]!.from === at) return states[i];
  return undefined;
}

class TableView implements LiveView {
  private drawnLines = 0;
  private timer: NodeJS.Timeout;

  constructor(
    private readonly model: RunModel,
    private readonly clock: () => number,
  ) {
    this.timer = setInterval(() => this.redraw(), REDRAW_MS);
  }

  update(events: readonly TraceEvent[]): void {
    const outputs = events.filter((e) => e.t === 'output');
    if (outputs.length === 0) return;
    this.erase();
    for (const event of outputs) writeOutput(event);
    this.draw();
  }

  interrupt(write: () => void): void {
    this.erase();
    write();
    this.draw();
  }

  close(): void {
    clearInterval(this.timer);
    this.erase();
  }

  private redraw(): void {
    this.erase();
    this.draw();
  }

  private erase(): void {
    if (this.drawnLines === 0) return;
    process.stderr.write(`\x1b[${this.drawnLines}A\x1b[0J`);
    this.drawnLines = 0;
  }

  private draw(): void {
    const rows: string[] = [];
    const now = Math.max(this.model.latest, this.clock());
    for (const worker of this.model.workers.values()) {
      const interval = this.model.currentState(worker);
      const since = worker.exitCode === undefined ? `  ${formatMs(now - interval.from)}` : '';
      rows.push(`  ${pad(worker.name, 12)} ${pad(describeState(this.model, worker, interval), 28)}${since}`);
    }
    if (rows.length === 0) return;
    const text = `\x1b[2m── threadline ${formatMs(now)} ──\x1b[0m\n${rows.join('\n')}\n`;
    process.stderr.write(text);
    this.drawnLines = rows.length + 1;
  }
}
