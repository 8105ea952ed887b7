/**
 * Makes a worker's console output part of its trace: every console call and stdout/stderr
 * write becomes an output record with the worker and the time, so output interleaves with
 * the timeline exactly. The host prints it; nothing is written to the real streams here.
 */
import { performance } from 'node:perf_hooks';
import { formatWithOptions } from 'node:util';
import { captureUserSite } from './callSite';
import type { Tracer } from './tracer';

/** The console call is the caller's caller here; a little more covers a logging helper of the user's. */
const CONSOLE_SITE_DEPTH = 4;
/**
 * Console calls per second (per worker) that carry their line. A stack capture costs about
 * 10 µs, several times a console call: a program that prints a flood gets lines for the first
 * and then for a steady share of its output, and pays at most about 1% of a CPU for them.
 */
export const SITES_PER_SECOND = 1000;

export function captureConsole(tracer: Tracer): void {
  let budget = SITES_PER_SECOND;
  let refilledAt = performance.now();
  // Each console call carries its line (within the budget), so the panel's log can open it.
  const siteOfCall = () => {
    const now = performance.now();
    budget = Math.min(SITES_PER_SECOND, budget + ((now - refilledAt) * SITES_PER_SECOND) / 1000);
    refilledAt = now;
    if (budget < 1) return undefined;
    budget -= 1;
    return captureUserSite(CONSOLE_SITE_DEPTH);
  };
  const emit = (stream: 'stdout' | 'stderr') => (...args: unknown[]) => {
    tracer.output(stream, formatWithOptions({ colors: false }, ...args), siteOfCall());
  };
  const out = emit('stdout');
  const err = emit('stderr');
  console.log = out;
  console.info = out;
  console.debug = out;
  console.warn = err;
  console.error = err;
  console.trace = (...args: unknown[]) => err(...args, '\n' + (new Error().stack ?? '').split('\n').slice(2).join('\n'));
  patchStream(process.stdout, 'stdout', tracer);
  patchStream(process.stderr, 'stderr', tracer);
}

/** Raw writes (process.stdout.write) may split lines; keep partial lines until completed. */
function patchStream(stream: NodeJS.WriteStream, name: 'stdout' | 'stderr', tracer: Tracer): void {
  let partial = '';
  const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    partial += text;
    const lastNewline = partial.lastIndexOf('\n');
    if (lastNewline >= 0) {
      tracer.output(name, partial.slice(0, lastNewline));
      partial = partial.slice(lastNewline + 1);
    }
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  };
  stream.write = write as typeof stream.write;
  process.once('exit', () => {
    if (partial) tracer.output(name, partial);
  });
}
