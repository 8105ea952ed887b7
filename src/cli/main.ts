/**
 * `threadline run <program> [options]`: runs a program under Threadline from a terminal.
 * See options.ts for the command line and exit codes.
 */
import { endWithoutRunEnd } from '../host/hostLoss';
import type { RunEnd, RunInfo } from '../model/messages';
import type { Problem } from '../model/problems';
import { BatchDecoder, type RecordTally } from '../model/batchDecoder';
import { buildReport } from '../model/report';
import { RunModel } from '../model/runModel';
import type { TraceEvent } from '../model/trace';
import { startHost } from './hostClient';
import { writeJsonFile } from './jsonFile';
import { createLiveView } from './liveView';
import { EXIT_FOR, parseCommandLine } from './options';
import { renderProblem } from './problemText';
import { renderSummary } from './summary';

function main(): void {
  const options = parseCommandLine(process.argv.slice(2));
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n`);
    process.exit(2);
  }
  // The summary and the live view read tallies and current states; the history (every
  // interval, op and wake, hundreds of bytes a record) is kept only for a report or trace.
  const model = new RunModel({ history: options.report !== undefined || options.trace !== undefined });
  const decoder = new BatchDecoder();
  const events: TraceEvent[] = [];
  let run: RunInfo | undefined;
  let end: RunEnd | undefined;
  /** The deadlock or hang that made the CLI end the run. */
  let endedFor: Problem | undefined;
  const clock = () => (run ? Date.now() - run.startedAtEpochMs : 0);
  const view = createLiveView(model, process.stderr.isTTY === true && !options.plain, clock);

  const tally: RecordTally = {
    ...model.tally,
    wait: (worker, passed) => {
      if (!model.tallyWait(worker, passed)) return false;
      view.waitPassed(worker, passed);
      return true;
    },
  };

  const onProblem = (problem: Problem) => {
    view.interrupt(() => process.stderr.write(`${renderProblem(problem, process.cwd())}\n`));
    if ((problem.kind === 'deadlock' || problem.kind === 'hang') && !options.keepRunning && !endedFor) {
      endedFor = problem;
      process.stderr.write(`threadline: ending the run (use --keep-running to keep it inspectable)\n`);
      host.stop();
    }
  };

  const host = startHost(
    options.program,
    options.workerMemoryMb !== undefined ? ['--max-worker-memory-mb', String(options.workerMemoryMb)] : [],
    (message) => {
      switch (message.type) {
        case 'hello':
          run = message.run;
          return;
        case 'batch': {
          // Ops, tasks and waits the model only counts are counted from their records: no event for each.
          const batch = decoder.decode(message.parts, tally);
          model.applyAll(batch);
          // A loop, not push(...batch): a large batch would overflow the argument limit.
          if (options.trace) for (const event of batch) events.push(event);
          view.update(batch);
          for (const event of batch) if (event.t === 'problem') onProblem(event.problem);
          return;
        }
        case 'runEnd':
          end = message.end;
          return;
      }
    },
    (code, signal) => {
      view.close();
      if (!run) {
        process.stderr.write(`threadline: the run's host process ended before the run started (${signal ?? `code ${code}`})\n`);
        process.exit(HOST_LOST_EXIT);
      }
      // A host that died mid-run: say so, and keep the report and trace of what it sent.
      const lost = end === undefined;
      end ??= endWithoutRunEnd({ model, startedAtEpochMs: run.startedAtEpochMs, code, signal });
      if (lost) process.stderr.write(`threadline: ${end.error}\n`);
      process.stderr.write(`${renderSummary(model, end, { relativeTo: process.cwd() })}\n`);
      if (options.report) writeJsonFile(options.report, buildReport(model, run, end), 2);
      if (options.trace) writeJsonFile(options.trace, { version: 1, run, end, events });
      process.exit(lost ? HOST_LOST_EXIT : exitStatus(end, endedFor, model, options.failOn));
    },
  );
  // Ctrl+C ends the run; the report is still written when the host reports the end.
  process.on('SIGINT', () => host.stop());
  process.on('SIGTERM', () => host.stop());
}

/** EX_SOFTWARE: Threadline itself failed, not the program. */
const HOST_LOST_EXIT = 70;

function exitStatus(end: RunEnd, endedFor: Problem | undefined, model: RunModel, failOn: ReadonlySet<Problem['kind']>): number {
  if (endedFor && (endedFor.kind === 'deadlock' || endedFor.kind === 'hang')) return EXIT_FOR[endedFor.kind];
  for (const kind of ['deadlock', 'hang', 'potentialDeadlock'] as const) {
    if (failOn.has(kind) && [...model.problems.values()].some((p) => p.kind === kind)) return EXIT_FOR[kind];
  }
  return end.exitCode < 0 ? 128 - end.exitCode : end.exitCode;
}

main();
