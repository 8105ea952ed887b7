/**
 * A primitive's state over time, derived from its operations alone: who owns a Lock, how many
 * items a Queue holds, how many acquisitions of a Semaphore are outstanding, how many parties
 * reached a Barrier, whether an Event is set. Pure (no DOM), folded incrementally: ops arrive
 * in drain order, so an op older than the last one folded restarts the fold from sorted ops.
 */
import type { WorkerId } from '../model/ids';
import type { OpMark, PrimitiveView } from '../model/runModel';
import type { OpKind, PrimitiveKind } from '../model/trace';

/** How a track draws: owner bars, a step count, or set/clear spans. */
export type TrackShape = 'owner' | 'count' | 'flag';

export interface TrackSegment {
  readonly from: number;
  /** Undefined while the state still holds. */
  to?: number;
  /** Count for 'count', recursion depth for 'owner' (RLock), 1 for a set 'flag'. */
  readonly value: number;
  /** The holder, for 'owner' tracks. */
  readonly owner?: WorkerId;
}

interface ShapeRule {
  readonly shape: TrackShape;
  /** What a count means, for labels: "3 items". */
  readonly unit?: string;
  readonly up?: readonly OpKind[];
  readonly down?: readonly OpKind[];
  /** Ops that bring a count back to 0 (Barrier reset/abort). */
  readonly zero?: readonly OpKind[];
}

const RULES: Partial<Record<PrimitiveKind, ShapeRule>> = {
  event: { shape: 'flag' },
  lock: { shape: 'owner' },
  rlock: { shape: 'owner' },
  semaphore: { shape: 'count', unit: 'held', up: ['acquire'], down: ['release'] },
  boundedSemaphore: { shape: 'count', unit: 'held', up: ['acquire'], down: ['release'] },
  queue: { shape: 'count', unit: 'items', up: ['put'], down: ['get'] },
  joinableQueue: { shape: 'count', unit: 'items', up: ['put'], down: ['get'] },
  simpleQueue: { shape: 'count', unit: 'items', up: ['put'], down: ['get'] },
  pipe: { shape: 'count', unit: 'in flight', up: ['send'], down: ['recv'] },
  barrier: { shape: 'count', unit: 'arrived', up: ['arrive'], zero: ['reset', 'abort'] },
  pool: { shape: 'count', unit: 'pending', up: ['submit'], down: ['complete'] },
};

/** The track shape of a primitive kind; undefined for kinds without state over time. */
export function trackShapeOf(kind: string): TrackShape | undefined {
  return (RULES as Record<string, ShapeRule | undefined>)[kind]?.shape;
}

/** Unit word for count tracks ("items", "held", "arrived"). */
export function trackUnitOf(kind: string): string {
  return (RULES as Record<string, ShapeRule | undefined>)[kind]?.unit ?? '';
}

/**
 * Incremental fold of one primitive's ops into segments. `isTrip(mark)` tells a Barrier's
 * last arrival (the one that released the others) so its count drops back to 0.
 */
export class PrimitiveTrack {
  readonly shape: TrackShape | undefined;
  readonly segments: TrackSegment[] = [];
  /** Highest count seen (scales the step chart). */
  max = 0;
  /** The ops in time order (the model keeps them in drain order). */
  readonly sorted: OpMark[] = [];
  private folded = 0;
  private lastAt = -Infinity;
  private value = 0;
  private owner: WorkerId | undefined;

  constructor(
    readonly primitive: PrimitiveView,
    private readonly isTrip: (mark: OpMark) => boolean = () => false,
  ) {
    this.shape = trackShapeOf(primitive.kind);
  }

  /** Folds ops appended since the last call; O(new ops) unless one arrived out of order. */
  update(): this {
    const ops = this.primitive.ops;
    if (ops.length === this.folded || !this.shape) return this;
    let outOfOrder = false;
    for (let i = this.folded; i < ops.length; i++) if ((ops[i] as OpMark).at < this.lastAt) outOfOrder = true;
    if (outOfOrder) {
      this.reset();
      this.sorted.length = 0;
      this.sorted.push(...[...ops].sort((a, b) => a.at - b.at));
      for (const mark of this.sorted) this.fold(mark);
    } else {
      for (let i = this.folded; i < ops.length; i++) {
        this.sorted.push(ops[i] as OpMark);
        this.fold(ops[i] as OpMark);
      }
    }
    this.folded = ops.length;
    return this;
  }

  /** Fold everything again on the next update (a Barrier's trips are known only from wakes). */
  invalidate(): void {
    this.folded = 0;
    this.lastAt = Infinity;
  }

  /** The segment covering t, if the primitive was in a non-empty state then. */
  segmentAt(t: number): TrackSegment | undefined {
    const segs = this.segments;
    let lo = 0;
    let hi = segs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((segs[mid] as TrackSegment).from <= t) lo = mid + 1;
      else hi = mid;
    }
    const seg = segs[lo - 1];
    return seg && (seg.to === undefined || t < seg.to) ? seg : undefined;
  }

  private reset(): void {
    this.segments.length = 0;
    this.max = 0;
    this.value = 0;
    this.owner = undefined;
    this.lastAt = -Infinity;
  }

  private fold(mark: OpMark): void {
    this.lastAt = mark.at;
    const rule = RULES[this.primitive.kind];
    if (!rule) return;
    switch (rule.shape) {
      case 'flag':
        if (mark.op === 'set' && this.value === 0) this.open(mark.at, 1);
        else if (mark.op === 'clear' && this.value === 1) this.open(mark.at, 0);
        return;
      case 'owner':
        return this.foldOwner(mark);
      case 'count': {
        let next = this.value;
        if (rule.up?.includes(mark.op)) next++;
        else if (rule.down?.includes(mark.op)) next = Math.max(0, next - 1);
        else if (rule.zero?.includes(mark.op)) next = 0;
        else return;
        if (mark.op === 'arrive' && this.isTrip(mark)) next = 0;
        if (next !== this.value) this.open(mark.at, next);
        return;
      }
    }
  }

  private foldOwner(mark: OpMark): void {
    if (mark.op === 'acquire') {
      // An RLock re-entered by its owner goes one deeper; a Lock acquired while "held" means
      // we missed a release (dropped records): trust the newest acquisition.
      const depth = this.owner === mark.worker && this.primitive.kind === 'rlock' ? this.value + 1 : 1;
      this.owner = mark.worker;
      this.open(mark.at, depth);
    } else if (mark.op === 'release') {
      const depth = this.owner === mark.worker ? this.value - 1 : 0;
      if (depth <= 0) this.owner = undefined;
      this.open(mark.at, Math.max(0, depth));
    }
  }

  /** Closes the open segment at `at` and starts one with `value` (none for 0). */
  private open(at: number, value: number): void {
    const last = this.segments[this.segments.length - 1];
    if (last && last.to === undefined) last.to = at;
    this.value = value;
    if (value > this.max) this.max = value;
    if (value > 0) this.segments.push(this.owner !== undefined && this.shape === 'owner' ? { from: at, value, owner: this.owner } : { from: at, value });
  }
}
