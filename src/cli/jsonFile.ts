/**
 * Writes a value as JSON to a file piece by piece, with the text JSON.stringify(value, null,
 * space) would make: a run with millions of records makes a report or trace longer than the
 * longest string V8 can hold, so it cannot be built as one string first.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

const FLUSH_AT = 1 << 20;

export function writeJsonFile(path: string, value: unknown, space = 0): void {
  const fd = openSync(path, 'w');
  let pending = '';
  const out = (text: string) => {
    pending += text;
    if (pending.length >= FLUSH_AT) {
      writeSync(fd, pending);
      pending = '';
    }
  };
  try {
    writeValue(value, '', space, out);
    out('\n');
    writeSync(fd, pending);
  } finally {
    closeSync(fd);
  }
}

function writeValue(value: unknown, indent: string, space: number, out: (text: string) => void): void {
  const inner = indent + ' '.repeat(space);
  const open = space > 0 ? `\n${inner}` : '';
  const close = space > 0 ? `\n${indent}` : '';
  const comma = space > 0 ? `,\n${inner}` : ',';
  if (Array.isArray(value)) {
    if (value.length === 0) return out('[]');
    out(`[${open}`);
    value.forEach((item: unknown, index) => {
      if (index > 0) out(comma);
      // As JSON.stringify: what has no JSON form is null inside an array.
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') out('null');
      else writeValue(item, inner, space, out);
    });
    return out(`${close}]`);
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
    if (entries.length === 0) return out('{}');
    out(`{${open}`);
    entries.forEach(([key, item], index) => {
      if (index > 0) out(comma);
      out(`${JSON.stringify(key)}:${space > 0 ? ' ' : ''}`);
      writeValue(item, inner, space, out);
    });
    return out(`${close}}`);
  }
  out(JSON.stringify(value) ?? 'null');
}

/** Objects JSON.stringify walks key by key (not Dates or anything else with a toJSON). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}
