/**
 * What may cross to another worker, and how. Shared primitives travel as references (their
 * arena slot); everything else must survive structured clone, as Python requires pickling.
 */
import { attachPrimitive, isPrimitiveRef, SharedPrimitive } from './primitive';

/** Replaces shared primitives (also inside arrays and plain objects) by references. */
export function toTransferable(value: unknown, path: string): unknown {
  if (value instanceof SharedPrimitive) return value.toReference();
  if (typeof value === 'function') {
    throw new TypeError(
      `cannot pickle '${value.name || 'function'}' object: ${path} is a function, which cannot be sent to another worker. ` +
        'Pass data, or export the function at module level and call it by name in the target.',
    );
  }
  if (Array.isArray(value)) return value.map((item, index) => toTransferable(item, `${path}[${index}]`));
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = toTransferable(item, `${path}.${key}`);
    return copy;
  }
  return value;
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
