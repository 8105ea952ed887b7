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
