/**
 * A compact binary encoding for pool messages. Tiny tasks are the common case and node:v8's
 * serializer costs several µs per message, which would dominate them; this handles plain data
 * (numbers, strings, booleans, null/undefined, arrays, plain objects) directly and hands
 * anything else (Map, Date, typed arrays, bigint, cycles…) to node:v8 as an embedded blob, so
 * the result is still structured clone.
 */
import { deserialize, serialize } from 'node:v8';

const enum Tag {
  undefined = 0,
  null = 1,
  false = 2,
  true = 3,
  int32 = 4,
  float64 = 5,
  string = 6,
  array = 7,
  object = 8,
  v8 = 9,
  /** An array of numbers that are all int32 (not -0): a length, then 4 bytes each. */
  int32Array = 10,
  /** An array of numbers, some not int32: a length, then 8 bytes each. */
  float64Array = 11,
}

/** Deeper than this, a value goes through node:v8 (which also handles cycles). */
const MAX_DEPTH = 16;

/**
 * Arrays this long go through node:v8 whole. Its serializer is native, so it costs the same
 * ~20 ns (encode) and ~50 ns (decode) an element on a thread's first big map as on its
 * hundredth, where a JS loop over a chunk the JIT has not optimised yet costs 150–300 ns an
 * element each way; and a default-chunksize map is a handful of such chunks per thread, all of
 * them cold. Below this, the fixed cost of a node:v8 call (µs) is what matters.
 */
export const NATIVE_ARRAY_LENGTH = 2048;

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder();

class Writer {
  bytes = new Uint8Array(4096);
  view = new DataView(this.bytes.buffer);
  length = 0;

  reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }

  u8(value: number): void {
    this.reserve(1);
    this.bytes[this.length++] = value;
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  value(value: unknown, depth: number): void {
    switch (typeof value) {
      case 'undefined':
        return this.u8(Tag.undefined);
      case 'boolean':
        return this.u8(value ? Tag.true : Tag.false);
      case 'number':
        if ((value | 0) === value && !Object.is(value, -0)) {
          this.reserve(5);
          this.bytes[this.length] = Tag.int32;
          this.view.setInt32(this.length + 1, value, true);
          this.length += 5;
        } else {
          this.reserve(9);
          this.bytes[this.length] = Tag.float64;
          this.view.setFloat64(this.length + 1, value, true);
          this.length += 9;
        }
        return;
      case 'string': {
        this.reserve(5 + value.length * 3);
        this.bytes[this.length] = Tag.string;
        const written = textEncoder.encodeInto(value, this.bytes.subarray(this.length + 5)).written;
        this.view.setUint32(this.length + 1, written, true);
        this.length += 5 + written;
        return;
      }
      case 'object':
        if (value === null) return this.u8(Tag.null);
        if (depth < MAX_DEPTH) {
          if (Array.isArray(value) && Object.getPrototypeOf(value) === Array.prototype) {
            if (value.length >= NATIVE_ARRAY_LENGTH) return this.blob(value);
            if (this.numbers(value)) return;
            this.u8(Tag.array);
            this.u32(value.length);
            for (let i = 0; i < value.length; i++) this.value(value[i], depth + 1);
            return;
          }
          const proto = Object.getPrototypeOf(value);
          if (proto === Object.prototype || proto === null) {
            const keys = Object.keys(value);
            this.u8(Tag.object);
            this.u32(keys.length);
            for (const key of keys) {
              this.value(key, depth + 1);
              this.value((value as Record<string, unknown>)[key], depth + 1);
            }
            return;
          }
        }
        return this.blob(value);
      default:
        return this.blob(value);
    }
  }

  /**
   * An array of numbers only (a map's items and results, usually) in one tight loop each way
   * instead of a tagged value per element; false, having written nothing, for any other array.
   */
  private numbers(values: readonly unknown[]): boolean {
    const count = values.length;
    let ints = true;
    for (let i = 0; i < count; i++) {
      const value = values[i];
      if (typeof value !== 'number') return false;
      if (ints && ((value | 0) !== value || (value === 0 && 1 / value < 0))) ints = false;
    }
    this.reserve(5 + count * (ints ? 4 : 8));
    const view = this.view;
    this.bytes[this.length] = ints ? Tag.int32Array : Tag.float64Array;
    view.setUint32(this.length + 1, count, true);
    let at = this.length + 5;
    if (ints) for (let i = 0; i < count; i++, at += 4) view.setInt32(at, values[i] as number, true);
    else for (let i = 0; i < count; i++, at += 8) view.setFloat64(at, values[i] as number, true);
    this.length = at;
    return true;
  }

  private blob(value: unknown): void {
    const bytes = serialize(value);
    this.u8(Tag.v8);
    this.u32(bytes.length);
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }
}

const writer = new Writer();

/** Encodes `value`; the returned view is valid until the next call (copy it, or write it out). */
export function encodeValue(value: unknown): Uint8Array {
  writer.length = 0;
  writer.value(value, 0);
  return writer.bytes.subarray(0, writer.length);
}

export function decodeValue(bytes: Uint8Array): unknown {
  const reader = { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), at: 0 };
  return read(reader);
}

interface Reader {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  at: number;
}

function read(r: Reader): unknown {
  const tag = r.bytes[r.at++] as Tag;
  switch (tag) {
    case Tag.undefined:
      return undefined;
    case Tag.null:
      return null;
    case Tag.false:
      return false;
    case Tag.true:
      return true;
    case Tag.int32: {
      const value = r.view.getInt32(r.at, true);
      r.at += 4;
      return value;
    }
    case Tag.float64: {
      const value = r.view.getFloat64(r.at, true);
      r.at += 8;
      return value;
    }
    case Tag.string: {
      const length = r.view.getUint32(r.at, true);
      r.at += 4;
      const text = textDecoder.decode(r.bytes.subarray(r.at, r.at + length));
      r.at += length;
      return text;
    }
    case Tag.array: {
      const length = r.view.getUint32(r.at, true);
      r.at += 4;
      const items = new Array<unknown>(length);
      for (let i = 0; i < length; i++) items[i] = read(r);
      return items;
    }
    case Tag.int32Array:
    case Tag.float64Array: {
      const count = r.view.getUint32(r.at, true);
      const view = r.view;
      // Pushed, not preallocated: new Array(n) past about 100 k elements is a slow dictionary.
      const items: number[] = [];
      let at = r.at + 4;
      if (tag === Tag.int32Array) for (let i = 0; i < count; i++, at += 4) items.push(view.getInt32(at, true));
      else for (let i = 0; i < count; i++, at += 8) items.push(view.getFloat64(at, true));
      r.at = at;
      return items;
    }
    case Tag.object: {
      const count = r.view.getUint32(r.at, true);
      r.at += 4;
      const object: Record<string, unknown> = {};
      for (let i = 0; i < count; i++) {
        const key = read(r) as string;
        object[key] = read(r);
      }
      return object;
    }
    case Tag.v8: {
      const length = r.view.getUint32(r.at, true);
      r.at += 4;
      const value = deserialize(r.bytes.subarray(r.at, r.at + length));
      r.at += length;
      return value;
    }
    default:
      throw new Error(`Threadline: corrupt pool message (tag ${tag as number})`);
  }
}
