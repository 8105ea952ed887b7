/**
 * Subclassing Process, Python style: `class Worker extends Process { run() { … } }`. As with
 * Python's spawn, the child gets a copy of the object: the class is found again by its exported
 * name in the re-loaded program, its own fields are copied over (shared primitives as
 * references), its constructor is not run again, and run() is called.
 */
import type { SubclassState, WorkerBoot } from './bootData';
import type { Process } from './process';
import { fromTransferable, toTransferable } from './sharing';

/** Fields every Process has; only what a subclass adds travels. */
const PROCESS_FIELDS = new Set(['id', 'name', 'ctx', 'base', 'pid', 'daemon', 'target', 'args', 'kwargs', 'parentPid', 'closed']);

export function subclassState(process: Process, baseRun: () => unknown): SubclassState | undefined {
  const proto = Object.getPrototypeOf(process) as { run?: unknown; constructor: { name: string } };
  if (proto.run === baseRun) return undefined;
  const className = proto.constructor.name;
  if (!className) throw new TypeError('A Process subclass must be a named class, exported at module level.');
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(process)) {
    if (!PROCESS_FIELDS.has(key)) fields[key] = toTransferable(value, `this.${key}`);
  }
  return { className, fields };
}

export async function runSubclass(
  program: Record<string, unknown>,
  boot: WorkerBoot,
  state: SubclassState,
  ProcessClass: typeof Process,
  args: readonly unknown[],
): Promise<void> {
  const Subclass = program[state.className];
  if (typeof Subclass !== 'function') {
    throw new Error(
      `AttributeError: Can't get attribute '${state.className}' on the program module: spawned workers re-load ` +
        `the program and look the Process subclass up by name: export it (export class ${state.className} extends Process { … }).`,
    );
  }
  const ref = { __threadlinePrimitive: 'process' as const, slot: boot.processSlot ?? 0, name: boot.name, pid: boot.workerId };
  // Construct as a Process (attached to this worker's slot) with the subclass's prototype,
  // without running the subclass constructor: the parent already did.
  const instance = Reflect.construct(ProcessClass, [{ name: boot.name, daemon: boot.daemon, args }, ref], Subclass) as Process & Record<string, unknown>;
  for (const [key, value] of Object.entries(state.fields)) instance[key] = fromTransferable(value);
  await (instance.run as () => unknown)();
}
