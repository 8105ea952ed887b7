// Bounded buffer with a Condition — beyond the seeds.
// Lesson: a producer and a consumer share a buffer of 3 slots guarded by one Condition. The
// producer waits while the buffer is full, the consumer while it is empty; each notifies the
// other after changing it. Items arrive in order and none is lost.
import { Condition, Process, SharedArray, Value, isMainProcess, sleep } from 'threadline';

const CAPACITY = 3;
const ITEMS = 10;

export function producer(cond: Condition, slots: SharedArray, head: Value, count: Value): void {
  for (let item = 0; item < ITEMS; item++) {
    cond.withLock(() => {
      if (count.value === CAPACITY) console.log('producer: buffer full, waiting');
      cond.waitFor(() => count.value < CAPACITY);
      slots[(head.value + count.value) % CAPACITY] = item;
      count.value += 1;
      cond.notifyAll();
    });
  }
}

export function consumer(cond: Condition, slots: SharedArray, head: Value, count: Value): void {
  for (let n = 0; n < ITEMS; n++) {
    const item = cond.withLock(() => {
      cond.waitFor(() => count.value > 0);
      const taken = slots[head.value] as number;
      head.value = (head.value + 1) % CAPACITY;
      count.value -= 1;
      cond.notifyAll();
      return taken;
    });
    console.log(`consumer: got ${item}`);
    sleep(50); // a slow consumer: the buffer fills up
  }
}

if (isMainProcess()) {
  const cond = new Condition();
  const slots = new SharedArray('i', CAPACITY);
  const head = new Value('i', 0);
  const count = new Value('i', 0);
  const workers = [producer, consumer].map((target) => new Process({ target, name: target.name, args: [cond, slots, head, count] }));
  for (const w of workers) w.start();
  for (const w of workers) w.join();
  console.log('buffer drained');
}
