// Baseline: the raw Atomics.wait/notify ping-pong between two threads (no runtime, no tracing).
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { pinThisThread } from '../programs/pinThread.mjs';

// 20 k rounds timed after the same pause and untimed rounds as the Event ping-pong
// (programs/eventPingPong.ts).
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20_000);
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP_ROUNDS ?? 20_000);
const SETTLE_MS = 500;

function roundTrips(words, rounds) {
  for (let i = 0; i < rounds; i++) {
    Atomics.store(words, 0, 1);
    Atomics.notify(words, 0);
    Atomics.wait(words, 1, 0);
    Atomics.store(words, 1, 0);
  }
}
if (isMainThread) {
  pinThisThread(0);
  const words = new Int32Array(new SharedArrayBuffer(12));
  const worker = new Worker(new URL(import.meta.url), { workerData: words });
  // Wait (without blocking the event loop) until the partner runs, however long start-up takes.
  while (Atomics.load(words, 2) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  roundTrips(words, WARMUP_ROUNDS);
  const start = performance.now();
  roundTrips(words, ROUNDS);
  console.log(`round_trip_us=${((performance.now() - start) * 1000) / ROUNDS}`);
  await worker.terminate();
} else {
  const words = workerData;
  pinThisThread(1);
  Atomics.store(words, 2, 1);
  for (let i = 0; i < WARMUP_ROUNDS + ROUNDS; i++) {
    Atomics.wait(words, 0, 0);
    Atomics.store(words, 0, 0);
    Atomics.store(words, 1, 1);
    Atomics.notify(words, 1);
  }
}
