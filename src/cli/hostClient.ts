/** Starts the host process for one program and hands its typed messages to the caller. */
import { fork, type ChildProcess } from 'node:child_process';
import { HOST_OWN_GROUP, killHostGroup } from '../host/hostLoss';
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
  onExit: (code: number | null, signal: NodeJS.Signals | null) => void,
): HostClient {
  const launch = hostLaunch(__dirname, programPath);
  const child = fork(launch.modulePath, [...launch.args, ...hostArgs], {
    execArgv: [...launch.execArgv],
    serialization: launch.serialization,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // Its own process group, so a host that dies takes what the program spawned with it
    // (Ctrl+C reaches the host as a `stop` message instead of the terminal's signal).
    detached: HOST_OWN_GROUP,
  });
  child.on('message', (message: unknown) => {
    if (isHostMessage(message)) onMessage(message);
  });
  // 'close', not 'exit': every message the host sent has been delivered by then.
  child.on('close', (code, signal) => {
    killHostGroup(child);
    onExit(code, signal);
  });
  let killTimer: NodeJS.Timeout | undefined;
  return {
    child,
    stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.send({ type: 'stop' } satisfies HostControl);
      // A host that cannot end its workers (a native call that ignores terminate) is killed.
      killTimer ??= setTimeout(() => killHostGroup(child), 2000);
      killTimer.unref();
    },
  };
}
