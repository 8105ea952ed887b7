// Wake latency: two workers hand the turn back and forth through two Events.
import { Event, Process, isMainProcess } from 'threadline';
import { pinThisThread } from './pinThread.mjs';

// 20 k rounds: the round trip at steady state. The first few thousand share the CPUs with the
// rest of start-up (other threads still compiling and loading), which on one CPU doubled them.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20_000);

export function pong(ping: Event, pongEvent: Event): void {
  pinThisThread(1);
  for (let i = 0; i < ROUNDS + 1; i++) {
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
  const start = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    ping.set();
    pongEvent.wait();
    pongEvent.clear();
  }
  console.log(`round_trip_us=${((performance.now() - start) * 1000) / ROUNDS}`);
  partner.join();
}
