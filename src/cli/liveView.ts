/**
 * What the terminal shows while a run is live. On a TTY: the program's output scrolling above
 * a compact table of workers redrawn in place. Otherwise: the output, and plain lines of worker
 * state changes (plainView.ts), so logs stay readable.
 */
import type { WorkerId } from '../model/ids';
import type { PassedWait } from '../model/records';
import type { RunModel } from '../model/runModel';
import type { TraceEvent } from '../model/trace';
import { describeState, formatMs, pad } from './format';
import { writeOutput } from './outputLines';
import { PlainView } from './plainView';

const REDRAW_MS = 100;

export interface LiveView {
  /** Called after `events` were folded into the model. */
  update(events: readonly TraceEvent[]): void;
  /** A wait the model took straight from its record, without events (RunModel.tallyWait). */
  waitPassed(worker: WorkerId, passed: PassedWait): void;
  /** Writes something of Threadline's own without tearing the live table. */
  interrupt(write: () => void): void;
  close(): void;
}

/** `clock` gives the run's current time in ms, so the table keeps counting while nothing happens. */
export function createLiveView(model: RunModel, tty: boolean, clock: () => number): LiveView {
  return tty ? new TableView(model, clock) : new PlainView(model, clock);
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

  waitPassed(): void {
    // The table shows current states only, redrawn on a timer.
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
