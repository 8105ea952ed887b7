import type { TraceEvent } from '../model/trace';

/** The program's own output, to the stream it wrote to: the CLI's stdout stays the program's. */
export function writeOutput(event: TraceEvent): void {
  if (event.t !== 'output') return;
  (event.stream === 'stderr' ? process.stderr : process.stdout).write(`${event.text}\n`);
}
