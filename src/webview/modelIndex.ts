/**
 * Lookups derived from the RunModel that the draw loop needs every frame: output lines per
 * worker (for markers) and set spans per Event. Built incrementally, because the model's
 * arrays only grow between resets.
 */
import type { WorkerId } from '../model/ids';
import type { PrimitiveView, RunModel } from '../model/runModel';
import { setSpans, type SetSpan } from './intervals';

export class ModelIndex {
  /** Indices into model.output, per worker, in time order (one worker's output is ordered). */
  private readonly outputByWorker = new Map<WorkerId, number[]>();
  private outputSeen = 0;
  private readonly spans = new Map<PrimitiveView, { opCount: number; spans: SetSpan[] }>();

  constructor(readonly model: RunModel) {}

  outputOf(worker: WorkerId): readonly number[] {
    this.catchUpOutput();
    return this.outputByWorker.get(worker) ?? [];
  }

  setSpansOf(primitive: PrimitiveView): readonly SetSpan[] {
    const cached = this.spans.get(primitive);
    if (cached && cached.opCount === primitive.ops.length) return cached.spans;
    const spans = setSpans(primitive.ops);
    this.spans.set(primitive, { opCount: primitive.ops.length, spans });
    return spans;
  }

  /** Event primitives in creation order: the tracks below the worker lanes. */
  eventPrimitives(): PrimitiveView[] {
    return [...this.model.primitives.values()].filter((p) => p.kind === 'event').sort((a, b) => a.createdAt - b.createdAt);
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
