/** The command line of `threadline run`. */
import { resolve } from 'node:path';
import type { ProblemKind } from '../model/problems';

export const USAGE = `usage: threadline run <program.{ts,js,mjs}> [options]

  --report <file>       write a machine-readable report (workers, states, wakes, output,
                        records, deadlocks, hangs, potential deadlocks)
  --trace <file>        write every trace event, to open later in the Threadline panel
  --plain               plain lines instead of the live table, even on a terminal
  --fail-on <kinds>     exit non-zero when the run shows any of: deadlock, hang,
                        potential-deadlock (comma-separated, or repeat the option)
  --keep-running        do not end the run when a deadlock or hang is found
  --max-worker-memory-mb <n>
                        heap limit of each worker: one that reaches it fails with a
                        MemoryError, the others go on (default: Node's)
All times are milliseconds from the start of the run.

Exit code: the program's own (128 + signal when it was stopped), or
  ${90} a deadlock was found, ${91} a hang was found, ${92} a potential deadlock (with --fail-on),
  ${70} Threadline's host process died (the report and trace keep what it had sent).`;

export const EXIT_FOR: Record<'deadlock' | 'hang' | 'potentialDeadlock', number> = { deadlock: 90, hang: 91, potentialDeadlock: 92 };

const FAIL_ON_NAMES: Record<string, ProblemKind> = { deadlock: 'deadlock', hang: 'hang', 'potential-deadlock': 'potentialDeadlock' };

export interface CliOptions {
  readonly program: string;
  readonly report?: string;
  readonly trace?: string;
  readonly plain: boolean;
  readonly failOn: ReadonlySet<ProblemKind>;
  readonly keepRunning: boolean;
  readonly workerMemoryMb?: number;
}

export function parseCommandLine(argv: readonly string[]): CliOptions | string {
  const [command, ...rest] = argv;
  if (command !== 'run') return USAGE;
  let program: string | undefined;
  let report: string | undefined;
  let trace: string | undefined;
  let plain = false;
  let keepRunning = false;
  let workerMemoryMb: number | undefined;
  const failOn = new Set<ProblemKind>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--report') report = rest[++i];
    else if (arg === '--trace') trace = rest[++i];
    else if (arg === '--plain') plain = true;
    else if (arg === '--keep-running') keepRunning = true;
    else if (arg === '--max-worker-memory-mb') {
      workerMemoryMb = Number(rest[++i]);
      if (!Number.isInteger(workerMemoryMb) || workerMemoryMb <= 0) return `--max-worker-memory-mb takes a whole number of MB\n\n${USAGE}`;
    }
    else if (arg === '--fail-on') {
      for (const name of (rest[++i] ?? '').split(',').filter(Boolean)) {
        const kind = FAIL_ON_NAMES[name];
        if (!kind) return `--fail-on takes deadlock, hang or potential-deadlock, not "${name}"\n\n${USAGE}`;
        failOn.add(kind);
      }
    } else if (arg.startsWith('--')) return `unknown option ${arg}\n\n${USAGE}`;
    else program ??= arg;
  }
  if (!program) return USAGE;
  return { program: resolve(program), report: report && resolve(report), trace: trace && resolve(trace), plain, failOn, keepRunning, ...(workerMemoryMb !== undefined ? { workerMemoryMb } : {}) };
}
