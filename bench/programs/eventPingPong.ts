// Wake latency: two workers hand the turn back and forth through two Events.
import { Event, Process, isMainProcess, sleep } from 'threadline';
import { pinThisThread } from './pinThread.mjs';

// 20 k rounds timed after 20 k untimed ones and a pause: the round trip at steady state. Right
// after start-up the CPUs are shared with the host starting its reserve of threads (60–100 ms
// of CPU each) and with the host and CLI compiling their hot paths, which on one CPU made the
// first 20 k rounds 1.6–2× slower. The raw baseline does the same.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20_000);
const WARMUP_ROUNDS = Number(process.env.BENCH_WARMUP_ROUNDS ?? 20_000);
const SETTLE_MS = 500;

export function pong(ping: Event, pongEvent: Event): void {
  pinThisThread(1);
  for (let i = 0; i < WARMUP_ROUNDS + ROUNDS + 1; i++) {
    ping.wait();
    ping.clear();
    pongEvent.set();
  }
}

if (isMainProcess()) {
  pinThisThread(0);
  const ping = new Event();
  const pongEvent = new Event();
  const partner = new Process({ target: pong, args: [ping, pongEvent] });
  partner.start();
  // One untimed round first: the clock starts once the partner runs, as in the raw Atomics
  // baseline (which waits for its worker), so the figure is the round trip, not start-up.
  ping.set();
  pongEvent.wait();
  pongEvent.clear();
  sleep(SETTLE_MS);
  for (let i = 0; i < WARMUP_ROUNDS; i++) {
    ping.set();
    pongEvent.wait();
    pongEvent.clear();
  }
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    ping.set();
    pongEvent.wait();
    pongEvent.clear();
  }
  console.log(`round_trip_us=${((performance.now() - start) * 1000) / ROUNDS}`);
  partner.join();
}
