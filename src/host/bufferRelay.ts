/**
 * The host's side of the buffer relay (see src/runtime/bufferRelay.ts): listens on the run's
 * buffer channel from before the first worker starts, keeps every announced SharedArrayBuffer,
 * and answers a worker that asks for one it missed, as soon as the announcement arrives.
 */
import { BroadcastChannel, type Worker } from 'node:worker_threads';
import { buffersChannelName, type BufferReply } from '../runtime/bootData';

export class BufferRelay {
  private readonly channel: BroadcastChannel;
  private readonly buffers = new Map<number, SharedArrayBuffer>();
  private readonly waiting = new Map<number, Worker[]>();

  constructor(epoch: bigint) {
    this.channel = new BroadcastChannel(buffersChannelName(epoch));
    (this.channel as unknown as { unref(): void }).unref();
    this.channel.onmessage = (event) => {
      const { id, buffer } = (event as unknown as { readonly data: { readonly id: number; readonly buffer: SharedArrayBuffer } }).data;
      if (!this.buffers.has(id)) this.buffers.set(id, buffer);
      for (const thread of this.waiting.get(id) ?? []) this.reply(thread, id, buffer);
      this.waiting.delete(id);
    };
  }

  request(id: number, thread: Worker): void {
    const buffer = this.buffers.get(id);
    if (buffer) this.reply(thread, id, buffer);
    else this.waiting.set(id, [...(this.waiting.get(id) ?? []), thread]);
  }

  close(): void {
    this.channel.close();
    this.buffers.clear();
    this.waiting.clear();
  }

  private reply(thread: Worker, id: number, buffer: SharedArrayBuffer): void {
    thread.postMessage({ type: 'buffer', id, buffer } satisfies BufferReply);
  }
}
