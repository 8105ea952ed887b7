// Pure helpers of the panel: primitive tracks derived from ops, level-of-detail merging,
// the time cursor's text, live "now", and the problem marks.
import { strict as assert } from 'node:assert';
import { asMillis, asPrimitiveId, asWorkerId } from '../../src/model/ids';
import type { Problem } from '../../src/model/problems';
import { RunModel, type OpMark, type PrimitiveView, type StateInterval } from '../../src/model/runModel';
import type { OpKind, PrimitiveKind, TraceEvent } from '../../src/model/trace';
import { laneRuns, thinSorted } from '../../src/webview/lod';
import { ModelIndex } from '../../src/webview/modelIndex';
import { liveNow } from '../../src/webview/panelSession';
import { PrimitiveTrack, trackShapeOf } from '../../src/webview/primitiveTracks';
import { problemMarks } from '../../src/webview/problemOverlay';
import { primitivesAt, workersAt } from '../../src/webview/stateAt';

const ms = asMillis;
const w = asWorkerId;
const pid = asPrimitiveId;

function primitive(kind: PrimitiveKind, ops: [number, number, OpKind][]): PrimitiveView {
  return {
    id: pid(1), kind, name: 'p', createdBy: w(0), createdAt: ms(0),
    ops: ops.map(([at, worker, op], i): OpMark => ({ at: ms(at), worker: w(worker), op, seq: i + 1 })),
    opCounts: new Map(),
    woke: 0,
    wokeWaiters: new Set(),
  };
}

describe('webview: primitive tracks', () => {
  it('gives a Lock an owner bar per holding span', () => {
    const track = new PrimitiveTrack(primitive('lock', [[1, 1, 'acquire'], [3, 1, 'release'], [4, 2, 'acquire']])).update();
    assert.deepEqual(track.segments.map((s) => [s.from, s.to, s.owner]), [[1, 3, 1], [4, undefined, 2]]);
    assert.equal(track.segmentAt(2)?.owner, 1);
    assert.equal(track.segmentAt(3.5), undefined);
  });

  it('counts an RLock re-entered by its owner and frees it at the last release', () => {
    const track = new PrimitiveTrack(primitive('rlock', [[1, 1, 'acquire'], [2, 1, 'acquire'], [3, 1, 'release'], [4, 1, 'release']])).update();
    assert.deepEqual(track.segments.map((s) => [s.from, s.to, s.value]), [[1, 2, 1], [2, 3, 2], [3, 4, 1]]);
  });

  it('steps a Queue size with put/get, sorting ops drained out of order', () => {
    const p = primitive('queue', [[1, 0, 'put'], [2, 0, 'put']]);
    const track = new PrimitiveTrack(p).update();
    assert.deepEqual(track.segments.map((s) => s.value), [1, 2]);
    // A get from another worker's ring that happened earlier than the last put.
    p.ops.push({ at: ms(1.5), worker: w(1), op: 'get', seq: 1 });
    track.update();
    assert.deepEqual(track.segments.map((s) => [s.from, s.value]), [[1, 1], [2, 1]]);
    assert.equal(track.max, 1);
  });

  it('counts Semaphore holds and Barrier arrivals (back to 0 at the trip)', () => {
    const sem = new PrimitiveTrack(primitive('semaphore', [[1, 1, 'acquire'], [2, 2, 'acquire'], [3, 1, 'release']])).update();
    assert.deepEqual(sem.segments.map((s) => s.value), [1, 2, 1]);
    const barrier = new PrimitiveTrack(primitive('barrier', [[1, 1, 'arrive'], [2, 2, 'arrive'], [3, 3, 'arrive']]), (m) => m.seq === 3).update();
    assert.deepEqual(barrier.segments.map((s) => [s.from, s.to, s.value]), [[1, 2, 1], [2, 3, 2]]);
  });

  it('draws nothing for kinds without state, rather than break', () => {
    assert.equal(trackShapeOf('process'), undefined);
    assert.equal(trackShapeOf('somethingNew'), undefined);
    const track = new PrimitiveTrack(primitive('managedDict' as PrimitiveKind, [[1, 0, 'set']])).update();
    assert.deepEqual(track.segments, []);
  });
});

describe('webview: level of detail', () => {
  const lane = (n: number, width: number): StateInterval[] =>
    Array.from({ length: n }, (_, i): StateInterval => ({ state: i % 3 === 0 ? 'blocked' : 'running', from: ms(i * width), to: ms((i + 1) * width) }));

  it('keeps wide intervals as themselves', () => {
    const runs = laneRuns(lane(10, 10), { start: 0, end: 100 }, 1, 100);
    assert.equal(runs.length, 10);
    assert.ok(runs.every((r) => r.interval !== undefined));
  });

  it('merges sub-pixel intervals into one fill per column, dominant state first', () => {
    // 100 000 intervals of 0.01 ms over 1000 px at 1 ms/px: 100 per pixel.
    const states = lane(100_000, 0.01);
    const runs = laneRuns(states, { start: 0, end: 1000 }, 1, 1000);
    assert.ok(runs.length <= 1001, `${runs.length} runs`);
    assert.ok(runs.every((r) => r.interval === undefined && r.state === 'running'));
    const covered = runs.reduce((n, r) => n + (r.to - r.from), 0);
    assert.ok(Math.abs(covered - 1000) < 1, `covers ${covered} ms`);
  });

  it('culls what is off-screen', () => {
    const runs = laneRuns(lane(1000, 1), { start: 500, end: 510 }, 0.01, 1000);
    assert.ok(runs.length <= 12);
    assert.ok(runs[0] && runs[0].from <= 500 && (runs[runs.length - 1] as { to: number }).to >= 510);
  });

  it('thins sorted marks to one per few pixels', () => {
    const at = Array.from({ length: 10_000 }, (_, i) => i * 0.1);
    const kept = thinSorted(at.length, (i) => at[i] as number, 0, { start: 0, end: 1000 }, 1, 3);
    assert.ok(kept.length <= 334 && kept.length >= 300, `${kept.length}`);
  });
});

describe('webview: time cursor, now, problems', () => {
  const events: TraceEvent[] = [
    { t: 'workerStart', at: ms(0), worker: w(0), name: 'MainProcess', role: 'main', daemon: false },
    { t: 'primitiveCreate', at: ms(1), worker: w(0), primitive: pid(4), kind: 'lock', name: 'a' },
    { t: 'primitiveCreate', at: ms(1), worker: w(0), primitive: pid(5), kind: 'event', name: 'go' },
    { t: 'workerStart', at: ms(2), worker: w(1), name: 'Process-1', role: 'process', parent: w(0), daemon: false },
    { t: 'op', at: ms(3), worker: w(0), primitive: pid(4), op: 'acquire', seq: 1 },
    { t: 'waitBegin', at: ms(4), worker: w(1), wait: 'lock', primitive: pid(4) },
    { t: 'op', at: ms(6), worker: w(0), primitive: pid(5), op: 'set', seq: 2 },
  ];

  it('lists every worker and primitive state at an instant', () => {
    const model = new RunModel();
    model.applyAll(events);
    const index = new ModelIndex(model);
    assert.deepEqual(workersAt(model, 5, 6).map((x) => x.state), ['running', 'blocked']);
    assert.match(workersAt(model, 5, 6)[1]?.text ?? '', /Process-1: blocked, blocked on Lock 'a' since 4\.00 ms/);
    assert.equal(workersAt(model, 1, 6)[1]?.state, undefined);
    const rows = primitivesAt(model, index.tracks(), 5, 6);
    assert.deepEqual(rows.map((r) => [r.name, r.value, r.waiters]), [['a', 'MainProcess', ['Process-1']], ['go', 'clear', []]]);
    assert.equal(primitivesAt(model, index.tracks(), 6.5, 7)[1]?.value, 'set');
  });

  it('lets "now" follow the wall clock while live, within reason', () => {
    assert.equal(liveNow(100, 1_000_000, 1_000_050), 100);
    assert.equal(liveNow(100, 1_000_000, 1_000_500), 500);
    assert.equal(liveNow(100, undefined, 5), 100);
    assert.equal(liveNow(100, 0, 1e13), 100 + 3_600_000);
  });

  it('turns a deadlock into stuck marks and wait-for edges', () => {
    const problem: Problem = {
      id: 'deadlock:1,2', kind: 'deadlock', detectedAt: ms(10), summary: 'Deadlock',
      workers: [
        { worker: w(1), workerName: 'Process-1', wait: 'lock', heldBy: w(2), since: ms(4) },
        { worker: w(2), workerName: 'Process-2', wait: 'lock', heldBy: w(1), since: ms(5) },
      ],
    };
    const model = new RunModel();
    model.apply({ t: 'problem', at: ms(10), problem });
    const marks = problemMarks(model);
    assert.deepEqual(marks.stuck.map((s) => s.worker), [1, 2]);
    assert.deepEqual(marks.edges.map((e) => [e.from, e.to]), [[1, 2], [2, 1]]);
  });
});
