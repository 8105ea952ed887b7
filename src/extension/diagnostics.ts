/**
 * The Problems panel: a "Threadline" diagnostic at each blocked call of each deadlock and hang,
 * at each worker stuck on a dead owner's lock, and at each inverted acquisition of a potential
 * deadlock, the other lines involved as related information, and at the line a worker's failure
 * names (a SyntaxError). Rebuilt when the set of findings or failures changes; cleared when a new
 * run starts (a loaded trace shows its own findings).
 */
import * as vscode from 'vscode';
import type { Problem } from '../model/problems';
import type { SourceSite } from '../model/trace';
import { DisposableStore } from './disposables';
import { failureSites } from './failureSites';
import { orderPhrase, PROBLEM_TITLE, stuckPhrase } from './problemText';
import type { RunSessions } from './runSessions';
import type { Session } from './session';
import { siteRange } from './sourceLinks';

export const DIAGNOSTIC_SOURCE = 'Threadline';

export class ProblemDiagnostics implements vscode.Disposable {
  private readonly store = new DisposableStore();
  readonly collection = this.store.add(vscode.languages.createDiagnosticCollection('Threadline'));
  /** The findings the collection shows now: "<session>:<ids>", so unchanged batches cost nothing. */
  private shown = '';

  constructor(private readonly sessions: RunSessions) {
    this.store.add(
      sessions.onDidStart(() => {
        this.collection.clear();
        this.shown = '';
        this.update();
      }),
    );
    // Only a finding or a failure changes the diagnostics, and both are rare: no batching needed.
    this.store.add(sessions.onDidChange(({ events }) => {
      if (events.some((event) => event.t === 'problem' || (event.t === 'workerExit' && event.error !== undefined))) this.update();
    }));
    this.store.add(sessions.onDidEnd(() => this.update()));
  }

  /** Rebuilds the collection from the current session's findings, if they changed. */
  update(): void {
    const session = this.sessions.current;
    const failures = session ? failureSites(session.model).length : 0;
    const key = session ? `${session.sessionId}:${[...session.model.problems.keys()].join(',')}:${session.model.problems.size}:${failures}` : '';
    if (key === this.shown) return;
    this.shown = key;
    this.collection.clear();
    if (!session) return;
    for (const [file, diagnostics] of diagnosticsOf(session)) this.collection.set(vscode.Uri.file(file), diagnostics);
  }

  dispose(): void {
    this.store.dispose();
  }
}

function diagnosticsOf(session: Session): Map<string, vscode.Diagnostic[]> {
  const byFile = new Map<string, vscode.Diagnostic[]>();
  const add = (site: SourceSite, diagnostic: vscode.Diagnostic) => {
    const list = byFile.get(site.file);
    if (list) list.push(diagnostic);
    else byFile.set(site.file, [diagnostic]);
  };
  for (const problem of session.model.problems.values()) {
    for (const [site, diagnostic] of problemDiagnostics(problem)) add(site, diagnostic);
  }
  const seen = new Set<string>();
  for (const failure of failureSites(session.model)) {
    const key = `${failure.site.file}:${failure.site.line}:${failure.site.column}:${failure.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const diagnostic = new vscode.Diagnostic(siteRange(failure.site), `${failure.message} (${failure.workerName} could not start)`, vscode.DiagnosticSeverity.Error);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = 'startupError';
    add(failure.site, diagnostic);
  }
  return byFile;
}

/** One diagnostic per line a person must change or look at for this finding. */
export function problemDiagnostics(problem: Problem): [SourceSite, vscode.Diagnostic][] {
  const title = PROBLEM_TITLE[problem.kind];
  const severity = problem.kind === 'deadlock' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const suffix = problem.inconclusive ? ' (inconclusive: trace records were lost)' : '';
  const out: [SourceSite, vscode.Diagnostic][] = [];
  problem.workers.forEach((stuck) => {
    if (!stuck.site) return;
    const diagnostic = new vscode.Diagnostic(siteRange(stuck.site), `${title}: ${stuckPhrase(stuck)}${suffix}`, severity);
    diagnostic.relatedInformation = problem.workers
      .filter((other) => other !== stuck && other.site)
      .map((other) => new vscode.DiagnosticRelatedInformation(location(other.site!), stuckPhrase(other)));
    out.push([stuck.site, finish(diagnostic, problem)]);
  });
  for (const order of problem.orders ?? []) {
    if (!order.thenSite) continue;
    const diagnostic = new vscode.Diagnostic(
      siteRange(order.thenSite),
      `${title}: ${orderPhrase(order)}, while another worker takes them in the opposite order${suffix}`,
      severity,
    );
    const related: vscode.DiagnosticRelatedInformation[] = [];
    if (order.firstSite) related.push(new vscode.DiagnosticRelatedInformation(location(order.firstSite), `${order.workerName} takes \`${order.firstName}\` here`));
    for (const other of problem.orders ?? []) {
      if (other !== order && other.thenSite) related.push(new vscode.DiagnosticRelatedInformation(location(other.thenSite), orderPhrase(other)));
    }
    diagnostic.relatedInformation = related;
    out.push([order.thenSite, finish(diagnostic, problem)]);
  }
  return out;
}

function finish(diagnostic: vscode.Diagnostic, problem: Problem): vscode.Diagnostic {
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = problem.kind;
  return diagnostic;
}

function location(site: SourceSite): vscode.Location {
  return new vscode.Location(vscode.Uri.file(site.file), siteRange(site));
}

export function registerDiagnostics(context: vscode.ExtensionContext, sessions: RunSessions): ProblemDiagnostics {
  const diagnostics = new ProblemDiagnostics(sessions);
  context.subscriptions.push(diagnostics);
  return diagnostics;
}
