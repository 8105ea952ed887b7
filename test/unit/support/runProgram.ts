/**
 * Runs a real program under the real supervisor (in this process, no fork) and returns the
 * model a front end builds from its messages: tests assert on what a user would see, not on internals.
 */
import { join, resolve } from 'node:path';
import { BatchDecoder } from '../../../src/model/batchDecoder';
import type { HostMessage, RunEnd } from '../../../src/model/messages';
import { RunModel, type StateInterval, type WorkerView } from '../../../src/model/runModel';
import type { TraceEvent } from '../../../src/model/trace';
import { DEFAULT_SUPERVISOR_OPTIONS, RunSupervisor } from '../../../src/host/supervisor';

/** Bundled tests live in dist/test/unit[/support]; the runtime bundles in dist/. */
export const distDir = resolve(__dirname, __dirname.endsWith('support') ? '../../..' : '../..');
export const repoRoot = resolve(distDir, '..');
export const programPath = (name: string) => join(repoRoot, 'test', 'fixtures', 'programs', name);

export interface RunResult {
  readonly model: RunModel;
  readonly end: RunEnd;
  readonly events: readonly TraceEvent[];
}

export function runProgram(path: string, options: { readonly ringBytes?: number; readonly workerMemoryMb?: number; readonly onEvents?: (supervisor: RunSupervisor, model: RunModel) => void; readonly leanModel?: RunModel } = {}): Promise<RunResult> {
  return new Promise((done) => {
    const events: TraceEvent[] = [];
    // What a front end builds from the host's messages (the host keeps no history itself).
    const decoder = new BatchDecoder();
    const leanDecoder = new BatchDecoder();
    const model = new RunModel();
    const supervisor: RunSupervisor = new RunSupervisor(
      path,
      (message: HostMessage) => {
        if (message.type === 'batch') {
          const batch = decoder.decode(message.parts);
          for (const event of batch) events.push(event);
          // The CLI's way: ops and tasks the lean model only counts are tallied from their records.
          const lean = options.leanModel;
          if (lean) lean.applyAll(leanDecoder.decode(message.parts, lean.tally));
          model.applyAll(batch);
          options.onEvents?.(supervisor, model);
        }
        if (message.type === 'runEnd') done({ model, end: message.end, events });
      },
      { ...DEFAULT_SUPERVISOR_OPTIONS, ringBytes: options.ringBytes ?? 1 << 20, ...(options.workerMemoryMb !== undefined ? { workerMemoryMb: options.workerMemoryMb } : {}) },
      distDir,
    );
    supervisor.start();
  });
}

export function workerNamed(model: RunModel, name: string): WorkerView {
  const worker = [...model.workers.values()].find((w) => w.name === name);
  if (!worker) throw new Error(`no worker ${name}; have ${[...model.workers.values()].map((w) => w.name).join(', ')}`);
  return worker;
}

export function statesOf(worker: WorkerView): readonly StateInterval[] {
  return worker.states;
}

export function outputText(model: RunModel): string[] {
  return model.output.map((o) => o.text);
}
