/**
 * Lock-order tracking, as ThreadSanitizer and the kernel's lockdep do: when a worker takes lock
 * B while holding lock A, the run has the order A → B. A cycle among orders seen from two or
 * more workers is a potential deadlock even if this run got lucky.
 */
import type { PrimitiveId, WorkerId } from './ids';

export interface OrderEdge<Info> {
  readonly first: PrimitiveId;
  readonly then: PrimitiveId;
  readonly worker: WorkerId;
  readonly info: Info;
}

export class LockOrderGraph<Info> {
  /** first → then → the first edge seen for that order, per worker. */
  private readonly edges = new Map<PrimitiveId, Map<PrimitiveId, Map<WorkerId, OrderEdge<Info>>>>();
  private readonly reported = new Set<string>();

  /**
   * Records an order; returns a newly found inversion cycle (edges in order), each cycle once.
   */
  add(edge: OrderEdge<Info>): OrderEdge<Info>[] | undefined {
    if (edge.first === edge.then) return undefined;
    let fromFirst = this.edges.get(edge.first);
    if (!fromFirst) this.edges.set(edge.first, (fromFirst = new Map()));
    let byWorker = fromFirst.get(edge.then);
    if (!byWorker) fromFirst.set(edge.then, (byWorker = new Map()));
    if (byWorker.has(edge.worker)) return undefined;
    byWorker.set(edge.worker, edge);
    const back = this.pathBack(edge);
    if (!back) return undefined;
    const cycle = [edge, ...back];
    const key = cycle.map((e) => e.first).sort((a, b) => a - b).join(',');
    if (this.reported.has(key)) return undefined;
    this.reported.add(key);
    return cycle;
  }

  /** A path then → … → first using orders from other workers, so the cycle spans ≥ 2 workers. */
  private pathBack(edge: OrderEdge<Info>): OrderEdge<Info>[] | undefined {
    const seen = new Set<PrimitiveId>([edge.then]);
    const search = (lock: PrimitiveId, path: OrderEdge<Info>[]): OrderEdge<Info>[] | undefined => {
      const outgoing = this.edges.get(lock);
      if (!outgoing) return undefined;
      for (const [target, byWorker] of outgoing) {
        const candidate = [...byWorker.values()].find((e) => e.worker !== edge.worker) ?? (path.length > 0 ? byWorker.values().next().value : undefined);
        if (!candidate) continue;
        const nextPath = [...path, candidate];
        if (target === edge.first) {
          if (nextPath.some((e) => e.worker !== edge.worker)) return nextPath;
          continue;
        }
        if (seen.has(target)) continue;
        seen.add(target);
        const found = search(target, nextPath);
        if (found) return found;
      }
      return undefined;
    };
    return search(edge.then, []);
  }
}
