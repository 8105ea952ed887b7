/**
 * Entry of the host process: `node dist/host.js --program <file> [--ring-bytes n] [--max-worker-memory-mb n]`.
 * Talks to its parent over the IPC channel (HostMessage out, HostControl in).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { isHostControl, PROTOCOL_VERSION, type HostMessage } from '../model/messages';
import { DEFAULT_SUPERVISOR_OPTIONS, RunSupervisor } from './supervisor';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** `written` runs once the message has left (queued IPC writes are lost if we exit first). */
function send(message: HostMessage, written?: () => void): void {
  // Without a parent's channel (run by hand): JSON lines, record bytes as base64 strings.
  if (!process.send) process.stdout.write(`${JSON.stringify(message, bytesAsBase64)}\n`, () => written?.());
  // A parent that went away (window reload) hears nothing more; the run still ends cleanly.
  else if (process.connected) process.send(message, undefined, undefined, () => written?.());
  else written?.();
}

function bytesAsBase64(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') : value;
}

function main(): void {
  const program = argument('--program');
  if (!program) {
    process.stderr.write('usage: host.js --program <file>\n');
    process.exit(2);
  }
  const programPath = resolve(program);
  const ringBytes = Number(argument('--ring-bytes') ?? DEFAULT_SUPERVISOR_OPTIONS.ringBytes);
  const memory = Number(argument('--max-worker-memory-mb'));
  const workerMemoryMb = Number.isInteger(memory) && memory > 0 ? memory : undefined;
  const supervisor = new RunSupervisor(programPath, (message) => {
    if (message.type !== 'runEnd') return send(message);
    // Leave only once everything, runEnd last, has been written to the parent.
    send(message, () => {
      if (process.connected) process.disconnect();
      setTimeout(() => process.exit(0), 50).unref();
    });
  }, { ...DEFAULT_SUPERVISOR_OPTIONS, ringBytes, ...(workerMemoryMb !== undefined ? { workerMemoryMb } : {}) });
  if (!existsSync(programPath)) {
    send({ type: 'hello', protocol: PROTOCOL_VERSION, run: supervisor.run });
    send({
      type: 'runEnd',
      end: { exitCode: 2, durationMs: 0, reason: 'failedToStart', records: { written: 0, dropped: 0 }, error: `No such file: ${programPath}` },
    });
    process.exit(0);
  }
  supervisor.onForcedEnd = () => setTimeout(() => process.exit(0), 100);
  process.on('message', (message: unknown) => {
    if (isHostControl(message)) supervisor.stop();
  });
  // A parent that goes away takes the run with it.
  process.on('disconnect', () => supervisor.stop());
  process.on('SIGINT', () => supervisor.stop());
  process.on('SIGTERM', () => supervisor.stop());
  supervisor.start();
}

main();
