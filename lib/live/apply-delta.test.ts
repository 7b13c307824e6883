import { describe, expect, it } from 'vitest';
import { applyChanges, changedRows, rowKeys, trimBefore, upsertRows } from './apply-delta';
import { toDataFrame } from '../frames/data-frame';

const cols = [{ name: 'time', type: 'time' as const }, { name: 'sensor', type: 'string' as const }, { name: 'v', type: 'number' as const }];
const frame = (rows: Array<[number, string, number]>) => toDataFrame('A', cols, [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])]);

describe('apply-delta', () => {
  it('keys rows by time and string fields', () => {
    expect(rowKeys(frame([[1, 'a', 5]]))).toEqual(['1\u0000a']);
  });

  it('finds new and changed rows only', () => {
    const prev = frame([[1, 'a', 5], [1, 'b', 6], [2, 'a', 7]]);
    const next = frame([[2, 'a', 8], [2, 'b', 1], [1, 'b', 6]]);
    const ch = changedRows(prev, next);
    expect(ch.length).toBe(2);
    expect(ch.fields[2].values).toEqual([8, 1]);
  });

  it('upserts by key and keeps time order', () => {
    const base = frame([[1, 'a', 5], [3, 'a', 7]]);
    const out = upsertRows(base, frame([[3, 'a', 9], [2, 'b', 1]]));
    expect(out.fields[0].values).toEqual([1, 2, 3]);
    expect(out.fields[2].values).toEqual([5, 1, 9]);
    expect(base.fields[2].values).toEqual([5, 7]); // input untouched
  });

  it('matches a tail against the rows from its oldest time on, wherever they sit in the frame', () => {
    const prev = frame([[1, 'a', 5], [3, 'a', 7], [2, 'b', 6], [3, 'b', 8]]); // not sorted: engine order
    const next = frame([[2, 'b', 6], [3, 'a', 9], [3, 'b', 8]]);
    expect(changedRows(prev, next).fields[2].values).toEqual([9]);
    const merged = upsertRows(prev, next);
    expect(merged.length).toBe(4);
    expect(merged.fields[2].values).toEqual([5, 9, 6, 8]);
  });

  it('compares every row when a time is missing', () => {
    const prev = frame([[1, 'a', 5], [2, 'a', 6]]);
    const next = toDataFrame('A', cols, [[null, 2], ['a', 'a'], [1, 6]]);
    expect(changedRows(prev, next).length).toBe(1);
  });

  it('replaces a frame whose columns changed', () => {
    const other = toDataFrame('A', [{ name: 'x', type: 'number' }], [[1]]);
    expect(upsertRows(frame([[1, 'a', 1]]), other)).toBe(other);
  });

  it('trims rows older than a point', () => {
    expect(trimBefore(frame([[1, 'a', 1], [2, 'a', 2], [3, 'a', 3]]), 2).fields[0].values).toEqual([2, 3]);
  });

  it('applies upsert and replace changes per refId', () => {
    const bar = toDataFrame('B', [{ name: 'city', type: 'string' }, { name: 'n', type: 'number' }], [['Lima'], [3]]);
    const bar2 = toDataFrame('B', [{ name: 'city', type: 'string' }, { name: 'n', type: 'number' }], [['Lima'], [4]]);
    const out = applyChanges([frame([[1, 'a', 1]]), bar], [
      { refId: 'A', mode: 'upsert', frame: frame([[2, 'a', 2]]) },
      { refId: 'B', mode: 'replace', frame: bar2 },
    ], 2);
    expect(out[0].fields[0].values).toEqual([2]);
    expect(out[1]).toBe(bar2);
  });
});
