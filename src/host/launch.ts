/**
 * How to start the host process. The module hooks (TypeScript, the `threadline` specifier) are
 * installed with `--import` on the host itself: workers inherit the host's execArgv, and
 * inherited hooks start a worker about twice as fast as hooks passed to each worker.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const HOOKS_MODULE = 'register-hooks.mjs';

export function hooksImportArgs(distDir: string): string[] {
  return ['--import', pathToFileURL(join(distDir, HOOKS_MODULE)).href];
}

export interface HostLaunch {
  readonly modulePath: string;
  readonly args: readonly string[];
  readonly execArgv: readonly string[];
  /** Record blocks are bytes: 'advanced' (structured clone) sends them as such, JSON cannot. */
  readonly serialization: 'advanced';
}

export function hostLaunch(distDir: string, programPath: string): HostLaunch {
  return { modulePath: join(distDir, 'host.js'), args: ['--program', programPath], execArgv: hooksImportArgs(distDir), serialization: 'advanced' };
}

/** True when this process was started with the hooks, so its workers inherit them. */
export function processHasHooks(): boolean {
  return process.execArgv.some((arg) => arg.includes(HOOKS_MODULE));
}
