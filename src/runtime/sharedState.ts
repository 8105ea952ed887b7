/**
 * What Value and Array share: Python's typecodes (ctypes on 64-bit Linux) mapped to typed
 * arrays over shared memory, the lock option, and the errors Python raises on misuse.
 */
import { Lock } from './lock';
import { attachPrimitive, type PrimitiveRef } from './primitive';
import { RLock } from './rlock';

/** Python's typecodes: 'c' is one byte as a 1-character string, 'u' one code point. */
export type Typecode = 'c' | 'u' | 'b' | 'B' | 'h' | 'H' | 'i' | 'I' | 'l' | 'L' | 'q' | 'Q' | 'f' | 'd';

type Cells = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;
type CellsConstructor = { new (buffer: SharedArrayBuffer, byteOffset: number, length: number): Cells; readonly BYTES_PER_ELEMENT: number };

interface TypeInfo {
  readonly cells: CellsConstructor;
  readonly kind: 'int' | 'bigint' | 'float' | 'char';
  /** Python's ctypes name, for error messages. */
  readonly ctype: string;
}

const TYPES: Record<Typecode, TypeInfo> = {
  c: { cells: Uint8Array, kind: 'char', ctype: 'c_char' },
  u: { cells: Uint32Array, kind: 'char', ctype: 'c_wchar' },
  b: { cells: Int8Array, kind: 'int', ctype: 'c_byte' },
  B: { cells: Uint8Array, kind: 'int', ctype: 'c_ubyte' },
  h: { cells: Int16Array, kind: 'int', ctype: 'c_short' },
  H: { cells: Uint16Array, kind: 'int', ctype: 'c_ushort' },
  i: { cells: Int32Array, kind: 'int', ctype: 'c_int' },
  I: { cells: Uint32Array, kind: 'int', ctype: 'c_uint' },
  // c_long is 64 bits on Linux and macOS, as these typecodes are in CPython there.
  l: { cells: BigInt64Array, kind: 'bigint', ctype: 'c_long' },
  L: { cells: BigUint64Array, kind: 'bigint', ctype: 'c_ulong' },
  q: { cells: BigInt64Array, kind: 'bigint', ctype: 'c_longlong' },
  Q: { cells: BigUint64Array, kind: 'bigint', ctype: 'c_ulonglong' },
  f: { cells: Float32Array, kind: 'float', ctype: 'c_float' },
  d: { cells: Float64Array, kind: 'float', ctype: 'c_double' },
};

export function typeInfo(typecode: string): TypeInfo {
  const info = (TYPES as Record<string, TypeInfo | undefined>)[typecode];
  if (!info) throw new TypeError(`bad typecode '${typecode}' (must be one of ${Object.keys(TYPES).join(', ')})`);
  return info;
}

export function itemBytes(typecode: Typecode): number {
  return TYPES[typecode].cells.BYTES_PER_ELEMENT;
}

/** A typed-array view of `length` items of `typecode` at `byteOffset` of `buffer`. */
export function cellsOf(typecode: Typecode, buffer: SharedArrayBuffer, byteOffset: number, length: number): Cells {
  return new TYPES[typecode].cells(buffer, byteOffset, length);
}

/**
 * Reads one item as the user sees it: a number (64-bit integers too: exact up to 2^53), or a
 * 1-character string for 'c' and 'u'. Plain (non-atomic) access: the lock orders it, as in Python.
 */
export function readCell(typecode: Typecode, cells: Cells, index: number): number | string {
  const raw = cells[index]!;
  const { kind } = TYPES[typecode];
  if (kind === 'char') return String.fromCodePoint(Number(raw));
  return typeof raw === 'bigint' ? Number(raw) : raw;
}

/** Writes one item, refusing what ctypes refuses (a float into an integer, a long string into a char). */
export function writeCell(typecode: Typecode, cells: Cells, index: number, value: unknown): void {
  const { kind, ctype } = TYPES[typecode];
  if (kind === 'char') {
    const code = typeof value === 'string' && [...value].length === 1 ? value.codePointAt(0)! : -1;
    if (code < 0 || (typecode === 'c' && code > 0xff)) {
      throw new TypeError(`${ctype} expects one ${typecode === 'c' ? 'byte (a 1-character string, code < 256)' : 'character'}, got ${JSON.stringify(value)}`);
    }
    cells[index] = code;
    return;
  }
  if (typeof value === 'bigint' && kind !== 'float') {
    if (kind === 'bigint') (cells as BigInt64Array)[index] = value;
    else (cells as Int32Array)[index] = Number(BigInt.asIntN(64, value));
    return;
  }
  if (typeof value !== 'number') throw new TypeError(`${ctype} expects a number, got ${typeof value}`);
  if (kind === 'float') {
    (cells as Float64Array)[index] = value;
    return;
  }
  if (!Number.isInteger(value)) throw new TypeError(`int expected instead of float (${value} for a ${ctype})`);
  // Out-of-range integers wrap, as ctypes does.
  if (kind === 'bigint') (cells as BigInt64Array)[index] = BigInt(value);
  else (cells as Int32Array)[index] = value;
}

/** Python's `lock=` argument: true (default) makes an RLock, false none, or the lock to use. */
export type LockOption = boolean | Lock | RLock;

export function makeLock(option: LockOption | undefined, ownerName: string): Lock | RLock | undefined {
  if (option === false) return undefined;
  if (option === undefined || option === true) return new RLock({ name: `${ownerName}.lock` });
  if (option instanceof Lock || option instanceof RLock) return option;
  throw new TypeError(`lock must be true, false, a Lock or an RLock`);
}

export function attachLock(ref: PrimitiveRef | undefined): Lock | RLock | undefined {
  return ref ? (attachPrimitive(ref) as Lock | RLock) : undefined;
}

/** What `getLock()` and friends raise on a raw (lock: false) Value or Array, as Python's AttributeError does. */
export function noLock(kind: string, name: string, method: string): AttributeError {
  return new AttributeError(
    `'${kind}' object has no attribute '${method}': '${name}' was created with { lock: false } (a raw shared object). ` +
      'Create it with the default lock, or guard it with a Lock of your own.',
  );
}

/** Python's AttributeError. */
export class AttributeError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = 'AttributeError';
  }
}

