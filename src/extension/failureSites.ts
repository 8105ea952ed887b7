/**
 * Where a worker's failure points in the user's code, when its error says so: the runtime
 * ends a SyntaxError's first line with "(at file:line:column)" (see runtime/startupError.ts).
 * Pure (no `vscode`), for the Problems panel.
 */
import type { RunModel } from '../model/runModel';
import type { SourceSite } from '../model/trace';

export interface FailureSite {
  readonly site: SourceSite;
  /** The error's first line ("SyntaxError: Unexpected token ';'"), without the location. */
  readonly message: string;
  readonly workerName: string;
}

const AT_SITE = /^(.*) \(at (.+):(\d+):(\d+)\)$/;

export function failureSite(error: string): { readonly site: SourceSite; readonly message: string } | undefined {
  const firstLine = error.split('\n', 1)[0] ?? '';
  const match = AT_SITE.exec(firstLine);
  if (!match) return undefined;
  return { message: match[1]!, site: { file: match[2]!, line: Number(match[3]), column: Number(match[4]) } };
}

/** One per failed worker whose error names a line (processes re-load the module: often the same line). */
export function failureSites(model: RunModel): FailureSite[] {
  const sites: FailureSite[] = [];
  for (const worker of model.workers.values()) {
    if (worker.exitCode === undefined || worker.exitCode === 0 || !worker.error) continue;
    const found = failureSite(worker.error);
    if (found) sites.push({ ...found, workerName: worker.name });
  }
  return sites;
}
