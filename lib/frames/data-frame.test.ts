import { describe, expect, it } from 'vitest';
import { newestTime, toDataFrame, toExactNumber } from './data-frame';

describe('toExactNumber', () => {
  it.each([
    [42n, 42],
    [9007199254740993n, '9007199254740993'],
    [-9007199254740993n, '-9007199254740993'],
    ['12.340', 12.34],
    ['123456789012345678901234.5', '123456789012345678901234.5'],
    ['0.1', 0.1],
    ['00012', 12],
    [1.5, 1.5],
  ])('%s -> %s', (input, out) => {
    expect(toExactNumber(input as bigint | string | number)).toBe(out);
  });
});

describe('frames', () => {
  it('marks numeric columns carrying exact strings', () => {
    const f = toDataFrame('A', [{ name: 'n', type: 'number' }], [[1, '9007199254740993']]);
    expect(f.fields[0].exactAsString).toBe(true);
    expect(f.length).toBe(2);
  });

  it('finds the newest time across frames', () => {
    const a = toDataFrame('A', [{ name: 't', type: 'time' }], [[1, 5]]);
    const b = toDataFrame('B', [{ name: 't', type: 'time' }], [[3]]);
    expect(newestTime([a, b])).toBe(5);
    expect(newestTime([toDataFrame('C', [{ name: 'x', type: 'string' }], [['a']])])).toBeUndefined();
  });
});
