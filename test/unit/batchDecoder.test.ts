import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { writeJsonFile } from '../../src/cli/jsonFile';
import { BatchDecoder } from '../../src/model/batchDecoder';
import { asMillis, asPrimitiveId, asWorkerId } from '../../src/model/ids';
import { isHostMessage, type BatchPart, type HostMessage } from '../../src/model/messages';
import { RecordBlockCursor } from '../../src/model/recordBlock';
import { CHUNK_FAILED, encodeCreate, MAX_CHUNK_SPAN_TASKS, OUTPUT_CONTINUES, RecordType } from '../../src/model/records';
import { RunModel } from '../../src/model/runModel';
import { OP_KINDS, PRIMITIVE_KINDS } from '../../src/model/trace';
import { createRingBuffer, TraceRingReader, TraceRingWriter } from '../../src/model/traceRing';
import { Tracer } from '../../src/runtime/tracer';

const worker = asWorkerId(1);

function ring() {
  const buffer = createRingBuffer(4096);
  return { writer: new TraceRingWriter(buffer), reader: new TraceRingReader(buffer) };
}

const records = (reader: TraceRingReader): BatchPart => ({ kind: 'records', block: { worker, bytes: reader.take()!.bytes } });

describe('record blocks and the batch decoder', () => {
  it('decode what was written, after a trip through the IPC serializer (which may misalign the bytes)', () => {
    const { writer, reader } = ring();
    writer.write(RecordType.primitiveCreate, 4, 1.5, PRIMITIVE_KINDS.indexOf('lock'), 0, 0, encodeCreate('guard', { file: '/p.ts', line: 2, column: 3 }));
    writer.write(RecordType.op, 4, 2.25, OP_KINDS.indexOf('acquire'), 7, 0);
    const message: HostMessage = { type: 'batch', seq: 1, parts: [records(reader)] };
    const received: unknown = deserialize(serialize({ pad: 'x', message })).message;
    assert.ok(isHostMessage(received) && received.type === 'batch');
    assert.deepEqual(new BatchDecoder().decode(received.parts), [
      { t: 'primitiveCreate', at: 1.5, worker, primitive: 4, kind: 'lock', name: 'guard', site: { file: '/p.ts', line: 2, column: 3 } },
      { t: 'op', at: 2.25, worker, primitive: 4, op: 'acquire', seq: 7 },
    ]);
  });

  it('expand a wait traced as one record into its begin, its end with the waker, and the acquire it ended in', () => {
    const { writer, reader } = ring();
    const tracer = new Tracer(writer, process.hrtime.bigint(), worker);
    const began = tracer.now();
    tracer.waitOver('lock', 4, 50, began, 'woken', 2, 'release', 9, 11);
    tracer.waitOver('event', 5, undefined, began, 'timeout');
    const events = new BatchDecoder().decode([records(reader)]);
    // Sorted by time: both begins (at `began`) come before either end.
    assert.deepEqual(events.map((e) => [e.t, 'primitive' in e ? e.primitive : undefined]), [['waitBegin', 4], ['waitBegin', 5], ['waitEnd', 4], ['op', 4], ['waitEnd', 5]]);
    const [lockBegin, eventBegin, lockEnd, acquire, eventEnd] = events;
    assert.deepEqual(lockBegin, { t: 'waitBegin', at: began, worker, wait: 'lock', primitive: 4, timeoutMs: 50 });
    assert.deepEqual(lockEnd, { t: 'waitEnd', at: lockEnd!.at, worker, outcome: 'woken', primitive: 4, by: 2, op: 'release', opSeq: 9 });
    assert.ok(lockEnd!.at >= began);
    assert.deepEqual(acquire, { t: 'op', at: lockEnd!.at, worker, primitive: 4, op: 'acquire', seq: 11 });
    assert.deepEqual(eventBegin, { t: 'waitBegin', at: began, worker, wait: 'event', primitive: 5 });
    assert.deepEqual(eventEnd, { t: 'waitEnd', at: eventEnd!.at, worker, outcome: 'timeout', primitive: 5 });
  });

  it('join a console line split over two blocks, and order a batch by time', () => {
    const { writer, reader } = ring();
    const decoder = new BatchDecoder();
    writer.write(RecordType.output, -1, 5, 0, 0, OUTPUT_CONTINUES, 'hello ');
    assert.deepEqual(decoder.decode([records(reader)]), []);
    writer.write(RecordType.output, -1, 5, 0, 0, 0, 'world');
    const exit = { t: 'workerExit', at: asMillis(3), worker: asWorkerId(2), exitCode: 0 } as const;
    const events = decoder.decode([records(reader), { kind: 'events', events: [exit] }]);
    assert.deepEqual(events, [exit, { t: 'output', at: 5, worker, stream: 'stdout', text: 'hello world' }]);
  });

  it('take hands out bounded pieces that together hold every record once', () => {
    const { writer, reader } = ring();
    for (let i = 0; i < 60; i++) writer.write(RecordType.op, 4, i, OP_KINDS.indexOf('set'), i + 1, 0);
    const decoder = new BatchDecoder();
    const seqs: number[] = [];
    for (let piece = reader.take(256); piece; piece = reader.take(256)) {
      assert.ok(piece.bytes.byteLength <= 256);
      for (const event of decoder.decode([{ kind: 'records', block: { worker, bytes: piece.bytes } }])) if (event.t === 'op') seqs.push(event.seq);
    }
    assert.deepEqual(seqs, Array.from({ length: 60 }, (_, i) => i + 1));
  });
});

describe('op run records', () => {
  const lock = asPrimitiveId(4);
  /** A lock loop's untimed ops after one timed acquire, through the tracer: one op record, then one run. */
  function lockLoop(pairs: number) {
    const { writer, reader } = ring();
    const tracer = new Tracer(writer, process.hrtime.bigint(), worker);
    tracer.op('acquire', lock, tracer.nextOpSeq());
    tracer.opUntimed('release', lock, tracer.nextOpSeq());
    for (let i = 1; i < pairs; i++) {
      tracer.opUntimed('acquire', lock, tracer.nextOpSeq());
      tracer.opUntimed('release', lock, tracer.nextOpSeq());
    }
    return { tracer, reader, bytes: reader.take()!.bytes };
  }

  it('count a loop of acquire and release in one record, and decode it into every op with its seq', () => {
    const { bytes } = lockLoop(1000);
    const events = new BatchDecoder().decode([{ kind: 'records', block: { worker, bytes } }]);
    const ops = events.filter((e) => e.t === 'op');
    assert.equal(ops.length, 2000);
    ops.forEach((op, i) => {
      assert.equal(op.op, i % 2 === 0 ? 'acquire' : 'release');
      assert.equal(op.seq, i + 1);
    });
    const cursor = new RecordBlockCursor(bytes);
    const types: number[] = [];
    while (cursor.next()) types.push(cursor.type);
    assert.deepEqual(types, [RecordType.op, RecordType.opRun], 'the timed acquire, then one run for the rest');
  });

  it('start a new run when the ops stop alternating, change primitive or skip a seq', () => {
    const { writer, reader } = ring();
    const tracer = new Tracer(writer, process.hrtime.bigint(), worker);
    tracer.opUntimed('acquire', 4, 1);
    tracer.opUntimed('release', 4, 2);
    tracer.opUntimed('release', 4, 3); // the same op twice
    tracer.opUntimed('acquire', 5, 4); // another lock
    tracer.opUntimed('release', 5, 6); // a seq skipped (another op took 5)
    const ops = new BatchDecoder().decode([records(reader)]).map((e) => (e.t === 'op' ? [e.primitive, e.op, e.seq] : []));
    assert.deepEqual(ops, [[4, 'acquire', 1], [4, 'release', 2], [4, 'release', 3], [5, 'acquire', 4], [5, 'release', 6]]);
  });

  it('are counted by a model without history as the events would have been, without making them', () => {
    const { bytes } = lockLoop(1001);
    const lean = new RunModel({ history: false });
    const full = new RunModel();
    for (const model of [lean, full]) {
      model.apply({ t: 'workerStart', at: asMillis(0), worker, name: 'Process-1', role: 'process', daemon: false });
      // Running already: a worker's first record must move it out of `starting`, so it is never tallied.
      model.apply({ t: 'output', at: asMillis(0), worker, stream: 'stdout', text: 'ready' });
      model.apply({ t: 'primitiveCreate', at: asMillis(0), worker, primitive: lock, kind: 'lock', name: 'guard' });
    }
    const leanEvents = new BatchDecoder().decode([{ kind: 'records', block: { worker, bytes } }], lean.tally);
    lean.applyAll(leanEvents);
    full.applyAll(new BatchDecoder().decode([{ kind: 'records', block: { worker, bytes } }]));
    assert.ok(leanEvents.length < 5, `no event per op (${leanEvents.length})`);
    for (const model of [lean, full]) assert.deepEqual(Object.fromEntries(model.primitives.get(lock)!.opCounts), { acquire: 1001, release: 1001 });
    assert.equal(lean.eventCount, full.eventCount);
  });
});

describe('task end records', () => {
  const pool = asPrimitiveId(9);

  it("carry the pool's complete op that handed the result on: both events, or both counted without them", () => {
    const { writer, reader } = ring();
    const tracer = new Tracer(writer, process.hrtime.bigint(), worker);
    tracer.taskStart(pool, 3, 'square', '(4)');
    tracer.taskEnd(pool, 3, true, undefined, 17, 2.5);
    tracer.taskEnd(pool, 4, false, 'ValueError: no', 18, 3.5);
    const bytes = reader.take()!.bytes;
    const events = new BatchDecoder().decode([{ kind: 'records', block: { worker, bytes } }]);
    assert.deepEqual(
      events.filter((e) => e.t !== 'taskStart'),
      [
        { t: 'taskEnd', at: 2.5, worker, pool, task: 3, ok: true },
        { t: 'op', at: 2.5, worker, primitive: pool, op: 'complete', seq: 17 },
        { t: 'taskEnd', at: 3.5, worker, pool, task: 4, ok: false, error: 'ValueError: no' },
        { t: 'op', at: 3.5, worker, primitive: pool, op: 'complete', seq: 18 },
      ],
    );
    const lean = new RunModel({ history: false });
    lean.apply({ t: 'workerStart', at: asMillis(0), worker, name: 'SpawnPoolWorker-1', role: 'poolWorker', daemon: true });
    lean.apply({ t: 'output', at: asMillis(0), worker, stream: 'stdout', text: 'ready' });
    lean.apply({ t: 'primitiveCreate', at: asMillis(0), worker, primitive: pool, kind: 'pool', name: 'pool' });
    const leanEvents = new BatchDecoder().decode([{ kind: 'records', block: { worker, bytes } }], lean.tally);
    lean.applyAll(leanEvents);
    // The failed task's events are made (its error is kept); the one that ended ok is counted.
    assert.deepEqual(leanEvents.map((e) => e.t), ['taskEnd', 'op']);
    assert.deepEqual(Object.fromEntries(lean.primitives.get(pool)!.opCounts), { complete: 2 });
    assert.deepEqual(lean.taskTally(pool), { ok: 1, failed: 1, firstError: 'ValueError: no' });
    assert.equal(lean.eventCount, 3 + 5, 'three applied first, then five the records stand for');
  });
});

describe('task start records', () => {
  const pool = asPrimitiveId(9);

  it("give a task's int argument the preview its text would have had, and every other argument its text", () => {
    const { writer, reader } = ring();
    const tracer = new Tracer(writer, process.hrtime.bigint(), worker);
    tracer.taskStartWithInt(pool, 0, 'square', 42);
    tracer.taskStartWithInt(pool, 1, 'square', -7);
    tracer.taskStart(pool, 2, 'square', '(2.5)');
    tracer.taskStart(pool, 3, 'add', '(1, 2)');
    const bytes = reader.take()!.bytes;
    const events = new BatchDecoder().decode([{ kind: 'records', block: { worker, bytes } }]);
    assert.deepEqual(
      events.map((e) => (e.t === 'taskStart' ? [e.task, e.fn, e.args] : e.t)),
      [
        [0, 'square', '(42)'],
        [1, 'square', '(-7)'],
        [2, 'square', '(2.5)'],
        [3, 'add', '(1, 2)'],
      ],
    );
  });
});

describe('chunk records', () => {
  const pool = asPrimitiveId(9);
  const tasksOf = (events: readonly { t: string }[]) => events.filter((e) => e.t === 'taskStart' || e.t === 'taskEnd');

  it("show the chunk's first task running from the chunk's start, then every task with an even share of the span", () => {
    const { writer, reader } = ring();
    const decoder = new BatchDecoder();
    const model = new RunModel();
    model.apply({ t: 'workerStart', at: asMillis(0), worker, name: 'SpawnPoolWorker-1', role: 'poolWorker', daemon: true });
    writer.write(RecordType.chunkStart, pool, 10, 20, 4, 0, 'square\n(5)');
    model.applyAll(decoder.decode([records(reader)]));
    // A worker inside a long chunk is busy in a task, as one running a task of its own is.
    assert.deepEqual(model.tasks, [{ pool, index: 20, fn: 'square', args: '(5)', worker, from: 10 }]);
    writer.write(RecordType.op, 4, 12, OP_KINDS.indexOf('set'), 1, 0);
    writer.write(RecordType.chunkEnd, pool, 18, 20, 4, 0);
    const events = decoder.decode([records(reader)]);
    model.applyAll(events);
    assert.deepEqual(
      model.tasks.map((t) => [t.index, t.fn, t.args, t.from, t.to, t.ok]),
      [[20, 'square', '(5)', 10, 12, true], [21, 'square', undefined, 12, 14, true], [22, 'square', undefined, 14, 16, true], [23, 'square', undefined, 16, 18, true]],
    );
    // The tasks of the span come out before what happened after them: the batch is in time order.
    assert.deepEqual(events.map((e) => e.at), [...events.map((e) => e.at)].sort((a, b) => a - b));
    assert.equal(events.find((e) => e.t === 'op')?.at, 12);
  });

  it('end a failed chunk at the failing task, with its error, and show none after it', () => {
    const { writer, reader } = ring();
    writer.write(RecordType.chunkStart, pool, 0, 0, 10, 0, 'parse\n("a")');
    writer.write(RecordType.chunkEnd, pool, 3, 0, 2, CHUNK_FAILED, 'ValueError: bad item 2');
    const events = tasksOf(new BatchDecoder().decode([records(reader)]));
    assert.deepEqual(events, [
      { t: 'taskStart', at: 0, worker, pool, task: 0, fn: 'parse', args: '("a")' },
      { t: 'taskEnd', at: 1, worker, pool, task: 0, ok: true },
      { t: 'taskStart', at: 1, worker, pool, task: 1, fn: 'parse' },
      { t: 'taskEnd', at: 2, worker, pool, task: 1, ok: true },
      { t: 'taskStart', at: 2, worker, pool, task: 2, fn: 'parse' },
      { t: 'taskEnd', at: 3, worker, pool, task: 2, ok: false, error: 'ValueError: bad item 2' },
    ]);
  });

  it('make nothing of an end without its start, of a mismatched end, or of a count no worker writes', () => {
    const { writer, reader } = ring();
    writer.write(RecordType.chunkEnd, pool, 5, 0, 3, 0);
    writer.write(RecordType.chunkStart, pool, 6, 100, MAX_CHUNK_SPAN_TASKS + 1, 0, 'f\n()');
    writer.write(RecordType.chunkEnd, pool, 7, 100, MAX_CHUNK_SPAN_TASKS + 1, 0);
    writer.write(RecordType.chunkStart, pool, 8, 200, 0, 0, 'f\n()');
    writer.write(RecordType.chunkStart, pool, 9, 300, 2, 0, 'f\n()');
    writer.write(RecordType.chunkEnd, pool, 10, 301, 2, 0);
    writer.write(RecordType.chunkEnd, pool, 10, 300, 3, 0);
    writer.write(RecordType.chunkEnd, pool, 10, 300, 2, CHUNK_FAILED, 'ValueError: more than it had');
    // Only the last start is open: its first task shows, nothing else does.
    assert.deepEqual(tasksOf(new BatchDecoder().decode([records(reader)])), [{ t: 'taskStart', at: 9, worker, pool, task: 300, fn: 'f', args: '()' }]);
  });
});

describe('run model without history (the host)', () => {
  it('keeps current states, primitives and Semaphore ops, and nothing a view draws', () => {
    const model = new RunModel({ history: false });
    const sem = asPrimitiveId(5);
    const flag = asPrimitiveId(6);
    model.applyAll([
      { t: 'workerStart', at: asMillis(0), worker, name: 'Process-1', role: 'process', daemon: false },
      { t: 'primitiveCreate', at: asMillis(1), worker, primitive: sem, kind: 'semaphore', name: 's' },
      { t: 'primitiveCreate', at: asMillis(1), worker, primitive: flag, kind: 'event', name: 'e' },
      { t: 'op', at: asMillis(2), worker, primitive: sem, op: 'acquire', seq: 1 },
      { t: 'op', at: asMillis(2), worker, primitive: flag, op: 'set', seq: 2 },
      { t: 'output', at: asMillis(3), worker, stream: 'stdout', text: 'hi' },
      { t: 'waitBegin', at: asMillis(4), worker, wait: 'event', primitive: flag },
      { t: 'waitEnd', at: asMillis(5), worker, outcome: 'woken', primitive: flag, by: worker, op: 'set', opSeq: 2 },
      { t: 'waitBegin', at: asMillis(6), worker, wait: 'semaphore', primitive: sem },
    ]);
    const view = model.workers.get(worker)!;
    assert.deepEqual(view.states.map((s) => [s.state, s.from, s.on]), [['blocked', 6, sem]]);
    assert.deepEqual(model.primitives.get(sem)!.ops.map((o) => o.op), ['acquire']);
    assert.deepEqual(model.primitives.get(flag)!.ops, []);
    assert.deepEqual([model.output.length, model.wakes.length], [0, 0]);
  });
});

describe('JSON written piece by piece (CLI report and trace)', () => {
  it('is the text JSON.stringify makes, indented or compact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-json-'));
    const value = { a: [1, { b: 'x"y', c: undefined, d: [] }, undefined, null], e: {}, f: 'ü\n', g: [[2, 3], { h: true }], n: -0.5 };
    for (const space of [0, 2]) {
      const path = join(dir, `v${space}.json`);
      writeJsonFile(path, value, space);
      assert.equal(readFileSync(path, 'utf8'), `${JSON.stringify(value, null, space)}\n`);
    }
    rmSync(dir, { recursive: true, force: true });
  });
});
