/**
 * `threadline run <program> [--report out.json] [--trace out.json]`: runs a program under
 * Threadline from a terminal. Exit code: the program's (128 + signal when it was ended).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RunEnd, RunInfo } from '../model/messages';
import { buildReport } from '../model/report';
import { RunModel } from '../model/runModel';
import type { TraceEvent } from '../model/trace';
import { startHost } from './hostClient';
import { createLiveView } from './liveView';
import { renderSummary } from './summary';

const USAGE = `usage: threadline run <program.{ts,js,mjs}> [--report <file.json>] [--trace <file.json>] [--plain]

  --report <file>  write a machine-readable report (workers, states, wakes, output, records)
  --trace <file>   write every trace event, to open later in the Threadline panel
  --plain          plain lines instead of the live table, even on a terminal
All times are milliseconds from the start of the run.`;

interface CliOptions {
  readonly program: string;
  readonly report?: string;
  readonly trace?: string;
  readonly plain: boolean;
}

function parse(argv: readonly string[]): CliOptions | string {
  const [command, ...rest] = argv;
  if (command !== 'run') return USAGE;
  let program: string | undefined;
  let report: string | undefined;
  let trace: string | undefined;
  let plain = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--report') report = rest[++i];
    else if (arg === '--trace') trace = rest[++i];
    else if (arg === '--plain') plain = true;
    else if (arg.startsWith('--')) return `unknown option ${arg}\n\n${USAGE}`;
    else program ??= arg;
  }
  if (!program) return USAGE;
  return { program: resolve(program), report: report && resolve(report), trace: trace && resolve(trace), plain };
}

function exitStatus(end: RunEnd): number {
  return end.exitCode < 0 ? 128 - end.exitCode : end.exitCode;
}

function main(): void {
  const options = parse(process.argv.slice(2));
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n`);
    process.exit(2);
  }
  const model = new RunModel();
  const events: TraceEvent[] = [];
  let run: RunInfo | undefined;
  const clock = () => (run ? Date.now() - run.startedAtEpochMs : 0);
  const view = createLiveView(model, process.stderr.isTTY === true && !options.plain, clock);
  let end: RunEnd | undefined;
  const host = startHost(
    options.program,
    (message) => {
      switch (message.type) {
        case 'hello':
          run = message.run;
          return;
        case 'events':
          model.applyAll(message.events);
          if (options.trace) events.push(...message.events);
          view.update(message.events);
          return;
        case 'runEnd':
          end = message.end;
          return;
      }
    },
    (code) => {
      view.close();
      if (!run || !end) {
        process.stderr.write(`threadline: the run's host process ended unexpectedly (code ${code})\n`);
        process.exit(70);
      }
      process.stderr.write(`${renderSummary(model, end, { relativeTo: process.cwd() })}\n`);
      if (options.report) writeFileSync(options.report, `${JSON.stringify(buildReport(model, run, end), null, 2)}\n`);
      if (options.trace) writeFileSync(options.trace, `${JSON.stringify({ version: 1, run, end, events })}\n`);
      process.exit(exitStatus(end));
    },
  );
  process.on('SIGINT', () => host.stop());
  process.on('SIGTERM', () => host.stop());
}

main();
