import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { MAX_OP_RUN, RecordType } from '../../src/model/records';
import { RecordBlockCursor, TIME_IS_LOWER_BOUND } from '../../src/model/recordBlock';
import { createRingBuffer, TraceRingReader, TraceRingWriter, type RawRecord } from '../../src/model/traceRing';

const copy = (r: RawRecord): RawRecord => ({ ...r });

describe('trace ring', () => {
  it('round-trips records with and without text', () => {
    const buffer = createRingBuffer(4096);
    const writer = new TraceRingWriter(buffer);
    const reader = new TraceRingReader(buffer);
    assert.ok(writer.write(3, 7, 12.5, 1, -1, 99));
    assert.ok(writer.write(5, -1, 13.25, 0, 1, 0, 'héllo — wörld'));
    const seen: RawRecord[] = [];
    assert.equal(reader.drain((r) => seen.push(copy(r))), 2);
    assert.deepEqual(seen, [
      { type: 3, primitive: 7, time: 12.5, a: 1, b: -1, c: 99, text: undefined, began: 0, d: 0, e: 0 },
      { type: 5, primitive: -1, time: 13.25, a: 0, b: 1, c: 0, text: 'héllo — wörld', began: 0, d: 0, e: 0 },
    ]);
    assert.equal(reader.drain(() => assert.fail('nothing new')), 0);
  });

  it('round-trips extended records among plain ones, and tells them apart by length', () => {
    const buffer = createRingBuffer(4096);
    const writer = new TraceRingWriter(buffer);
    const reader = new TraceRingReader(buffer);
    assert.ok(writer.write(4, 1, 1.5, 2, 3, 4));
    assert.ok(writer.writeExtended(10, 2, 9.75, 5, -1, 6, 8.25, -1, 42));
    // Text of 9–16 bytes makes a record of the same length as an extended one.
    assert.ok(writer.write(5, 3, 10, 0, 0, 0, 'sixteen bytes!!!'));
    const seen: RawRecord[] = [];
    reader.drain((r) => seen.push(copy(r)));
    assert.deepEqual(seen, [
      { type: 4, primitive: 1, time: 1.5, a: 2, b: 3, c: 4, text: undefined, began: 0, d: 0, e: 0 },
      { type: 10, primitive: 2, time: 9.75, a: 5, b: -1, c: 6, text: undefined, began: 8.25, d: -1, e: 42 },
      { type: 5, primitive: 3, time: 10, a: 0, b: 0, c: 0, text: 'sixteen bytes!!!', began: 0, d: 0, e: 0 },
    ]);
  });

  it('settles a record that carries only a lower bound for its time to no earlier than the previous take, and leaves timed records alone', () => {
    const buffer = createRingBuffer(4096);
    const writer = new TraceRingWriter(buffer);
    const reader = new TraceRingReader(buffer);
    const times = (taken: { bytes: Uint8Array } | undefined): Array<[number, number]> => {
      const out: Array<[number, number]> = [];
      const cursor = new RecordBlockCursor(taken!.bytes);
      while (cursor.next()) out.push([cursor.type, cursor.time]);
      return out;
    };
    writer.write(RecordType.op | TIME_IS_LOWER_BOUND, 1, 2, 0, 1, 0);
    // Nothing was loaded before this take: the writer's bound is all there is.
    assert.deepEqual(times(reader.take(Infinity, 10)), [[RecordType.op, 2]]);
    // Published after the take at 10: a bound of 3 becomes 10; a later bound and a timed record stay.
    writer.write(RecordType.op | TIME_IS_LOWER_BOUND, 1, 3, 0, 2, 0);
    writer.write(RecordType.op | TIME_IS_LOWER_BOUND, 1, 11, 0, 3, 0);
    writer.write(RecordType.op, 1, 4, 0, 4, 0);
    assert.deepEqual(times(reader.take(Infinity, 20)), [
      [RecordType.op, 10],
      [RecordType.op, 11],
      [RecordType.op, 4],
    ]);
  });

  it('settles records a bounded take left behind by the load that first saw them, not a later one', () => {
    const buffer = createRingBuffer(4096);
    const writer = new TraceRingWriter(buffer);
    const reader = new TraceRingReader(buffer);
    reader.take(Infinity, 5);
    for (let seq = 1; seq <= 4; seq++) writer.write(RecordType.op | TIME_IS_LOWER_BOUND, 1, 0, 0, seq, 0);
    const settled: number[] = [];
    // One record (32 bytes) per take: the last three are taken by calls made at 50, 60, 70.
    for (let now = 40; now <= 70; now += 10) {
      const cursor = new RecordBlockCursor(reader.take(32, now)!.bytes);
      while (cursor.next()) settled.push(cursor.time);
    }
    assert.deepEqual(settled, [5, 5, 5, 5]);
  });

  it('wraps around the end with padding and keeps every record intact', () => {
    const buffer = createRingBuffer(4096);
    const writer = new TraceRingWriter(buffer);
    const reader = new TraceRingReader(buffer);
    const texts: string[] = [];
    // Many more bytes than the ring holds, drained as we go: forces several wraps.
    for (let i = 0; i < 2000; i++) {
      const text = 'x'.repeat(i % 37);
      assert.ok(writer.write(5, i, i, i, 0, 0, text), `record ${i} fits`);
      reader.drain((r) => texts.push(`${r.primitive}:${r.text ?? ''}`));
    }
    assert.equal(texts.length, 2000);
    texts.forEach((t, i) => assert.equal(t, `${i}:${'x'.repeat(i % 37)}`));
  });

  it('counts records it had no room for instead of blocking or losing them silently', () => {
    const buffer = createRingBuffer(4096);
    const writer = new TraceRingWriter(buffer);
    const reader = new TraceRingReader(buffer);
    let accepted = 0;
    for (let i = 0; i < 1000; i++) if (writer.write(1, i, 0, 0, 0, 0)) accepted++;
    assert.ok(accepted < 1000, 'a 4 KiB ring cannot hold 1000 records');
    assert.equal(reader.droppedTotal(), 1000 - accepted);
    assert.equal(reader.writtenTotal(), accepted);
    assert.equal(reader.drain(() => undefined), accepted);
    assert.equal(reader.takeDropped(), 1000 - accepted);
    assert.equal(reader.takeDropped(), 0, 'drops are reported once');
    // The writer last saw a full ring; the drain made room, and the next record takes it.
    assert.ok(writer.write(1, 0, 0, 0, 0, 0), 'a drained ring takes records again');
    assert.equal(reader.drain(() => undefined), 1);
  });

  it('counts a growable record up in place until another record follows it or the reader takes it', () => {
    const buffer = createRingBuffer(4096);
    const writer = new TraceRingWriter(buffer);
    const reader = new TraceRingReader(buffer);
    const counts = (taken: { bytes: Uint8Array } | undefined): Array<[number, number, number]> => {
      const out: Array<[number, number, number]> = [];
      const cursor = new RecordBlockCursor(taken!.bytes);
      while (cursor.next()) out.push([cursor.type, cursor.b, cursor.c]);
      return out;
    };
    assert.ok(writer.writeGrowable(RecordType.opRun, 1, 0, 0, 1, 10));
    for (let i = 0; i < 4; i++) assert.ok(writer.extendLast(MAX_OP_RUN));
    assert.ok(writer.write(RecordType.op, 1, 0, 0, 15, 0));
    assert.equal(writer.extendLast(MAX_OP_RUN), false, 'a record came after it');
    assert.ok(writer.writeGrowable(RecordType.opRun, 1, 0, 0, 1, 16));
    assert.ok(writer.extendLast(MAX_OP_RUN));
    assert.deepEqual(counts(reader.take()), [
      [RecordType.opRun, 10, 5],
      [RecordType.op, 15, 0],
      [RecordType.opRun, 16, 2],
    ]);
    assert.equal(writer.extendLast(MAX_OP_RUN), false, 'the reader sealed the last record it took');
    assert.ok(writer.writeGrowable(RecordType.opRun, 1, 0, 0, 1, 18));
    assert.ok(writer.extendLast(2));
    assert.equal(writer.extendLast(2), false, 'no further than the most it may count');
    assert.deepEqual(counts(reader.take()), [[RecordType.opRun, 18, 2]]);
  });

  it("writes what a seal missed (counts still in the writer's store buffer) as a record of its own, in order", () => {
    const buffer = createRingBuffer(4096);
    const writer = new TraceRingWriter(buffer);
    const reader = new TraceRingReader(buffer);
    const words = new Int32Array(buffer, 16);
    // A run of acquire (0) and release (1) from seq 10, counted up to 5.
    writer.writeGrowable(RecordType.opRun, 1, 0, 0, 1, 10);
    for (let i = 0; i < 4; i++) writer.extendLast(MAX_OP_RUN);
    // The reader reads the count as the last two stores had not reached it yet.
    words[6] = 3;
    const first = new RecordBlockCursor(reader.take()!.bytes);
    assert.ok(first.next());
    assert.deepEqual([first.a, first.b, first.c, first.text], [0, 10, 3, undefined], 'the copy has the count the seal took, and no seal');
    // The writer's next op finds the seal: the two it missed come first, then the op.
    assert.ok(writer.extendLast(MAX_OP_RUN));
    const rest = new RecordBlockCursor(reader.take()!.bytes);
    assert.ok(rest.next());
    assert.deepEqual([rest.type, rest.a, rest.b, rest.c], [RecordType.opRun, 1, 13, 3], 'release, acquire, release from seq 13');
    assert.equal(rest.next(), false);
  });

  it('leaves a growable record growing when a bounded take stops before it', () => {
    const buffer = createRingBuffer(4096);
    const writer = new TraceRingWriter(buffer);
    const reader = new TraceRingReader(buffer);
    writer.write(RecordType.op, 1, 0, 0, 1, 0);
    writer.writeGrowable(RecordType.opRun, 1, 0, 0, 1, 2);
    assert.equal(reader.take(32)!.count, 1);
    assert.ok(writer.extendLast(MAX_OP_RUN), 'not taken, so not sealed');
    const cursor = new RecordBlockCursor(reader.take()!.bytes);
    assert.ok(cursor.next());
    assert.deepEqual([cursor.type, cursor.c], [RecordType.opRun, 2]);
  });

  it('loses no count while another thread counts up as the reader takes', async () => {
    const buffer = createRingBuffer(8192);
    const reader = new TraceRingReader(buffer);
    const total = 200_000;
    let counted = 0;
    let next = 0;
    // A new record every 1000 counts as well, so records are sealed both by the reader and by what follows them.
    const dropped = await readWhileWriterRuns(
      buffer,
      `let dropped = 0;
      for (let i = 0; i < ${total}; i++) {
        if (i % 1000 !== 0 && writer.extendLast(1 << 16)) continue;
        if (!writer.writeGrowable(11, 1, 0, 0, 1, i)) dropped++;
      }
      // What a seal missed at the very end is written here, as at a thread's exit.
      writer.endGrowth();
      result = dropped;`,
      () => {
        const taken = reader.take();
        if (!taken) return;
        const cursor = new RecordBlockCursor(taken.bytes);
        while (cursor.next()) {
          assert.equal(cursor.b, next, 'in order, none missing');
          next = cursor.b + cursor.c;
          counted += cursor.c;
        }
      },
    );
    assert.equal(dropped, 0, 'an 8 KiB ring holds a run a record at a time');
    assert.equal(counted, total, 'every count is in exactly one record');
    assert.equal(next, total);
  });

  it('reads every record exactly once while another thread writes', async () => {
    const buffer = createRingBuffer(8192);
    const reader = new TraceRingReader(buffer);
    const total = 50_000;
    const seen: number[] = [];
    await readWhileWriterRuns(buffer, `for (let i = 0; i < ${total}; i++) writer.write(4, i, i, 0, 0, 0, i % 10 === 0 ? 'tick ' + i : undefined);`, () =>
      reader.drain((r) => seen.push(r.primitive)),
    );
    const dropped = reader.droppedTotal();
    assert.equal(seen.length + dropped, total, 'written + dropped = attempted');
    assert.equal(reader.writtenTotal(), seen.length);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]! > seen[i - 1]!, 'in order, no duplicates');
  });
});

/**
 * Runs `body` on a writer thread (`writer`: a TraceRingWriter on `buffer`; it may set `result`)
 * and calls `read` between its turns until it has exited, then once more. Resolves to `result`.
 */
async function readWhileWriterRuns(buffer: SharedArrayBuffer, body: string, read: () => void): Promise<unknown> {
  const source = `
    const { workerData, parentPort } = require('node:worker_threads');
    const { TraceRingWriter } = require(workerData.module);
    const writer = new TraceRingWriter(workerData.buffer);
    let result;
    ${body}
    parentPort.postMessage(result);
  `;
  const worker = new Worker(source, { eval: true, workerData: { buffer, module: join(__dirname, 'support', 'ringWriterModule.js') } });
  let result: unknown;
  worker.on('message', (value: unknown) => (result = value));
  let done = false;
  void new Promise((resolve) => worker.on('exit', resolve)).then(() => (done = true));
  while (!done) {
    read();
    await new Promise((resolve) => setImmediate(resolve));
  }
  read();
  return result;
}

describe('trace ring decoding of damaged input (fuzz)', () => {
  it('never throws or hangs on random and mutated bytes', async () => {
    const { RecordDecoder } = await import('../../src/model/records');
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let round = 0; round < 300; round++) {
      const buffer = createRingBuffer(4096);
      const writer = new TraceRingWriter(buffer);
      for (let i = 0; i < 20; i++) {
        // Every record type there is, the growable kind too.
        if (random() < 0.2) writer.writeGrowable(RecordType.opRun, i, i, Math.floor(random() * 40) - 5, 1, i);
        else writer.write(1 + Math.floor(random() * 11), i, i, Math.floor(random() * 40) - 5, i, Math.floor(random() * 2 ** 31) - 2 ** 30, random() < 0.5 ? `text ${i}` : undefined);
      }
      const bytes = new Uint8Array(buffer);
      // Mutate a few bytes anywhere after the header, or everything when round is odd.
      const mutations = round % 2 ? bytes.length : 1 + Math.floor(random() * 8);
      for (let m = 0; m < mutations; m++) bytes[16 + Math.floor(random() * (bytes.length - 16))] = Math.floor(random() * 256);
      const reader = new TraceRingReader(buffer);
      const decoder = new RecordDecoder(0 as never);
      const started = Date.now();
      reader.drain((record) => {
        decoder.decode(record, () => undefined);
      });
      assert.ok(Date.now() - started < 1000, 'bounded time');
    }
  });
});
