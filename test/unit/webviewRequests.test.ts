import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { vetWebviewMessage } from '../../src/extension/webviewRequests';

describe('webview messages are untrusted input', () => {
  const program = '/home/me/project/main.ts';
  const known = () => new Set([program]);

  it('accepts the requests the panel sends', () => {
    for (const message of [{ type: 'ready' }, { type: 'export' }, { type: 'revealSource', file: program, line: 10, column: 9 }]) {
      assert.deepEqual(vetWebviewMessage(message, known), { ok: true, request: message });
    }
  });

  it('refuses malformed messages with a reason to log', () => {
    const malformed: unknown[] = [
      null, undefined, 'ready', 42, [], {}, { type: 'openFile', file: program },
      { type: 'revealSource', file: 7, line: 1, column: 1 },
      { type: 'revealSource', file: program, line: 0, column: 1 },
      { type: 'revealSource', file: program, line: 1.5, column: 1 },
      { type: 'revealSource', file: program, line: '3', column: 1 },
      { type: 'revealSource', file: program, line: 3 },
    ];
    for (const message of malformed) {
      const vetted = vetWebviewMessage(message, known);
      assert.equal(vetted.ok, false, JSON.stringify(message));
      if (!vetted.ok) assert.match(vetted.why, /^ignored a malformed webview message: /);
    }
  });

  it('refuses to open a file the run never named: outside the workspace, look-alikes, escapes', () => {
    for (const file of ['/etc/passwd', '/home/me/project/../.ssh/id_rsa', '/home/me/project/main.ts ', 'main.ts', '/home/me/project/Main.ts']) {
      const vetted = vetWebviewMessage({ type: 'revealSource', file, line: 1, column: 1 }, known);
      assert.deepEqual(vetted.ok, false, file);
      if (!vetted.ok) assert.match(vetted.why, /^refused to open .*: the run never named that file$/);
    }
  });

  it('never throws, and accepts only well-formed requests for known files, whatever arrives', () => {
    const candidate = fc.oneof(
      fc.anything(),
      fc.record({ type: fc.constantFrom('ready', 'export', 'revealSource', 'x'), file: fc.oneof(fc.constant(program), fc.string(), fc.anything()), line: fc.anything(), column: fc.anything() }, { requiredKeys: ['type'] }),
    );
    fc.assert(
      fc.property(candidate, (message) => {
        const vetted = vetWebviewMessage(message, known);
        if (vetted.ok && vetted.request.type === 'revealSource') {
          assert.equal(vetted.request.file, program);
          assert.ok(Number.isInteger(vetted.request.line) && vetted.request.line > 0);
        }
      }),
      { numRuns: 500 },
    );
  });
});
