// Every console call carries the line that made it, so the panel's log can open it: through the
// trace ring (also for text long enough to go in pieces) and on a real run.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asWorkerId } from '../../src/model/ids';
import { RecordDecoder } from '../../src/model/records';
import type { TraceEvent } from '../../src/model/trace';
import { createRingBuffer, TraceRingReader, TraceRingWriter } from '../../src/model/traceRing';
import { Tracer } from '../../src/runtime/tracer';
import { programPath, repoRoot, runProgram } from './support/runProgram';

function roundTrip(write: (tracer: Tracer) => void): TraceEvent[] {
  const buffer = createRingBuffer(1 << 16);
  const tracer = new Tracer(new TraceRingWriter(buffer), process.hrtime.bigint(), 3);
  write(tracer);
  const decoder = new RecordDecoder(asWorkerId(3));
  const events: TraceEvent[] = [];
  new TraceRingReader(buffer).drain((record) => {
    decoder.decode(record, (event) => events.push(event));
  });
  return events;
}

describe('output call sites', () => {
  const site = { file: '/home/me/app: v2/main.ts', line: 12, column: 5 };

  it('travel with the text and come out apart from it, also for text in pieces', () => {
    const long = `${'y'.repeat(9000)}\nend`;
    const events = roundTrip((tracer) => {
      tracer.output('stdout', 'hello', site);
      tracer.output('stderr', long, site);
      tracer.output('stdout', 'no site here');
    });
    assert.deepEqual(
      events.map((e) => (e.t === 'output' ? [e.stream, e.text.length, e.site] : e.t)),
      [['stdout', 5, site], ['stderr', long.length, site], ['stdout', 12, undefined]],
    );
    assert.equal(events[1]?.t === 'output' && events[1].text, long);
  });

  it("name the program's own console.log line on a real run", async () => {
    const path = join(repoRoot, 'demos', 'basics-process.ts');
    const line = readFileSync(path, 'utf8').split('\n').findIndex((text) => text.includes("console.log('Hello from a subprocess!')")) + 1;
    const { model } = await runProgram(path);
    const hello = model.output.find((o) => o.text === 'Hello from a subprocess!');
    assert.ok(hello, 'the line was printed');
    assert.deepEqual(hello.site && [hello.site.file, hello.site.line], [path, line]);
  });

  it("name a helper's line when the program logs through one, and stay on through a burst", async () => {
    const { model } = await runProgram(programPath('console-sites.ts'));
    const lineOf = (text: string) => model.output.find((o) => o.text === text)?.site?.line;
    assert.equal(lineOf('direct'), 10);
    assert.equal(lineOf('through a helper'), 6, 'the console call inside the helper');
    const burst = model.output.filter((o) => o.text.startsWith('burst '));
    assert.equal(burst.length, 1500, 'every line printed, with or without its site');
    assert.ok(burst.slice(0, 990).every((o) => o.site?.line === 12), 'the budget starts full: the first lines of a burst have their line');
  });
});
