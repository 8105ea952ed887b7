/** Starts the host process for one program and hands its typed messages to the caller. */
import { fork, type ChildProcess } from 'node:child_process';
import { hostLaunch } from '../host/launch';
import { isHostMessage, type HostControl, type HostMessage } from '../model/messages';

export interface HostClient {
  readonly child: ChildProcess;
  stop(): void;
}

export function startHost(
  programPath: string,
  hostArgs: readonly string[],
  onMessage: (message: HostMessage) => void,
  onExit: (code: number | null) => void,
): HostClient {
  const launch = hostLaunch(__dirname, programPath);
  const child = fork(launch.modulePath, [...launch.args, ...hostArgs], {
    execArgv: [...launch.execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('message', (message: unknown) => {
    if (isHostMessage(message)) onMessage(message);
  });
  child.on('exit', (code) => onExit(code));
  let killTimer: NodeJS.Timeout | undefined;
  return {
    child,
    stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' } satisfies HostControl);
      // A host that cannot end its workers (a native call that ignores terminate) is killed.
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), 2000);
      killTimer.unref();
    },
  };
}
