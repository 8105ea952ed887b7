/**
 * Python's start-method API. Threadline has one start method: every process is a worker thread
 * that re-loads the program module and calls its target by name, which is Python's 'spawn'.
 * 'fork' and 'forkserver' copy the parent's memory, which threads cannot do, so asking for
 * them is an error that says how to share state instead.
 */
import { NotImplementedError, RuntimeError, ValueError } from './errors';

export type StartMethod = 'spawn';

const SPAWN: StartMethod = 'spawn';
let chosen: StartMethod | undefined;

/** Python's get_all_start_methods(). */
export function getAllStartMethods(): StartMethod[] {
  return [SPAWN];
}

/** Python's get_start_method(allow_none=False): always 'spawn' (null if none was set and `allowNone`). */
export function getStartMethod(allowNone = false): StartMethod | null {
  if (chosen === undefined && allowNone) return null;
  chosen ??= SPAWN;
  return chosen;
}

/** Python's set_start_method(method, force=False): only 'spawn' exists here. */
export function setStartMethod(method: string | null, force = false): void {
  if (chosen !== undefined && !force) throw new RuntimeError('context has already been set');
  if (method === null && force) {
    chosen = undefined;
    return;
  }
  chosen = checkedMethod(method);
}

/** Throws unless `method` is 'spawn' (or unset), saying why the others cannot exist here. */
export function checkedMethod(method: string | null | undefined): StartMethod {
  if (method === undefined || method === null || method === SPAWN) return SPAWN;
  if (method === 'fork' || method === 'forkserver') {
    throw new ValueError(
      `cannot find context for '${method}': Threadline runs each process as a worker thread that re-loads your ` +
        `module, exactly like Python's 'spawn' start method; '${method}' would copy the parent's memory, which a thread ` +
        'cannot do. Use spawn (the default, nothing to set) and share state explicitly: pass it in Process args or Pool ' +
        'initargs (an initializer can store it in a module-level variable), or create it with a Manager.',
    );
  }
  throw new ValueError(`cannot find context for '${method}': the only start method is 'spawn'`);
}

/** Python's freeze_support(): only meaningful for frozen Windows executables; a no-op here, as on other platforms. */
export function freezeSupport(): void {}

/** Python's set_executable(): there is no interpreter to choose, every process is a thread of this Node. */
export function setExecutable(_executable: string): never {
  throw new NotImplementedError(
    "set_executable has no meaning in Threadline: processes are worker threads of the same Node.js, not new interpreters. " +
      'To pass Node options to every worker, use the threadline.nodeArguments setting.',
  );
}
