import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { displayText, MAX_DISPLAY_CHARS } from '../../src/webview/displayText';
import { repoRoot } from './support/runProgram';

describe('program output in the panel', () => {
  it('shows HTML and script as the characters they are', () => {
    assert.equal(displayText('<script>alert(1)</script><img src=x onerror=alert(2)>'), '<script>alert(1)</script><img src=x onerror=alert(2)>');
  });

  it('drops terminal colour codes and other escape sequences, and marks control bytes', () => {
    assert.equal(displayText('\u001b[1;31mred\u001b[0m plain \u001b]0;title\u0007done'), 'red plain done');
    assert.equal(displayText('a\u0000b\u0008c\td'), 'a\ufffdb\ufffdc\td');
  });

  it('cuts a huge line for display and says how much is left out', () => {
    const huge = 'x'.repeat(5_000_000);
    const shown = displayText(huge);
    assert.ok(shown.startsWith('x'.repeat(MAX_DISPLAY_CHARS) + '… (4,998,000 more characters'), shown.slice(MAX_DISPLAY_CHARS - 5, MAX_DISPLAY_CHARS + 60));
    assert.ok(shown.length < MAX_DISPLAY_CHARS + 100);
  });

  it('never shows more than the limit of program text, nor an escape character, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 6000 }), (text) => {
        const shown = displayText(text, 100);
        assert.ok(!shown.includes('\u001b'));
        const body = shown.split('… (')[0]!;
        assert.ok(body.length <= 100);
      }),
      { numRuns: 300 },
    );
  });

  it('no webview source writes markup from strings (innerHTML and friends): text only', () => {
    const dir = join(repoRoot, 'src', 'webview');
    const offenders = readdirSync(dir).filter((name) => /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write)\b/.test(readFileSync(join(dir, name), 'utf8')));
    assert.deepEqual(offenders, []);
  });
});
