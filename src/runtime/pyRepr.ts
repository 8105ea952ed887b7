/**
 * Python's repr() for the values manager proxies hold, so `console.log(sharedList)` prints
 * `[0, 1, 4, 9, 16]` as Python's print does, and a dict prints `{'a': 1}`.
 */
export function pyRepr(value: unknown, seen = new Set<unknown>()): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'nan' : value > 0 ? 'inf' : '-inf';
  if (typeof value === 'bigint') return String(value);
  if (typeof value !== 'object') return String(value);
  if (seen.has(value)) return Array.isArray(value) ? '[...]' : '{...}';
  seen.add(value);
  try {
    if (Array.isArray(value)) return `[${value.map((item) => pyRepr(item, seen)).join(', ')}]`;
    if (value instanceof Map) return `{${[...value].map(([k, v]) => `${pyRepr(k, seen)}: ${pyRepr(v, seen)}`).join(', ')}}`;
    if (value instanceof Set) return value.size === 0 ? 'set()' : `{${[...value].map((item) => pyRepr(item, seen)).join(', ')}}`;
    if (typeof (value as { toString?: unknown }).toString === 'function' && Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
      return String(value);
    }
    return `{${Object.entries(value).map(([k, v]) => `${quote(k)}: ${pyRepr(v, seen)}`).join(', ')}}`;
  } finally {
    seen.delete(value);
  }
}

function quote(text: string): string {
  const useDouble = text.includes("'") && !text.includes('"');
  const q = useDouble ? '"' : "'";
  const body = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
  return q + (useDouble ? body : body.replace(/'/g, "\\'")) + q;
}
