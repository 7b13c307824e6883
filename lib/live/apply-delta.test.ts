import { describe, expect, it } from 'vitest';
import { applyChanges, changedRows, diffRange, replaceRange, rowKeys, upsertRows } from './apply-delta';
import { toDataFrame } from '../frames/data-frame';

const cols = [
  { name: 'time', type: 'time' as const },
  { name: 'sensor', type: 'string' as const },
  { name: 'v', type: 'number' as const },
];
const frame = (rows: Array<[number, string, number]>) =>
  toDataFrame('A', cols, [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])]);

describe('apply-delta', () => {
  it('keys rows by time and string fields', () => {
    expect(rowKeys(frame([[1, 'a', 5]]))).toEqual(['1\u0000a']);
  });

  it('finds new and changed rows only', () => {
    const prev = frame([
      [1, 'a', 5],
      [1, 'b', 6],
      [2, 'a', 7],
    ]);
    const next = frame([
      [2, 'a', 8],
      [2, 'b', 1],
      [1, 'b', 6],
    ]);
    const ch = changedRows(prev, next);
    expect(ch.length).toBe(2);
    expect(ch.fields[2].values).toEqual([8, 1]);
  });

  it('upserts by key and keeps time order', () => {
    const base = frame([
      [1, 'a', 5],
      [3, 'a', 7],
    ]);
    const out = upsertRows(
      base,
      frame([
        [3, 'a', 9],
        [2, 'b', 1],
      ]),
    );
    expect(out.fields[0].values).toEqual([1, 2, 3]);
    expect(out.fields[2].values).toEqual([5, 1, 9]);
    expect(base.fields[2].values).toEqual([5, 7]); // input untouched
  });

  it('matches a tail against the rows from its oldest time on, wherever they sit in the frame', () => {
    const prev = frame([
      [1, 'a', 5],
      [3, 'a', 7],
      [2, 'b', 6],
      [3, 'b', 8],
    ]); // not sorted: engine order
    const next = frame([
      [2, 'b', 6],
      [3, 'a', 9],
      [3, 'b', 8],
    ]);
    expect(changedRows(prev, next).fields[2].values).toEqual([9]);
    const merged = upsertRows(prev, next);
    expect(merged.length).toBe(4);
    expect(merged.fields[2].values).toEqual([5, 9, 6, 8]);
  });

  it('compares every row when a time is missing', () => {
    const prev = frame([
      [1, 'a', 5],
      [2, 'a', 6],
    ]);
    const next = toDataFrame('A', cols, [
      [null, 2],
      ['a', 'a'],
      [1, 6],
    ]);
    expect(changedRows(prev, next).length).toBe(1);
  });

  it('replaces a frame whose columns changed', () => {
    const other = toDataFrame('A', [{ name: 'x', type: 'number' }], [[1]]);
    expect(upsertRows(frame([[1, 'a', 1]]), other)).toBe(other);
  });

  it('replaces the rows of a time range, keeping the frame in time order', () => {
    const base = frame([
      [1, 'a', 1],
      [2, 'a', 2],
      [3, 'a', 3],
      [4, 'a', 4],
    ]);
    expect(replaceRange(base, frame([[2, 'b', 9]]), 2, 4).fields[1].values).toEqual(['a', 'b', 'a']);
    expect(replaceRange(base, frame([]), undefined, 3).fields[0].values).toEqual([3, 4]); // rows before 3 drop out
    expect(
      replaceRange(
        base,
        frame([
          [3, 'a', 7],
          [5, 'a', 5],
        ]),
        3,
      ).fields[2].values,
    ).toEqual([1, 2, 7, 5]);
    const whole = frame([
      [9, 'z', 9],
      [8, 'z', 8],
    ]);
    expect(replaceRange(base, whole)).toBe(whole); // no bounds: the rows as the engine returned them
  });

  it('diffs a re-read range: only new and changed rows when keys are unique and nothing disappeared', () => {
    const cur = frame([
      [1, 'a', 1],
      [2, 'a', 2],
      [2, 'b', 5],
      [3, 'a', 3],
    ]);
    expect(
      diffRange(
        cur,
        frame([
          [2, 'a', 2],
          [2, 'b', 5],
          [3, 'a', 3],
        ]),
        2,
      ),
    ).toBeUndefined();
    const up = diffRange(
      cur,
      frame([
        [2, 'a', 2],
        [2, 'b', 6],
        [3, 'a', 3],
        [4, 'a', 1],
      ]),
      2,
    );
    expect(up).toMatchObject({ mode: 'upsert' });
    expect(up && up.frame.fields[2].values).toEqual([6, 1]);
  });

  it('sends the whole range when a row disappeared, keys repeat, or the frame is not in time order', () => {
    const cur = frame([
      [1, 'a', 1],
      [2, 'a', 2],
      [2, 'b', 5],
    ]);
    expect(diffRange(cur, frame([[2, 'a', 2]]), 2)).toMatchObject({ mode: 'range', from: 2 });
    expect(
      diffRange(
        cur,
        frame([
          [2, 'a', 2],
          [2, 'a', 3],
          [2, 'b', 5],
        ]),
        2,
      ),
    ).toMatchObject({ mode: 'range' });
    expect(
      diffRange(
        frame([
          [3, 'a', 1],
          [1, 'a', 1],
        ]),
        frame([
          [3, 'a', 2],
          [1, 'a', 1],
        ]),
      ),
    ).toMatchObject({ mode: 'range' });
    expect(diffRange(cur, frame([[1, 'a', 1]]), undefined, 2)).toBeUndefined(); // the head: nothing before 2 changed
    expect(diffRange(cur, frame([]), undefined, 2)).toMatchObject({ mode: 'range', to: 2 }); // rows before 2 fall out
  });

  it('refuses to merge rows outside the range read or with other columns', () => {
    const cur = frame([
      [1, 'a', 1],
      [2, 'a', 2],
    ]);
    expect(diffRange(cur, frame([[1, 'a', 1]]), 2)).toBeNull();
    expect(diffRange(cur, toDataFrame('A', [{ name: 'x', type: 'number' }], [[1]]))).toBeNull();
  });

  it('applies upsert, range and replace changes per refId, in order', () => {
    const bar = toDataFrame(
      'B',
      [
        { name: 'city', type: 'string' },
        { name: 'n', type: 'number' },
      ],
      [['Lima'], [3]],
    );
    const bar2 = toDataFrame(
      'B',
      [
        { name: 'city', type: 'string' },
        { name: 'n', type: 'number' },
      ],
      [['Lima'], [4]],
    );
    const out = applyChanges(
      [frame([[1, 'a', 1]]), bar],
      [
        { refId: 'A', mode: 'upsert', frame: frame([[2, 'a', 2]]) },
        { refId: 'A', mode: 'range', to: 2, frame: frame([]) },
        { refId: 'B', mode: 'replace', frame: bar2 },
      ],
    );
    expect(out[0].fields[0].values).toEqual([2]);
    expect(out[1]).toBe(bar2);
  });
});
