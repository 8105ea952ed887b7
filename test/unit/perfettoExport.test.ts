// The Perfetto export checked against the Trace Event Format as documented (Chrome's "Trace
// Event Format" document, which Perfetto's JSON importer follows): JSON Object Format with a
// `traceEvents` array; per phase the fields it requires; ts/dur in microseconds; flow 's'/'f'
// pairs sharing cat, name and id; complete events on one thread properly nested.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asMillis, asPrimitiveId, asWorkerId } from '../../src/model/ids';
import { chromeTraceFromEvents, chromeTraceJson, splitAt, toMicros } from '../../src/model/perfettoExport';
import type { TraceEvent } from '../../src/model/trace';

const ms = asMillis;
const w = asWorkerId;
const p = asPrimitiveId;

/** Validates one document; returns the problems found (empty when valid). */
function validate(doc: unknown): string[] {
  const errors: string[] = [];
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { traceEvents?: unknown }).traceEvents)) return ['not a JSON Object Format document with traceEvents[]'];
  const { traceEvents, displayTimeUnit } = doc as { traceEvents: Record<string, unknown>[]; displayTimeUnit?: unknown };
  if (displayTimeUnit !== undefined && displayTimeUnit !== 'ms' && displayTimeUnit !== 'ns') errors.push(`displayTimeUnit ${String(displayTimeUnit)}`);
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const flows = new Map<string, { s: number; f: number; sTs?: number; fTs?: number }>();
  traceEvents.forEach((e, i) => {
    const at = `event ${i} (${String(e.ph)} ${String(e.name)})`;
    if (typeof e.name !== 'string') errors.push(`${at}: name`);
    if (typeof e.ph !== 'string' || e.ph.length !== 1) errors.push(`${at}: ph`);
    if (!num(e.pid) || !num(e.tid)) errors.push(`${at}: pid/tid`);
    if (e.args !== undefined && (typeof e.args !== 'object' || e.args === null || Array.isArray(e.args))) errors.push(`${at}: args must be an object`);
    switch (e.ph) {
      case 'M':
        if (!['process_name', 'thread_name', 'thread_sort_index', 'process_sort_index', 'process_labels'].includes(e.name as string)) errors.push(`${at}: unknown metadata`);
        if (typeof e.args !== 'object') errors.push(`${at}: metadata needs args`);
        break;
      case 'X':
        if (!num(e.ts) || (e.ts as number) < 0) errors.push(`${at}: ts`);
        if (!num(e.dur) || (e.dur as number) < 0) errors.push(`${at}: dur`);
        break;
      case 'i':
      case 'I':
        if (!num(e.ts)) errors.push(`${at}: ts`);
        if (e.s !== undefined && !['g', 'p', 't'].includes(e.s as string)) errors.push(`${at}: scope ${String(e.s)}`);
        break;
      case 's':
      case 't':
      case 'f': {
        if (!num(e.ts)) errors.push(`${at}: ts`);
        if (e.id === undefined) errors.push(`${at}: flow without id`);
        if (typeof e.cat !== 'string') errors.push(`${at}: flow without cat`);
        if (e.ph === 'f' && e.bp !== undefined && e.bp !== 'e') errors.push(`${at}: bp`);
        const key = `${String(e.cat)}|${String(e.name)}|${String(e.id)}`;
        const flow = flows.get(key) ?? { s: 0, f: 0 };
        if (e.ph === 's') {
          flow.s++;
          flow.sTs = e.ts as number;
        }
        if (e.ph === 'f') {
          flow.f++;
          flow.fTs = e.ts as number;
        }
        flows.set(key, flow);
        break;
      }
      default:
        errors.push(`${at}: phase Threadline does not write`);
    }
  });
  for (const [key, flow] of flows) {
    if (flow.s !== 1 || flow.f !== 1) errors.push(`flow ${key}: ${flow.s} starts, ${flow.f} ends`);
    else if ((flow.fTs as number) < (flow.sTs as number)) errors.push(`flow ${key} ends before it starts`);
  }
  // Complete events on one thread must nest: sorted by start (longer first), each one ends
  // before its parent ends or starts after the previous sibling ended.
  const byThread = new Map<string, { ts: number; end: number }[]>();
  for (const e of traceEvents) {
    if (e.ph !== 'X') continue;
    const key = `${String(e.pid)}:${String(e.tid)}`;
    const list = byThread.get(key) ?? [];
    list.push({ ts: e.ts as number, end: (e.ts as number) + (e.dur as number) });
    byThread.set(key, list);
  }
  const eps = 1e-6;
  for (const [thread, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || b.end - a.end);
    const stack: { ts: number; end: number }[] = [];
    for (const slice of list) {
      while (stack.length && (stack[stack.length - 1] as { end: number }).end <= slice.ts + eps) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent && slice.end > parent.end + eps) errors.push(`thread ${thread}: slice [${slice.ts}, ${slice.end}] overlaps [${parent.ts}, ${parent.end}] without nesting`);
      stack.push(slice);
    }
  }
  return errors;
}

const site = (line: number) => ({ file: '/tmp/pool.ts', line, column: 3 });

function poolRun(): TraceEvent[] {
  return [
    { t: 'workerStart', at: ms(0), worker: w(0), name: 'MainProcess', role: 'main', daemon: false },
    { t: 'primitiveCreate', at: ms(1), worker: w(0), primitive: p(1), kind: 'pool', name: 'pool', site: site(2) },
    { t: 'primitiveCreate', at: ms(1.5), worker: w(0), primitive: p(2), kind: 'lock', name: 'lock' },
    { t: 'workerStart', at: ms(2), worker: w(1), name: 'ForkPoolWorker-1', role: 'poolWorker', parent: w(0), daemon: true },
    { t: 'op', at: ms(3), worker: w(0), primitive: p(2), op: 'acquire', seq: 1, site: site(5) },
    { t: 'taskStart', at: ms(4), worker: w(1), pool: p(1), task: 0, fn: 'square', args: '3' },
    // Blocked across the task's end: the state must be split so the slices still nest.
    { t: 'waitBegin', at: ms(5), worker: w(1), wait: 'lock', primitive: p(2), site: site(9) },
    { t: 'taskEnd', at: ms(6), worker: w(1), pool: p(1), task: 0, ok: false, error: 'ValueError: no' },
    { t: 'op', at: ms(7.25), worker: w(0), primitive: p(2), op: 'release', seq: 2 },
    { t: 'waitEnd', at: ms(7.5), worker: w(1), outcome: 'woken', primitive: p(2), by: w(0), op: 'release', opSeq: 2 },
    { t: 'output', at: ms(8), worker: w(0), stream: 'stdout', text: 'done <b>' },
    { t: 'workerExit', at: ms(9), worker: w(1), exitCode: 0 },
    { t: 'workerExit', at: ms(10), worker: w(0), exitCode: 0 },
  ];
}

describe('Perfetto export (Chrome trace-event JSON)', () => {
  it('writes a document that follows the trace event format', () => {
    const doc = JSON.parse(chromeTraceJson(poolRun(), { run: { runId: 'r', program: '/tmp/pool.ts', startedAtEpochMs: 0 } }));
    assert.deepEqual(validate(doc), []);
    assert.equal(doc.displayTimeUnit, 'ms');
  });

  it('names one thread per worker in process 1', () => {
    const doc = chromeTraceFromEvents(poolRun());
    const names = doc.traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => [e.tid, ('args' in e ? (e.args as { name: string }) : { name: '' }).name]);
    assert.deepEqual(names, [[0, 'MainProcess'], [1, 'ForkPoolWorker-1']]);
    assert.ok(doc.traceEvents.every((e) => e.pid === 1));
  });

  it('uses microseconds for ts and dur', () => {
    const doc = chromeTraceFromEvents(poolRun());
    const task = doc.traceEvents.find((e) => e.ph === 'X' && e.cat === 'task');
    assert.ok(task && task.ph === 'X');
    assert.equal(task.ts, 4000);
    assert.equal(task.dur, 2000);
    assert.equal(task.name, '#0 square(3)');
    assert.equal((task.args as { error?: string }).error, 'ValueError: no');
    assert.equal(toMicros(1.0000004), 1000);
  });

  it('splits a state at task boundaries so slices nest', () => {
    assert.deepEqual(splitAt(5, 7.5, [4, 6]), [[5, 6], [6, 7.5]]);
    const doc = chromeTraceFromEvents(poolRun());
    const blocked = doc.traceEvents.filter((e) => e.ph === 'X' && e.tid === 1 && e.name.startsWith('blocked'));
    assert.deepEqual(blocked.map((e) => (e.ph === 'X' ? [e.ts, e.dur] : [])), [[5000, 1000], [6000, 1500]]);
  });

  it('pairs a flow for every wake from the op to the resume', () => {
    const doc = chromeTraceFromEvents(poolRun());
    const flows = doc.traceEvents.filter((e) => e.ph === 's' || e.ph === 'f');
    assert.equal(flows.length, 2);
    const [s, f] = flows;
    assert.ok(s && f && s.ph === 's' && f.ph === 'f');
    assert.equal(s.id, f.id);
    assert.equal(s.tid, 0);
    assert.equal(f.tid, 1);
    assert.equal(s.ts, 7250);
    assert.equal(f.ts, 7500);
    assert.equal(f.bp, 'e');
  });

  it('keeps output text and ops as instant events with args', () => {
    const doc = chromeTraceFromEvents(poolRun());
    const out = doc.traceEvents.find((e) => e.ph === 'i' && e.cat === 'output');
    assert.deepEqual(out && out.ph === 'i' ? [out.s, out.args] : [], ['t', { text: 'done <b>' }]);
    const ops = doc.traceEvents.filter((e) => e.ph === 'i' && e.cat === 'op').map((e) => e.name);
    assert.deepEqual(ops, ['lock.acquire', 'lock.release']);
  });

  it('exports the recorded event-gate fixture', () => {
    const events = JSON.parse(readFileSync(join(__dirname, '../../../test/fixtures/event-gate.events.json'), 'utf8')) as TraceEvent[];
    const doc = chromeTraceFromEvents(events);
    assert.deepEqual(validate(JSON.parse(JSON.stringify(doc))), []);
    const wakes = events.filter((e) => e.t === 'waitEnd' && e.outcome === 'woken').length;
    assert.equal(doc.traceEvents.filter((e) => e.ph === 'f').length, wakes);
  });

  it('the validator catches what Perfetto would reject', () => {
    assert.notDeepEqual(validate({ traceEvents: [{ name: 'x', ph: 'X', ts: 0, pid: 1, tid: 1 }] }), []);
    assert.notDeepEqual(validate({ traceEvents: [{ name: 'w', cat: 'c', ph: 's', id: 1, ts: 0, pid: 1, tid: 1 }] }), []);
    const overlapping = [
      { name: 'a', ph: 'X', ts: 0, dur: 10, pid: 1, tid: 1 },
      { name: 'b', ph: 'X', ts: 5, dur: 10, pid: 1, tid: 1 },
    ];
    assert.notDeepEqual(validate({ traceEvents: overlapping }), []);
  });
});
