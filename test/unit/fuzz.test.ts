// Property-based fuzzing of the two readers that take bytes Threadline did not write itself:
// the trace ring decoder (a worker may scribble over its ring) and the saved-trace reader (a
// file may be cut short, hand-edited or not a trace at all). Each property is bounded to a
// few seconds; the only error allowed out is the documented one (TraceFileError).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseTraceFile, TraceFileError, type TraceFile } from '../../src/extension/traceFile';
import { asWorkerId } from '../../src/model/ids';
import { RecordDecoder } from '../../src/model/records';
import { buildReport } from '../../src/model/report';
import { RunModel } from '../../src/model/runModel';
import { createRingBuffer, TraceRingReader, TraceRingWriter, type RawRecord } from '../../src/model/traceRing';
import { repoRoot } from './support/runProgram';

/** Most runs end well before; the limit only keeps a slow machine from stalling the suite. */
const BUDGET = { numRuns: 400, interruptAfterTimeLimit: 4000 } as const;
const MAX_MS_PER_CASE = 1000;

const rawRecord: fc.Arbitrary<RawRecord> = fc.record({
  type: fc.integer({ min: -2, max: 12 }),
  primitive: fc.oneof(fc.integer({ min: -1, max: 64 }), fc.integer()),
  time: fc.oneof(fc.double({ min: 0, max: 1e7, noNaN: true }), fc.double()),
  a: fc.oneof(fc.integer({ min: -1, max: 40 }), fc.integer()),
  b: fc.oneof(fc.integer({ min: -1, max: 8 }), fc.integer()),
  c: fc.oneof(fc.constantFrom(0, 1), fc.integer()),
  text: fc.option(fc.oneof(fc.string(), fc.constantFrom('3:4:/a/b.ts', 'name\n12:1:/x.ts', ':', '\n')), { nil: undefined }),
  began: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e7, noNaN: true }), fc.double()),
  d: fc.oneof(fc.integer({ min: -1, max: 40 }), fc.integer()),
  e: fc.oneof(fc.integer({ min: -1, max: 40 }), fc.integer()),
});

/** Decodes records the way the host does (decode, then fold into the run model and report). */
function hostFolds(records: readonly RawRecord[]): void {
  const model = new RunModel();
  const decoders = [new RecordDecoder(asWorkerId(0)), new RecordDecoder(asWorkerId(1))];
  model.apply({ t: 'workerStart', at: 0 as never, worker: asWorkerId(0), name: 'MainProcess', role: 'main', daemon: false });
  records.forEach((record, i) => {
    decoders[i % 2]!.decode(record, (event) => model.apply(event));
  });
  buildReport(model, { runId: 'fuzz', program: '/fuzz.ts', startedAtEpochMs: 0 }, { exitCode: 0, durationMs: model.latest, reason: 'exited', records: { written: records.length, dropped: 0 } });
}

function timed(body: () => void): void {
  const started = Date.now();
  body();
  assert.ok(Date.now() - started < MAX_MS_PER_CASE, `one case took ${Date.now() - started} ms`);
}

describe('fuzz: trace record decoder', function () {
  this.timeout(20_000);

  it('decodes any record, and folds what it decodes into the model, without throwing', () => {
    fc.assert(fc.property(fc.array(rawRecord, { maxLength: 60 }), (records) => timed(() => hostFolds(records))), BUDGET);
  });

  it('drains a ring whose bytes were overwritten at random without throwing, hanging or over-reading', () => {
    const bytes = 4096;
    const mutation = fc.record({ offset: fc.integer({ min: 0, max: bytes - 1 }), value: fc.integer({ min: 0, max: 255 }) });
    const ringCase = fc.record({ records: fc.array(rawRecord, { minLength: 1, maxLength: 40 }), mutations: fc.array(mutation, { minLength: 1, maxLength: 64 }) });
    fc.assert(
      fc.property(ringCase, ({ records, mutations }) => {
        const buffer = createRingBuffer(bytes);
        const writer = new TraceRingWriter(buffer);
        for (const r of records) writer.write(r.type & 0xff, r.primitive | 0, r.time, r.a | 0, r.b | 0, r.c | 0, r.text);
        const view = new Uint8Array(buffer);
        // Offsets count from the end of the header-free area too, so the control words get hit.
        for (const { offset, value } of mutations) view[offset % view.length] = value;
        const drained: RawRecord[] = [];
        timed(() => {
          new TraceRingReader(buffer).drain((record) => drained.push({ ...record }));
          hostFolds(drained);
        });
        // A record is at least one 32-byte slot: no reader may invent more than the ring holds.
        assert.ok(drained.length <= bytes / 32, `drained ${drained.length} records from a ${bytes}-byte ring`);
      }),
      BUDGET,
    );
  });
});

describe('fuzz: saved-trace reader (Open a Trace)', function () {
  this.timeout(20_000);
  const events = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'event-gate.events.json'), 'utf8')) as unknown[];
  const good = { version: 1, run: { runId: 'r', program: '/work/demos/event-gate.ts', startedAtEpochMs: 1 }, end: { exitCode: 0, durationMs: 2300, reason: 'exited', records: { written: events.length, dropped: 0 } }, events };
  const goodText = JSON.stringify(good);

  /** Either the documented error, or a trace every view can fold (model and report). */
  function readsOrRefuses(text: string): void {
    let trace: TraceFile;
    try {
      trace = parseTraceFile(text);
    } catch (error) {
      assert.ok(error instanceof TraceFileError, `threw ${String(error)}`);
      assert.ok(error.message.length > 0);
      return;
    }
    const model = new RunModel();
    model.applyAll(trace.events);
    const report = buildReport(model, trace.run, trace.end ?? { exitCode: 1, durationMs: model.latest, reason: 'stopped', records: { written: 0, dropped: 0 } });
    // What the views print is text, and every time on screen is a number: nothing drawn as garbage.
    for (const w of report.workers) {
      assert.equal(typeof w.name, 'string');
      for (const state of w.states) assert.ok(Number.isFinite(state.fromMs), `${w.name}: state at ${state.fromMs}`);
    }
    for (const p of report.primitives) assert.equal(typeof p.name, 'string');
    for (const o of report.output) assert.equal(typeof o.text, 'string');
  }

  it('refuses random text and random JSON with a TraceFileError, never another throw', () => {
    const input = fc.oneof(fc.string(), fc.jsonValue().map((v) => JSON.stringify(v)), fc.constantFrom('', 'null', '[]', '{"version":1}', '{"version":1,"run":{},"events":{}}'));
    fc.assert(fc.property(input, (text) => timed(() => readsOrRefuses(text))), BUDGET);
  });

  it('refuses a trace file cut short anywhere, saying it is not JSON', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: goodText.length - 1 }), (cut) =>
        timed(() => assert.throws(() => parseTraceFile(goodText.slice(0, cut)), (error: unknown) => error instanceof TraceFileError && /^not JSON/.test(error.message))),
      ),
      BUDGET,
    );
  });

  it('names the event and the field that is wrong', () => {
    const damaged = structuredClone(good) as { events: Record<string, unknown>[] };
    const index = damaged.events.findIndex((e) => e.t === 'workerStart');
    damaged.events[index]!.name = 42;
    assert.throws(() => parseTraceFile(JSON.stringify(damaged)), { name: 'Error', message: `event ${index}: workerStart has a bad \`name\` (42)` });
    assert.equal(parseTraceFile(goodText).events.length, events.length, 'the undamaged trace reads in full');
  });

  it('reads or refuses a trace whose events had fields deleted or replaced, and never draws garbage', () => {
    const junk = fc.oneof(fc.constant(null), fc.string({ maxLength: 4 }), fc.integer(), fc.double(), fc.boolean(), fc.constant([]), fc.constant({}));
    const edit = fc.record({ event: fc.nat(), field: fc.nat(), replace: fc.boolean(), value: junk });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 8 }), (edits) => {
        const copy = structuredClone(good) as { events: Record<string, unknown>[] };
        for (const { event, field, replace, value } of edits) {
          const target = copy.events[event % copy.events.length]!;
          const keys = Object.keys(target);
          const key = keys[field % keys.length]!;
          if (replace) target[key] = value;
          else delete target[key];
        }
        timed(() => readsOrRefuses(JSON.stringify(copy)));
      }),
      BUDGET,
    );
  });
});
