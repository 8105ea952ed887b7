/**
 * The worker's side of the buffer relay: an item names a SharedArrayBuffer this worker never
 * heard announced (it began listening later), so it asks the host, which has heard every
 * announcement of the run, and blocks until the reply comes. Rare: once per buffer and worker.
 */
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { isBufferReply, type WorkerRequest } from './bootData';

/** The announcement was posted before the item was sent, so the host has it or soon will. */
const REPLY_TIMEOUT_MS = 2000;
const POLL_MS = 1;

export function askHostForBuffer(id: number): SharedArrayBuffer | undefined {
  const port = parentPort;
  if (!port) return undefined;
  port.postMessage({ type: 'buffer', id } satisfies WorkerRequest);
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + REPLY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const received = receiveMessageOnPort(port as unknown as Parameters<typeof receiveMessageOnPort>[0]);
    if (!received) {
      Atomics.wait(nap, 0, 0, POLL_MS);
      continue;
    }
    const reply: unknown = received.message;
    if (isBufferReply(reply) && reply.id === id) return reply.buffer;
  }
  return undefined;
}
