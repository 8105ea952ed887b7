/** What a run printed, as tests compare it: lines in time order, masked random numbers, and runs stopped on cue. */
import type { RunModel } from '../../../src/model/runModel';
import { runProgram, type RunResult } from './runProgram';

/** Runs a program and stops it once `enough` holds (deadlocks, hangs, programs that run forever). */
export function runProgramUntil(path: string, enough: (model: RunModel) => boolean): Promise<RunResult> {
  let stopped = false;
  return runProgram(path, {
    onEvents: (supervisor, model) => {
      if (!stopped && enough(model)) {
        stopped = true;
        supervisor.stop();
      }
    },
  });
}

/** The program's lines in the order they were written (workers' output reaches the model interleaved). */
export const byTime = (model: RunModel) => [...model.output].sort((a, b) => a.at - b.at);
export const stdout = (model: RunModel) => byTime(model).filter((o) => o.stream === 'stdout').map((o) => o.text);
export const stderrLines = (model: RunModel) => byTime(model).filter((o) => o.stream === 'stderr').map((o) => o.text);
export const sorted = (lines: readonly string[]) => [...lines].sort();
/** Masks the random numbers the tutorials print. */
export const masked = (lines: readonly string[]) => lines.map((line) => line.replace(/\d+\.\d+(e-\d+)?/g, '<n>'));
