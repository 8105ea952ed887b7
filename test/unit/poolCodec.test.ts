import { strict as assert } from 'node:assert';
import { decodeValue, encodeValue } from '../../src/runtime/poolCodec';

const roundTrip = (value: unknown): unknown => decodeValue(encodeValue(value).slice());

describe('pool message codec', () => {
  it('gives arrays of numbers back exactly: int32s, doubles, -0, NaN, infinities, the int32 edges', () => {
    const ints = Array.from({ length: 5000 }, (_, i) => i * i - 1000);
    assert.deepEqual(roundTrip(ints), ints);
    const edges = [0x7fffffff, -0x80000000, 0x80000000, -0x80000001, 0.5, -0, 0, NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE];
    const back = roundTrip(edges) as number[];
    assert.equal(back.length, edges.length);
    edges.forEach((value, i) => assert.ok(Object.is(back[i], value), `${String(value)} at ${i} came back as ${String(back[i])}`));
    assert.ok(Object.is((roundTrip([1, -0, 2]) as number[])[1], -0), '-0 inside an otherwise int32 array');
  });

  it('keeps arrays that are not all numbers as they were: mixed, holes, nested, empty', () => {
    for (const value of [[1, 'two', 3], [1, undefined, 3], [1, null], [[1, 2], [3, 4]], [], [1, 2, { three: 3 }], [true, 1]]) {
      assert.deepEqual(roundTrip(value), value);
    }
    assert.deepEqual(roundTrip([1, , 3]), [1, undefined, 3], 'a hole comes back as undefined, as before');
    assert.deepEqual(roundTrip({ job: 1, items: [1, 2.5, 3], name: 'x' }), { job: 1, items: [1, 2.5, 3], name: 'x' });
  });
});
