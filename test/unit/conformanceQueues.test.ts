// Conformance: Queue, JoinableQueue, SimpleQueue, Pipe and Manager, with Python's behaviours
// (ported from CPython's Lib/test/_test_multiprocessing.py: _TestQueue, _TestSimpleQueue,
// _TestConnection, _TestContainers), run as real programs under the real host.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import type { RunModel } from '../../src/model/runModel';
import { outputText, programPath, runProgram, workerNamed } from './support/runProgram';

/** The 1-based line of the fixture that contains `text` (so edits to a fixture keep tests true). */
function lineOf(program: string, text: string): number {
  const index = readFileSync(programPath(program), 'utf8').split('\n').findIndex((line) => line.includes(text));
  assert.ok(index >= 0, `${program} contains ${text}`);
  return index + 1;
}

function primitiveNamed(model: RunModel, name: string) {
  const found = [...model.primitives.values()].find((p) => p.name === name);
  assert.ok(found, `primitive ${name}; have ${[...model.primitives.values()].map((p) => p.name).join(', ')}`);
  return found;
}

describe('conformance: queues, pipes and the Manager', function () {
  this.slow(3000);

  it('Queue: Empty/Full with block=false and timeouts, sizes, FIFO per producer, big and unclonable items', async () => {
    const { model, end } = await runProgram(programPath('queue-basics.ts'));
    const lines = outputText(model);
    assert.equal(end.exitCode, 0, lines.join('\n'));
    assert.deepEqual(lines, [
      'qsize=2 full=true empty=false maxsize=2',
      'put(block=false): Full waited>=25=false',
      'put(timeout=30): Full waited>=25=true',
      'got 1 2 empty=true',
      'get(block=false): Empty waited>=25=false',
      'get(timeout=30): Empty waited>=25=true',
      'Empty is Empty: true, Full is Full: true',
      "TypeError: cannot pickle 'function' object: item.callback in the item put on Queue 'q' is a function, which cannot be sent to another worker. " +
        'Send data; to run code elsewhere, export the function at module level and send its name or arguments.',
      'a in order: a0,a1,a2,a3,a4',
      'b in order: b0,b1,b2,b3,b4',
      'late item: late 1+2 1',
      'roomy in order: true count=55',
      'huge item: ValueError',
      'put after close: ValueError waited>=25=false',
      'done',
    ]);
    const q = primitiveNamed(model, 'q');
    assert.equal(q.kind, 'queue');
    assert.equal(primitiveNamed(model, 'bounded').kind, 'queue');
    // The timed put and get on `bounded` are waits with their timeouts, ended by timeout.
    const main = workerNamed(model, 'MainProcess');
    const boundedWaits = main.states.filter((s) => s.on === primitiveNamed(model, 'bounded').id);
    assert.deepEqual(boundedWaits.map((s) => [s.wait, s.timeoutMs]), [['put', 30], ['get', 30]]);
    // The blocked get on the site's line is woken by latePutter's put, named exactly.
    const late = workerNamed(model, 'Process-3');
    const getWait = main.states.find((s) => s.wait === 'get' && s.site?.line === lineOf('queue-basics.ts', 'const item = q.get()'));
    assert.ok(getWait, 'the blocked get carries its line');
    const wake = model.wakes.find((w) => w.waiter === main.id && w.primitive === q.id && w.at === getWait.to);
    assert.ok(wake, 'the get was woken');
    assert.equal(wake.by, late.id);
    assert.equal(wake.op, 'put');
    const put = q.ops.find((o) => o.worker === late.id && o.seq === wake.opSeq);
    assert.ok(put, 'the wake names the very put');
    assert.equal(wake.opAt, put.at);
    assert.ok(q.ops.some((o) => o.op === 'get' && o.worker === main.id));
    assert.ok(q.ops.some((o) => o.op === 'close'));
  });

  it('JoinableQueue taskDone/join and the too-many ValueError; a full put woken by a get; SimpleQueue', async () => {
    const { model, end } = await runProgram(programPath('queue-joinable.ts'));
    const lines = outputText(model);
    assert.equal(end.exitCode, 0, lines.join('\n'));
    assert.deepEqual(lines, [
      'joined: 1,4,9,16 unfinished none',
      'ValueError: task_done() called too many times',
      'bounded: second qsize=0',
      'simple empty=true',
      'echo hi',
      'OSError: handle is closed',
    ]);
    const tasks = primitiveNamed(model, 'tasks');
    assert.equal(tasks.kind, 'joinableQueue');
    assert.equal(tasks.ops.filter((o) => o.op === 'taskDone').length, 6, 'four items and two pills');
    const main = workerNamed(model, 'MainProcess');
    const join = main.states.find((s) => s.wait === 'queueJoin');
    assert.ok(join, 'main waited in join()');
    assert.equal(join.site?.line, lineOf('queue-joinable.ts', 'tasks.join()'));
    const joinWake = model.wakes.find((w) => w.waiter === main.id && w.primitive === tasks.id);
    assert.ok(joinWake);
    assert.equal(joinWake.op, 'taskDone');
    assert.ok(['Process-1', 'Process-2'].includes(model.workers.get(joinWake.by)!.name), 'a consumer ended the join');
    const putWait = main.states.find((s) => s.wait === 'put');
    assert.ok(putWait, 'the put on the full queue waited');
    assert.equal(putWait.site?.line, lineOf('queue-joinable.ts', "full.put('second')"));
    const putWake = model.wakes.find((w) => w.waiter === main.id && w.op === 'get');
    assert.ok(putWake, 'woken by the drainer’s get');
    assert.equal(model.workers.get(putWake.by)!.name, 'Process-3');
    assert.equal(primitiveNamed(model, 'inbox').kind, 'simpleQueue');
  });

  it('Pipe: duplex send/recv, poll with timeout, EOFError after close, one-way ends; recv wakes name the sender', async () => {
    const { model, end } = await runProgram(programPath('pipe-basics.ts'));
    const lines = outputText(model);
    assert.equal(end.exitCode, 0, lines.join('\n'));
    assert.deepEqual(lines, [
      'poll() empty: false',
      'poll(30): false waited>=25=true',
      'reply: ping-pong',
      'poll(null): true',
      'last: {"last":true}',
      'after close: EOFError',
      'send to closed: BrokenPipeError',
      'one-way: r=true/false s=false/true',
      'send on receive end: OSError: connection is read-only',
      'recv on send end: OSError: connection is write-only',
      'one-way got: [1,2,3]',
      'closed=true',
    ]);
    const parentConn = primitiveNamed(model, 'parentConn');
    const childConn = primitiveNamed(model, 'childConn');
    assert.equal(parentConn.kind, 'pipe');
    assert.equal(primitiveNamed(model, 'receiveEnd').kind, 'pipe');
    const main = workerNamed(model, 'MainProcess');
    const child = workerNamed(model, 'Process-1');
    const polled = main.states.find((s) => s.wait === 'recv' && s.timeoutMs === 30);
    assert.ok(polled, 'poll(30) is a timed wait');
    const recvWait = main.states.find((s) => s.wait === 'recv' && s.site?.line === lineOf('pipe-basics.ts', 'const reply = parentConn.recv()'));
    assert.ok(recvWait, 'the blocked recv carries its line');
    const wake = model.wakes.find((w) => w.waiter === main.id && w.primitive === parentConn.id && w.at === recvWait.to);
    assert.ok(wake);
    assert.equal(wake.by, child.id);
    assert.equal(wake.op, 'send');
    assert.ok(childConn.ops.some((o) => o.op === 'send' && o.seq === wake.opSeq && o.worker === child.id));
    assert.ok(childConn.ops.some((o) => o.op === 'close'));
  });

  it("Manager: seed 002's shared list, dict and Namespace across processes, proxies marked shareable, shutdown", async () => {
    const { model, end } = await runProgram(programPath('manager-list.ts'));
    const lines = outputText(model);
    assert.equal(end.exitCode, 0, lines.join('\n'));
    assert.deepEqual(lines, [
      'Updated shared list: [0, 1, 4, 9, 16]',
      'pop=36 pop(0)=-1 len=6 last=25',
      'index(9)=3 count(0)=1 includes(16)=true iter=0 1 4 9 16 25',
      '[0, 1, 4, 9, 16]',
      'dict: true ab=2 cde=3 has(ab)=true len=4 keys=ab,cde,seed,zz',
      'ns.title=start ns.last in [ab,cde]=true',
      // Manager proxies may be passed to pool tasks, unlike plain primitives.
      'proxies shareable: true true true true',
      'copies are copies: 5',
      'after shutdown: RuntimeError',
    ]);
    assert.equal(primitiveNamed(model, 'myList').kind, 'managedList');
    assert.equal(primitiveNamed(model, 'counts').kind, 'managedDict');
    assert.equal(primitiveNamed(model, 'ns').kind, 'namespace');
    assert.equal(primitiveNamed(model, 'ready').kind, 'event');
    assert.equal(primitiveNamed(model, 'myList').ops.filter((o) => o.op === 'put').length >= 5, true, 'each write is traced');
  });

  it('every Manager proxy (Value, Array, Condition, Barrier, list, dict, Namespace, Queue, JoinableQueue, RLock, BoundedSemaphore) works in pool tasks; plain ones refused there', async () => {
    const { model, end } = await runProgram(programPath('manager-proxies.ts'));
    const lines = outputText(model);
    assert.equal(end.exitCode, 0, lines.join('\n'));
    assert.deepEqual(lines, [
      'array: 0,10,20,30 length 4 last 30',
      'value: 4',
      'list 0,1,2,3 dict 4 ns 4 queue 0,1,2,3 array 1,11,21,31',
      'rlock, bounded, joinable: job depth 2',
      'barrier indices: 0,1 parties 2 broken false',
      'condition: go,go',
      'shareable: true,true,true,true',
      ...['Value', 'Array', 'Condition', 'Barrier'].map((kind) => `plain ${kind}: RuntimeError: ${kind} objects should only be shared between processes through inheritance`),
    ]);
    assert.equal(primitiveNamed(model, 'total').kind, 'value');
    assert.equal(primitiveNamed(model, 'slots').kind, 'array');
    assert.equal(primitiveNamed(model, 'barrier').kind, 'barrier');
    assert.equal(primitiveNamed(model, 'cond').kind, 'condition');
    assert.ok(model.tasks.filter((t) => t.fn === 'meet').every((t) => t.ok), 'the barrier tasks succeeded');
  });
});
