/**
 * Items that travel through queues, pipes and manager containers: structured clone, written
 * with node:v8's serializer into shared memory, as Python pickles them into a pipe.
 *
 * Shared primitives inside an item travel as references (as sharing.ts sends them); a reference
 * to a queue or pipe carries that object's own SharedArrayBuffer, and so may a user's item (in
 * arrays and plain objects). A buffer cannot be written into another buffer, nor does node:v8
 * deserialize one, so the item names it by an id and the buffer itself is
 * announced on a BroadcastChannel every live worker of the run listens to; the receiver looks
 * the id up in what it already knows, else drains the channel (the announcement was posted
 * before the item was published, so it is already queued there: receiveMessageOnPort reads it
 * synchronously, even while that worker was parked in Atomics.wait). A worker that started
 * listening after the announcement (a pool worker started while its first task was queued)
 * asks the host, which listens from the run's start (bufferRelay.ts).
 */
import { BroadcastChannel, receiveMessageOnPort } from 'node:worker_threads';
import { deserialize, serialize } from 'node:v8';
import { buffersChannelName } from './bootData';
import { askHostForBuffer } from './bufferRelay';
import { attachPrimitive, isPrimitiveRef, SharedPrimitive } from './primitive';
import { threadContext } from './threadContext';

/** Ids below this are primitive slots (a queue's buffer has its slot as id in every worker). */
const ANON_ID_BASE = 1 << 30;

const known = new Map<number, SharedArrayBuffer>();
const idOf = new WeakMap<SharedArrayBuffer, number>();
const announced = new Set<number>();
let nextAnon = 0;
let channel: BroadcastChannel | undefined;

function buffersChannel(): BroadcastChannel {
  if (!channel) {
    // One channel per run: several runs may share a process (tests), never their buffers.
    channel = new BroadcastChannel(buffersChannelName(threadContext().boot.epoch));
    // Never keeps a worker alive; messages still queue and are read with receiveMessageOnPort.
    (channel as unknown as { unref(): void }).unref();
  }
  return channel;
}

/** A primitive's own buffer, under its slot id: every worker that holds the primitive knows it. */
export function registerPrimitiveBuffer(slot: number, buffer: SharedArrayBuffer): void {
  known.set(slot, buffer);
  idOf.set(buffer, slot);
}

function idFor(buffer: SharedArrayBuffer): number {
  let id = idOf.get(buffer);
  if (id === undefined) {
    id = ANON_ID_BASE + threadContext().workerId * 0x10000 + nextAnon++;
    idOf.set(buffer, id);
    known.set(id, buffer);
  }
  return id;
}

function lookUp(id: number, what: string): SharedArrayBuffer {
  let buffer = known.get(id);
  if (buffer) return buffer;
  const port = buffersChannel() as unknown as Parameters<typeof receiveMessageOnPort>[0];
  for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
    const { id: announced, buffer: sab } = message.message as { id: number; buffer: SharedArrayBuffer };
    if (!known.has(announced)) known.set(announced, sab);
    if (!idOf.has(sab)) idOf.set(sab, announced);
  }
  buffer = known.get(id) ?? askHostForBuffer(id);
  if (buffer) {
    known.set(id, buffer);
    idOf.set(buffer, id);
    return buffer;
  }
  throw new Error(
    `Threadline: ${what} holds a queue, pipe, manager object or SharedArrayBuffer created before this worker started ` +
      'and never given to it. Pass it in the Process args (or Pool initargs) so the worker holds it from the start.',
  );
}

const BUFFER_MARK = '__threadlineBuffer';

/**
 * Copies arrays and plain objects on the way, replacing shared primitives by references and
 * SharedArrayBuffers by an id mark (node:v8 cannot deserialize a SharedArrayBuffer itself).
 */
function pack(value: unknown, path: string, what: string): unknown {
  if (typeof value === 'function') {
    throw new TypeError(
      `cannot pickle 'function' object: ${path} in ${what} is a function, which cannot be sent to another worker. ` +
        'Send data; to run code elsewhere, export the function at module level and send its name or arguments.',
    );
  }
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof SharedPrimitive) return pack(value.toReference(), path, what);
  if (value instanceof SharedArrayBuffer) {
    const id = idFor(value);
    // Once per buffer and worker: every worker alive now has it queued from then on.
    if (!announced.has(id)) {
      announced.add(id);
      buffersChannel().postMessage({ id, buffer: value });
    }
    return { [BUFFER_MARK]: id };
  }
  if (Array.isArray(value)) return value.map((item, index) => pack(item, `${path}[${index}]`, what));
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = pack(item, `${path}.${key}`, what);
    return copy;
  }
  return value;
}

/**
 * Copies arrays and plain objects back, buffer marks replaced by their buffers and, with
 * `attach`, primitive references (innermost first) by the primitives.
 */
function unpack(value: unknown, what: string, attach = true): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => unpack(item, what, attach));
  if (!isPlainObject(value)) return value;
  if (BUFFER_MARK in value) return lookUp(value[BUFFER_MARK] as number, what);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = unpack(item, what, attach);
  return attach && isPrimitiveRef(copy) ? attachPrimitive(copy) : copy;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Encodes an item. `what` names it in errors ("the item put on Queue 'tasks'"). An item that
 * cannot be cloned raises Python's pickling TypeError naming the part that failed and the fix.
 */
export function encodeItem(item: unknown, what: string): Uint8Array {
  const packed = pack(item, 'item', what);
  try {
    return serialize(packed);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TypeError(
      `cannot pickle ${what}: ${reason} Items travel to other workers by structured clone: send plain data ` +
        '(numbers, strings, arrays, plain objects, Map, Set, Date, typed arrays), not functions, symbols or objects holding them.',
    );
  }
}

export function decodeItem(bytes: Uint8Array, what: string): unknown {
  const value: unknown = deserialize(bytes);
  return typeof value === 'object' && value !== null ? unpack(value, what) : value;
}

/**
 * For other encoders of shared-primitive references (pool tasks): after toTransferable and
 * before node:v8's serialize, replaces every SharedArrayBuffer (a queue's, a pipe's or a manager
 * proxy's, inside arrays and plain objects) by an id mark; `restoreBuffers` undoes it after
 * deserialize and before fromTransferable. Without it v8.serialize refuses these references.
 */
export function markBuffers(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof SharedArrayBuffer) return pack(value, 'value', 'a message');
  if (Array.isArray(value)) return value.map(markBuffers);
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = markBuffers(item);
  return copy;
}

/**
 * Only the buffers: fromTransferable attaches the references after it, outermost first (a
 * Manager Value's reference holds its lock's, which the Value attaches itself).
 */
export function restoreBuffers(value: unknown, what: string): unknown {
  return unpack(value, what, false);
}
