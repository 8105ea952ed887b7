/**
 * What may cross to another worker, and how. Shared primitives travel as references (their
 * arena slot); everything else must survive structured clone, as Python requires pickling.
 */
import { RuntimeError } from './errors';
import { attachPrimitive, isPrimitiveRef, SharedPrimitive } from './primitive';

/**
 * How a value reaches the other worker. 'inheritance': when the worker is created (Process
 * args, Pool initargs), where any shared primitive may go. 'task': inside a pool task's
 * arguments, where Python allows only Manager proxies.
 */
export type SharingMode = 'inheritance' | 'task';

/** Replaces shared primitives (also inside arrays and plain objects) by references. */
export function toTransferable(value: unknown, path: string, mode: SharingMode = 'inheritance'): unknown {
  if (value instanceof SharedPrimitive) {
    if (mode === 'task' && !value.shareableInTasks) throw inheritanceOnly(value, path);
    return value.toReference();
  }
  if (typeof value === 'function') {
    throw new TypeError(
      `cannot pickle '${value.name || 'function'}' object: ${path} is a function, which cannot be sent to another worker. ` +
        'Pass data, or export the function at module level and call it by name in the target.',
    );
  }
  if (Array.isArray(value)) return value.map((item, index) => toTransferable(item, `${path}[${index}]`, mode));
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = toTransferable(item, `${path}.${key}`, mode);
    return copy;
  }
  return value;
}

/** Python's text, then what it means here and the two ways out. */
function inheritanceOnly(primitive: SharedPrimitive, path: string): RuntimeError {
  const kind = primitive.constructor.name === 'SharedArray' ? 'Array' : primitive.constructor.name;
  return new RuntimeError(
    `${kind} objects should only be shared between processes through inheritance ` +
      `(${path} is the ${kind} '${primitive.name}', passed in a pool task's arguments). ` +
      `Either give it to the workers when they start: new Pool(n, { initializer, initargs: [${primitive.name}] }) ` +
      `with an initializer that stores it in a module-level variable the task reads; ` +
      `or create it with a Manager (manager.${kind}()), whose proxies may be passed to tasks.`,
  );
}

/** The inverse of toTransferable, in the receiving worker. */
export function fromTransferable(value: unknown): unknown {
  if (isPrimitiveRef(value)) return attachPrimitive(value);
  if (Array.isArray(value)) return value.map(fromTransferable);
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = fromTransferable(item);
    return copy;
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Why an argument list could not be sent to a worker, naming the first argument that fails
 * structured clone (Python: "cannot pickle …") and the fix.
 */
export function describeUnclonable(args: readonly unknown[], error: unknown): string {
  for (let index = 0; index < args.length; index++) {
    try {
      structuredClone(toTransferable(args[index], `args[${index}]`));
    } catch (cause) {
      const what = cause instanceof Error ? cause.message : String(cause);
      return `cannot send args[${index}] to the new worker (${what}). Arguments are copied by structured clone, as Python pickles them: pass plain data (objects, arrays, numbers, strings, Maps, typed arrays) or shared primitives.`;
    }
  }
  return `cannot send its arguments to the new worker (${error instanceof Error ? error.message : String(error)}).`;
}
