// The output list shows one text line per row (it is virtual, rows share one height): what a
// row says of a line that is long or has several text lines. The whole text stays in the model.
import { strict as assert } from 'node:assert';
import { rowText } from '../../src/webview/outputLog';

describe('output list rows', () => {
  it('shows a short single line as it is', () => {
    assert.deepEqual(rowText('Process 3 waiting...'), { shown: 'Process 3 waiting...', cut: false });
  });

  it('shows a multi-line output on one row, its lines joined by a return mark', () => {
    assert.deepEqual(rowText('Process raises:\nError: boom\n    at raises (app.ts:4:9)\n'), {
      shown: 'Process raises: ↵ Error: boom ↵     at raises (app.ts:4:9)',
      cut: true,
    });
  });

  it('cuts a huge line for display, keeping its start', () => {
    const huge = 'x'.repeat(100_000);
    const { shown, cut } = rowText(huge);
    assert.equal(cut, true);
    assert.ok(shown.length < 2200, `shown ${shown.length} characters`);
    assert.ok(shown.startsWith('xxxx') && /more characters/.test(shown));
  });

  it('drops terminal colour codes from the row', () => {
    assert.equal(rowText('\u001b[31mred\u001b[0m').shown, 'red');
  });

  it('never interprets markup: the text is returned as text', () => {
    assert.equal(rowText('<img src=x onerror=alert(1)>').shown, '<img src=x onerror=alert(1)>');
  });
});
