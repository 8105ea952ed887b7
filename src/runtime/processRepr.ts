/** Python's repr of a Process: `<Process name='Process-1' pid=1 parent=0 stopped exitcode=-SIGTERM>`. */

const SIGNAL_NAMES: Readonly<Record<number, string>> = { [-15]: '-SIGTERM', [-9]: '-SIGKILL' };

export interface ProcessReprState {
  readonly className: string;
  readonly name: string;
  readonly pid: number;
  /** The worker that created the Process object; undefined when it came from another worker. */
  readonly parentPid: number | undefined;
  readonly status: 'initial' | 'started' | 'stopped' | 'closed' | 'unknown';
  readonly exitCode: number | null;
  readonly daemon: boolean;
}

export function processRepr(state: ProcessReprState): string {
  const info = [state.className, `name='${state.name}'`];
  if (state.status !== 'initial' && state.status !== 'closed') info.push(`pid=${state.pid}`);
  info.push(`parent=${state.parentPid ?? 'None'}`, state.status);
  if (state.status === 'stopped' && state.exitCode !== null) info.push(`exitcode=${SIGNAL_NAMES[state.exitCode] ?? state.exitCode}`);
  if (state.daemon) info.push('daemon');
  return `<${info.join(' ')}>`;
}
