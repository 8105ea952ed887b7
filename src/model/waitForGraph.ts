/**
 * The wait-for graph: each blocked worker points at the worker that must act before it can go
 * on (the owner of the lock it wants, the process it joins). A blocked worker waits on one
 * thing, so every node has at most one outgoing edge and a cycle is found by following edges.
 */
import type { WorkerId } from './ids';

export interface WaitEdge<Info> {
  readonly from: WorkerId;
  readonly to: WorkerId;
  readonly info: Info;
}

/** Every cycle, each once, in edge order starting from its smallest worker id. */
export function findCycles<Info>(edges: Iterable<WaitEdge<Info>>): WaitEdge<Info>[][] {
  const next = new Map<WorkerId, WaitEdge<Info>>();
  for (const edge of edges) next.set(edge.from, edge);
  const done = new Set<WorkerId>();
  const cycles: WaitEdge<Info>[][] = [];
  for (const start of next.keys()) {
    if (done.has(start)) continue;
    const path: WorkerId[] = [];
    const onPath = new Map<WorkerId, number>();
    let node: WorkerId | undefined = start;
    while (node !== undefined && !done.has(node) && !onPath.has(node)) {
      onPath.set(node, path.length);
      path.push(node);
      node = next.get(node)?.to;
    }
    if (node !== undefined && onPath.has(node)) {
      const members = path.slice(onPath.get(node));
      const smallest = members.indexOf(Math.min(...members) as WorkerId);
      const ordered = [...members.slice(smallest), ...members.slice(0, smallest)];
      cycles.push(ordered.map((member) => next.get(member)!));
    }
    for (const visited of path) done.add(visited);
  }
  return cycles;
}

/** A blocked worker and every worker that could release it (a lock's owner; a semaphore's holders). */
export interface BlockedWait<Info> {
  readonly from: WorkerId;
  readonly releasers: readonly WorkerId[];
  readonly info: Info;
}

/**
 * Deadlocks when a wait may be ended by any one of several workers (a Semaphore with several
 * holders): a group of blocked workers is stuck for good when every worker that could release
 * any of them is itself in the group. Found as the largest such group (drop, until none is left
 * to drop, every worker one of whose releasers is outside), less the workers nobody in it waits
 * for (a join on a deadlocked worker is stuck, but not part of the deadlock), split into its
 * connected parts. With one releaser per wait these are exactly the cycles of findCycles, in
 * its order; otherwise members are in worker order.
 */
export function findDeadlocks<Info>(waits: Iterable<BlockedWait<Info>>): BlockedWait<Info>[][] {
  const byWorker = new Map<WorkerId, BlockedWait<Info>>();
  for (const wait of waits) if (wait.releasers.length > 0) byWorker.set(wait.from, wait);
  const stuck = new Set(byWorker.keys());
  const drop = (keep: (worker: WorkerId) => boolean) => {
    for (let changed = true; changed; ) {
      changed = false;
      for (const worker of stuck) {
        if (keep(worker)) continue;
        stuck.delete(worker);
        changed = true;
      }
    }
  };
  drop((worker) => byWorker.get(worker)!.releasers.every((releaser) => stuck.has(releaser)));
  drop((worker) => [...stuck].some((other) => byWorker.get(other)!.releasers.includes(worker)));

  const groups: BlockedWait<Info>[][] = [];
  const placed = new Set<WorkerId>();
  for (const start of [...stuck].sort((a, b) => a - b)) {
    if (placed.has(start)) continue;
    const group: WorkerId[] = [];
    const pending = [start];
    while (pending.length > 0) {
      const worker = pending.pop()!;
      if (placed.has(worker)) continue;
      placed.add(worker);
      group.push(worker);
      for (const releaser of byWorker.get(worker)!.releasers) if (stuck.has(releaser)) pending.push(releaser);
      for (const other of stuck) if (byWorker.get(other)!.releasers.includes(worker)) pending.push(other);
    }
    const members = group.map((worker) => byWorker.get(worker)!);
    const singleEdges = members.every((member) => member.releasers.length === 1);
    const cycle = singleEdges ? findCycles(members.map((m) => ({ from: m.from, to: m.releasers[0]!, info: m })))[0] : undefined;
    groups.push(cycle && cycle.length === members.length ? cycle.map((edge) => edge.info) : members.sort((a, b) => a.from - b.from));
  }
  return groups;
}
