import { strict as assert } from 'node:assert';
import { NATIVE_ARRAY_LENGTH, decodeValue, encodeValue } from '../../src/runtime/poolCodec';

const roundTrip = (value: unknown): unknown => decodeValue(encodeValue(value).slice());

describe('pool message codec', () => {
  it('gives arrays of numbers back exactly: int32s, doubles, -0, NaN, infinities, the int32 edges', () => {
    for (const length of [NATIVE_ARRAY_LENGTH - 1, NATIVE_ARRAY_LENGTH, 5 * NATIVE_ARRAY_LENGTH]) {
      const ints = Array.from({ length }, (_, i) => i * i - 1000);
      assert.deepEqual(roundTrip(ints), ints, `${length} int32s`);
      const doubles = Array.from({ length }, (_, i) => (i % 7 === 0 ? -0 : i / 3));
      const back = roundTrip(doubles) as number[];
      assert.ok(back.length === length && doubles.every((value, i) => Object.is(back[i], value)), `${length} doubles with -0s`);
    }
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

  it('gives long arrays (sent by the native serializer) back as structured clone does, inside a message too', () => {
    const long = Array.from({ length: NATIVE_ARRAY_LENGTH + 1 }, (_, i) => [i, `item ${i}`, { i }, null, undefined, true][i % 6]);
    assert.deepEqual(roundTrip(long), long);
    const message = [7, 0, 100, 'square', 0, long, 3];
    assert.deepEqual(roundTrip(message), message);
    const holey = Array.from({ length: NATIVE_ARRAY_LENGTH }, (_, i) => i);
    delete holey[5];
    assert.ok(!(5 in (roundTrip(holey) as number[])), 'a hole stays a hole, as structured clone keeps it');
  });
});
