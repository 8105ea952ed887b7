import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { variableNameAt } from '../../src/runtime/callSite';

describe('primitive names from the creation site', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'tl-site-')), 'program.ts');
  writeFileSync(
    file,
    [
      'const event = new Event();',
      'let ready: Event = new Event();',
      'const gates = { start: new Event() };',
      'use(new Event());',
      '    this.mutex = new Lock();',
    ].join('\n'),
  );
  const at = (line: number, text: string) => ({ file, line, column: text.indexOf('new') + 1 });

  it('uses the variable or property the primitive is assigned to', () => {
    assert.equal(variableNameAt(at(1, 'const event = new Event();'), 'Event'), 'event');
    assert.equal(variableNameAt(at(2, 'let ready: Event = new Event();'), 'Event'), 'ready');
    assert.equal(variableNameAt(at(3, 'const gates = { start: new Event() };'), 'Event'), 'start');
    assert.equal(variableNameAt(at(5, '    this.mutex = new Lock();'), 'Lock'), 'mutex');
  });

  it('gives up (so the default Kind-N applies) when nothing names it', () => {
    assert.equal(variableNameAt(at(4, 'use(new Event());'), 'Event'), undefined);
    assert.equal(variableNameAt(undefined, 'Event'), undefined);
  });
});
