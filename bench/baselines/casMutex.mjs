// Baseline: a bare compare-exchange mutex on a SharedArrayBuffer, uncontended, no tracing.
const word = new Int32Array(new SharedArrayBuffer(4));
function loop(rounds) {
  for (let i = 0; i < rounds; i++) {
    while (Atomics.compareExchange(word, 0, 0, 1) !== 0) Atomics.wait(word, 0, 1);
    Atomics.store(word, 0, 0);
    Atomics.notify(word, 0, 1);
  }
}
// The same warm-up and pause as the Lock loop's (programs/lockLoop.ts): steady state.
loop(210_000);
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
const start = performance.now();
loop(1_000_000);
console.log(`uncontended_ns=${((performance.now() - start) * 1e6) / 1_000_000}`);
