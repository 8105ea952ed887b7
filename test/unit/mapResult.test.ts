// Pool.map's result puts its chunks back together in task order, however they come back; the
// order of arrival and the chunk count (up to one chunk per task) must not show in the list.
import { strict as assert } from 'node:assert';
import { MapResult, type ResultSource } from '../../src/runtime/asyncResult';

const settledSource: ResultSource = {
  poll: () => undefined,
  waitFor: () => assert.fail('a settled result does not wait'),
  waitForAsync: () => assert.fail('a settled result does not wait'),
};

function shuffled<T>(values: T[], seed: number): T[] {
  const out = values.slice();
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('map result', () => {
  for (const [length, chunksize] of [[10, 3], [10_000, 1], [100_000, 12_500], [1, 1]] as const) {
    it(`gives ${length} values in task order from chunks of ${chunksize} arriving in any order`, () => {
      const result = new MapResult<unknown>(settledSource, {}, length, chunksize);
      const chunks = Math.ceil(length / chunksize);
      for (const chunk of shuffled(Array.from({ length: chunks }, (_, i) => i), length)) {
        const first = chunk * chunksize;
        // Values that are arrays themselves must stay single items, not be spread into the list.
        const values = Array.from({ length: Math.min(chunksize, length - first) }, (_, i) => ((first + i) % 1000 === 0 ? [first + i] : first + i));
        assert.equal(result.ready(), false);
        result.settleChunk(chunk, true, values, undefined);
      }
      const got = result.get();
      assert.equal(got.length, length);
      for (let i = 0; i < length; i++) assert.deepEqual(got[i], i % 1000 === 0 ? [i] : i, `item ${i}`);
    });
  }

  it('fails with the first error once every chunk is back, as Python does', () => {
    const result = new MapResult<number>(settledSource, {}, 6, 2);
    result.settleChunk(1, false, { name: 'ValueError', message: 'bad item 2', stack: 'ValueError: bad item 2' }, undefined);
    result.settleChunk(0, true, [0, 1], undefined);
    assert.equal(result.ready(), false);
    result.settleChunk(2, false, { name: 'ValueError', message: 'bad item 4', stack: 'ValueError: bad item 4' }, undefined);
    assert.equal(result.successful(), false);
    assert.throws(() => result.get(), /bad item 2/);
  });

  it('is an empty list at once for no items', () => {
    assert.deepEqual(new MapResult(settledSource, {}, 0, 1).get(), []);
  });
});
