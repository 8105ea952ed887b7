/**
 * The files a run has told us about: the program itself and every site the trace named.
 * The webview may only ask to open these, so a compromised or buggy page cannot open
 * arbitrary paths. Pure (no `vscode`).
 */
import type { RunModel } from '../model/runModel';

export function knownSourceFiles(model: RunModel, programPath: string): ReadonlySet<string> {
  const files = new Set<string>([programPath]);
  for (const primitive of model.primitives.values()) if (primitive.site) files.add(primitive.site.file);
  for (const worker of model.workers.values()) {
    for (const interval of worker.states) if (interval.site) files.add(interval.site.file);
  }
  for (const line of model.output) if (line.site) files.add(line.site.file);
  return files;
}
