/**
 * The live view for logs and pipes: the program's output, and a line per worker state change.
 * A worker in a tight loop changes state hundreds of thousands of times; printing each would
 * bury its output and cost more CPU than the program being watched. So each worker prints a
 * burst of lines and then a few a second; a change held back is printed once its state has
 * lasted (the waits worth reading about do), with how many changes went unprinted.
 */
import type { WorkerId } from '../model/ids';
import type { PassedWait } from '../model/records';
import { waitInterval, type RunModel, type StateInterval, type WorkerView } from '../model/runModel';
import type { TraceEvent } from '../model/trace';
import { describeState, formatMs, pad, siteText } from './format';
import type { LiveView } from './liveView';
import { writeOutput } from './outputLines';

/** Lines a worker may print at once… */
export const BURST_LINES = 20;
/** …and per second of the run after that. */
const LINES_PER_SECOND = 10;
/** A state whose line was held back is printed once it has lasted this long. */
const LASTING_STATE_MS = 50;

interface LineBudget {
  tokens: number;
  refilledAt: number;
  /** Changes not printed since this worker's last line. */
  hidden: number;
}

export class PlainView implements LiveView {
  private readonly budgets = new Map<WorkerId, LineBudget>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly model: RunModel,
    private readonly clock: () => number,
  ) {
    this.timer = setInterval(() => this.printLastingStates(), LASTING_STATE_MS);
  }

  update(events: readonly TraceEvent[]): void {
    // Each line says the state the event began, from the event itself: the model may keep only
    // its current state, which is past it by the time a batch is printed.
    // Starts and exits always print; other changes spend the worker's budget, and their lines'
    // intervals are made only for a change that gets a line (most are only counted).
    for (const event of events) {
      if (event.t === 'output') writeOutput(event);
      else if (event.t === 'workerStart') this.print(event.worker, { state: 'starting', from: event.at });
      else if (event.t === 'workerExit') this.print(event.worker, { state: event.exitCode === 0 ? 'done' : 'failed', from: event.at });
      else if (event.t === 'waitBegin') {
        if (this.spend(event.worker, event.at)) this.print(event.worker, waitInterval(event.wait, event.at, event.primitive, event.timeoutMs, event.site));
      } else if (event.t === 'waitEnd' && this.spend(event.worker, event.at)) this.print(event.worker, { state: 'running', from: event.at });
    }
  }

  waitPassed(worker: WorkerId, passed: PassedWait): void {
    if (this.spend(worker, passed.began)) this.print(worker, waitInterval(passed.wait, passed.began, passed.primitive, passed.timeoutMs, undefined));
    if (this.spend(worker, passed.end)) this.print(worker, { state: 'running', from: passed.end });
  }

  interrupt(write: () => void): void {
    write();
  }

  close(): void {
    clearInterval(this.timer);
    for (const [id, budget] of this.budgets) {
      const worker = this.model.workers.get(id);
      if (worker && budget.hidden > 0) this.line(worker, this.model.currentState(worker), budget, true);
    }
  }

  private print(id: WorkerId, interval: StateInterval): void {
    const worker = this.model.workers.get(id);
    if (worker) this.line(worker, interval, this.budgetOf(id, interval.from), false);
  }

  /** Takes a line from the worker's budget for a change at `at`; false (and the change counted as not shown) when there is none left. */
  private spend(id: WorkerId, at: number): boolean {
    if (!this.model.workers.has(id)) return false;
    const budget = this.budgetOf(id, at);
    budget.tokens = Math.min(BURST_LINES, budget.tokens + (Math.max(0, at - budget.refilledAt) * LINES_PER_SECOND) / 1000);
    budget.refilledAt = Math.max(budget.refilledAt, at);
    if (budget.tokens < 1) {
      budget.hidden++;
      return false;
    }
    budget.tokens--;
    return true;
  }

  private printLastingStates(): void {
    const now = Math.max(this.model.latest, this.clock());
    for (const [id, budget] of this.budgets) {
      if (budget.hidden === 0) continue;
      const worker = this.model.workers.get(id);
      if (!worker) continue;
      const state = this.model.currentState(worker);
      if (now - state.from >= LASTING_STATE_MS) this.line(worker, state, budget, true);
    }
  }

  private budgetOf(id: WorkerId, at: number): LineBudget {
    let budget = this.budgets.get(id);
    if (!budget) {
      budget = { tokens: BURST_LINES, refilledAt: at, hidden: 0 };
      this.budgets.set(id, budget);
    }
    return budget;
  }

  /** `heldBack`: this state's own change is among the hidden ones, printed late. */
  private line(worker: WorkerView, interval: StateInterval, budget: LineBudget, heldBack: boolean): void {
    const where = interval.site ? `  at ${siteText(interval)}` : '';
    const skipped = budget.hidden - (heldBack ? 1 : 0);
    const note = skipped > 0 ? `  (${skipped} earlier state changes not shown)` : '';
    budget.hidden = 0;
    process.stderr.write(`[threadline ${pad(formatMs(interval.from), 10)}] ${pad(worker.name, 12)} ${describeState(this.model, worker, interval)}${where}${note}\n`);
  }
}

