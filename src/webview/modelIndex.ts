/**
 * Lookups derived from the RunModel that the draw loop needs every frame: output lines and
 * pool tasks per worker, wakes in time order, and one state track per primitive. All built
 * incrementally — the model's arrays only grow between resets — so a batch of events costs
 * time in proportion to the batch, not to the run.
 */
import type { WorkerId } from '../model/ids';
import type { OpMark, PrimitiveView, RunModel, Wake } from '../model/runModel';
import type { SetSpan } from './intervals';
import { PrimitiveTrack, trackShapeOf } from './primitiveTracks';

export class ModelIndex {
  /** Indices into model.output, per worker, in time order (one worker's output is ordered). */
  private readonly outputByWorker = new Map<WorkerId, number[]>();
  private outputSeen = 0;
  /** Indices into model.tasks, per worker (a worker runs one task at a time, in order). */
  private readonly tasksByWorker = new Map<WorkerId, number[]>();
  private tasksSeen = 0;
  /** Wakes that have both ends, sorted by the waiter's resume time. */
  private readonly wakesByAt: Wake[] = [];
  private readonly wakesPending: Wake[] = [];
  private wakesSeen = 0;
  /** The longest op→resume distance seen: how far before a window a visible arrow may start. */
  maxWakeSpan = 0;
  private readonly trackByPrimitive = new Map<PrimitiveView, PrimitiveTrack>();
  private trackList: PrimitiveTrack[] = [];
  private primitivesSeen = -1;
  private barrierWakes = 0;
  private readonly tripKeys = new Set<string>();

  constructor(readonly model: RunModel) {}

  outputOf(worker: WorkerId): readonly number[] {
    this.catchUpOutput();
    return this.outputByWorker.get(worker) ?? [];
  }

  tasksOf(worker: WorkerId): readonly number[] {
    const tasks = this.model.tasks;
    for (; this.tasksSeen < tasks.length; this.tasksSeen++) {
      const task = tasks[this.tasksSeen];
      if (!task) continue;
      const list = this.tasksByWorker.get(task.worker);
      if (list) list.push(this.tasksSeen);
      else this.tasksByWorker.set(task.worker, [this.tasksSeen]);
    }
    return this.tasksByWorker.get(worker) ?? [];
  }

  hasTasks(worker: WorkerId): boolean {
    return this.tasksOf(worker).length > 0;
  }

  /** Wakes with a known op time, in resume order. */
  wakes(): readonly Wake[] {
    const all = this.model.wakes;
    const fresh: Wake[] = [];
    for (; this.wakesSeen < all.length; this.wakesSeen++) fresh.push(all[this.wakesSeen] as Wake);
    // A wake whose releasing op has not been drained yet waits here until it has an opAt.
    const pending = this.wakesPending.splice(0);
    for (const wake of [...pending, ...fresh]) {
      if (wake.opAt === undefined) {
        this.wakesPending.push(wake);
        continue;
      }
      this.maxWakeSpan = Math.max(this.maxWakeSpan, wake.at - wake.opAt);
      const list = this.wakesByAt;
      if (list.length === 0 || (list[list.length - 1] as Wake).at <= wake.at) list.push(wake);
      else list.splice(upper(list, wake.at), 0, wake);
    }
    return this.wakesByAt;
  }

  /** Tracks of the primitives that have state over time, in creation order, brought up to date. */
  tracks(): readonly PrimitiveTrack[] {
    const model = this.model;
    if (model.primitives.size !== this.primitivesSeen) {
      this.primitivesSeen = model.primitives.size;
      this.trackList = [...model.primitives.values()]
        .filter((p) => trackShapeOf(p.kind) !== undefined)
        .sort((a, b) => a.createdAt - b.createdAt || a.id - b.id)
        .map((p) => this.trackOf(p));
    }
    if (model.wakes.length !== this.barrierWakes) {
      // A Barrier's count drops to 0 at the arrival that released the others: known from wakes.
      for (let i = this.barrierWakes; i < model.wakes.length; i++) {
        const w = model.wakes[i] as Wake;
        if (w.op === 'arrive') this.tripKeys.add(`${w.by}:${w.opSeq}`);
      }
      this.barrierWakes = model.wakes.length;
      for (const track of this.trackList) if (track.primitive.kind === 'barrier') track.invalidate();
    }
    for (const track of this.trackList) track.update();
    return this.trackList;
  }

  trackOf(primitive: PrimitiveView): PrimitiveTrack {
    let track = this.trackByPrimitive.get(primitive);
    if (!track) {
      track = new PrimitiveTrack(primitive, (mark: OpMark) => this.tripKeys.has(`${mark.worker}:${mark.seq}`));
      this.trackByPrimitive.set(primitive, track);
    }
    return track;
  }

  /** When an Event was set (kept for callers that think in spans). */
  setSpansOf(primitive: PrimitiveView): readonly SetSpan[] {
    return this.trackOf(primitive).update().segments;
  }

  /** Event primitives in creation order. */
  eventPrimitives(): PrimitiveView[] {
    return this.tracks().filter((t) => t.primitive.kind === 'event').map((t) => t.primitive);
  }

  private catchUpOutput(): void {
    const output = this.model.output;
    for (; this.outputSeen < output.length; this.outputSeen++) {
      const line = output[this.outputSeen];
      if (!line) continue;
      const list = this.outputByWorker.get(line.worker);
      if (list) list.push(this.outputSeen);
      else this.outputByWorker.set(line.worker, [this.outputSeen]);
    }
  }
}

function upper(list: readonly Wake[], at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Wake).at <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
