/**
 * The problems banner: one line per deadlock, hang or potential deadlock with a button per
 * blocked call site (posting revealSource), and the same findings in the accessible summary.
 * Program-made strings (names, paths) reach the DOM through textContent only.
 */
import type { Problem } from '../model/problems';
import type { RunModel } from '../model/runModel';
import type { SourceSite } from '../model/trace';
import { baseName } from './describe';
import { ATTR, ID } from './domIds';
import { byId } from './header';

export interface RevealTarget {
  readonly label: string;
  readonly site: SourceSite;
}

/** The call sites worth opening for a problem: each stuck worker's blocking call, or for a lock-order inversion each second acquisition. */
export function revealTargets(problem: Problem): RevealTarget[] {
  const targets: RevealTarget[] = [];
  const seen = new Set<string>();
  const add = (label: string, site: SourceSite | undefined): void => {
    if (!site) return;
    const key = `${label}|${site.file}:${site.line}:${site.column}`;
    if (seen.has(key)) return;
    seen.add(key);
    targets.push({ label: `${label} · ${baseName(site.file)}:${site.line}`, site });
  };
  for (const w of problem.workers) add(w.workerName, w.site);
  for (const o of problem.orders ?? []) add(`${o.workerName} takes ${o.thenName}`, o.thenSite);
  return targets;
}

export function problemWorkerNames(problem: Problem): string[] {
  const names = new Set<string>();
  for (const w of problem.workers) names.add(w.workerName);
  for (const o of problem.orders ?? []) names.add(o.workerName);
  return [...names];
}

const ICON: Record<string, string> = { deadlock: 'codicon-error', hang: 'codicon-error', potentialDeadlock: 'codicon-warning', deadOwner: 'codicon-warning' };

export class ProblemsView {
  private readonly banner: HTMLElement;
  private readonly list: HTMLElement;
  private lastKey = '';

  constructor(doc: Document, private readonly reveal: (site: SourceSite) => void) {
    this.banner = byId(doc, ID.problemsBanner);
    this.list = byId(doc, ID.problems);
    this.banner.addEventListener('click', (event) => {
      const button = (event.target as Element | null)?.closest(`button[${ATTR.revealFile}]`);
      if (!button) return;
      const file = button.getAttribute(ATTR.revealFile) ?? '';
      const line = Number(button.getAttribute(ATTR.revealLine));
      const column = Number(button.getAttribute(ATTR.revealColumn));
      if (file && Number.isInteger(line) && line > 0) this.reveal({ file, line, column: Number.isInteger(column) ? column : 1 });
    });
  }

  update(model: RunModel, generation: number): void {
    const problems = [...model.problems.values()].sort((a, b) => severity(a) - severity(b) || a.detectedAt - b.detectedAt);
    const key = `${generation}:${problems.map((p) => `${p.id}@${p.detectedAt}`).join('|')}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.banner.hidden = problems.length === 0;
    const items = problems.map((problem) => {
      const li = document.createElement('li');
      li.setAttribute(ATTR.kind, problem.kind);
      li.className = `tl-problem tl-problem-${problem.kind}`;
      const icon = document.createElement('span');
      icon.className = `codicon ${ICON[problem.kind] ?? 'codicon-warning'}`;
      icon.setAttribute('aria-hidden', 'true');
      const text = document.createElement('span');
      text.className = 'tl-problem-text';
      text.textContent = problem.summary + (problem.inconclusive ? ' (inconclusive: records were lost)' : '');
      const buttons = document.createElement('span');
      buttons.className = 'tl-problem-sites';
      for (const target of revealTargets(problem)) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'tl-button tl-reveal';
        button.title = `Open ${target.site.file}:${target.site.line}`;
        button.setAttribute(ATTR.revealFile, target.site.file);
        button.setAttribute(ATTR.revealLine, String(target.site.line));
        button.setAttribute(ATTR.revealColumn, String(target.site.column));
        const go = document.createElement('span');
        go.className = 'codicon codicon-go-to-file';
        go.setAttribute('aria-hidden', 'true');
        const label = document.createElement('span');
        label.textContent = target.label;
        button.append(go, label);
        buttons.append(button);
      }
      li.append(icon, text, buttons);
      return li;
    });
    const ul = document.createElement('ul');
    ul.append(...items);
    this.banner.replaceChildren(ul);
    this.list.replaceChildren(
      ...problems.map((problem) => {
        const li = document.createElement('li');
        li.setAttribute(ATTR.kind, problem.kind);
        li.setAttribute(ATTR.problemId, problem.id);
        li.setAttribute(ATTR.workerNames, problemWorkerNames(problem).join(','));
        li.setAttribute(ATTR.inconclusive, String(problem.inconclusive === true));
        li.textContent = problem.summary;
        return li;
      }),
    );
  }
}

function severity(problem: Problem): number {
  return problem.kind === 'deadlock' ? 0 : problem.kind === 'hang' ? 1 : problem.kind === 'deadOwner' ? 2 : 3;
}
