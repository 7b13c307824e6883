import { describe, expect, it } from 'vitest';
import type { DataFrame, Field } from './types';
import type { GapFill } from '../sql/macros';
import { MAX_FILL_ROWS, fillGaps } from './fill-gaps';

const M = 60_000;
const T0 = Date.UTC(2024, 0, 1, 0, 0); // 2024-01-01 00:00
const at = (minutes: number) => T0 + minutes * M;

function frame(fields: Field[]): DataFrame {
  return { refId: 'A', name: 'q', fields, length: fields[0]?.values.length ?? 0 };
}
const col = (f: DataFrame, name: string) => f.fields.find((x) => x.name === name)?.values;
const fill = (mode: GapFill['mode'], value?: number): GapFill => ({
  intervalMs: M,
  mode,
  ...(value === undefined ? {} : { value }),
});
/** 00:00 .. 00:04:59.999: 5 buckets. */
const range = { from: new Date(at(0)), to: new Date(at(5) - 1) };

describe('wide frames', () => {
  const wide = () =>
    frame([
      { name: 'time', type: 'time', values: [at(1), at(3)] },
      { name: 'temp', type: 'number', values: [20, 22], unit: 'celsius' },
    ]);

  it('fills missing buckets with null', () => {
    const out = fillGaps(wide(), fill('null'), range);
    expect(out.length).toBe(5);
    expect(col(out, 'time')).toEqual([at(0), at(1), at(2), at(3), at(4)]);
    expect(col(out, 'temp')).toEqual([null, 20, null, 22, null]);
    expect(out.fields[1].unit).toBe('celsius');
    expect(out.refId).toBe('A');
    expect(out.name).toBe('q');
  });

  it('fills with the previous value (null before the first row)', () => {
    expect(col(fillGaps(wide(), fill('previous'), range), 'temp')).toEqual([null, 20, 20, 22, 22]);
  });

  it('fills with a fixed value', () => {
    expect(col(fillGaps(wide(), fill('value', 0), range), 'temp')).toEqual([0, 20, 0, 22, 0]);
  });

  it('starts at the bucket containing from, ends at the last bucket start <= to', () => {
    const out = fillGaps(wide(), fill('null'), { from: new Date(at(0) + 30_000), to: new Date(at(3) + 59_999) });
    expect(col(out, 'time')).toEqual([at(0), at(1), at(2), at(3)]);
  });

  it('sorts unsorted input by time and does not mutate it', () => {
    const input = frame([
      { name: 'time', type: 'time', values: [at(3), at(1)] },
      { name: 'v', type: 'number', values: [3, 1] },
    ]);
    const out = fillGaps(input, fill('previous'), range);
    expect(col(out, 'v')).toEqual([null, 1, 1, 3, 3]);
    expect(input.fields[0].values).toEqual([at(3), at(1)]);
    expect(input.length).toBe(2);
  });

  it('keeps rows outside the range and rows without a time', () => {
    const input = frame([
      { name: 'time', type: 'time', values: [at(-5), at(2), null, at(10)] },
      { name: 'v', type: 'number', values: [-5, 2, 99, 10] },
    ]);
    const out = fillGaps(input, fill('null'), range);
    expect(col(out, 'time')).toEqual([at(-5), at(0), at(1), at(2), at(3), at(4), at(10), null]);
    expect(col(out, 'v')).toEqual([-5, null, null, 2, null, null, 10, 99]);
  });

  it('gives non-number fields null in value mode and the previous value in previous mode', () => {
    const input = frame([
      { name: 'time', type: 'time', values: [at(0), at(2)] },
      { name: 'ok', type: 'boolean', values: [true, false] },
    ]);
    expect(col(fillGaps(input, fill('value', 7), range), 'ok')).toEqual([true, null, false, null, null]);
    expect(col(fillGaps(input, fill('previous'), range), 'ok')).toEqual([true, true, false, false, false]);
  });

  it('fills nothing when every bucket is present', () => {
    const input = frame([
      { name: 'time', type: 'time', values: [0, 1, 2, 3, 4].map(at) },
      { name: 'v', type: 'number', values: [0, 1, 2, 3, 4] },
    ]);
    expect(fillGaps(input, fill('null'), range).fields).toEqual(input.fields);
  });
});

describe('long frames fill per series', () => {
  const long = () =>
    frame([
      { name: 'time', type: 'time', values: [at(0), at(0), at(2), at(4)] },
      { name: 'sensor', type: 'string', values: ['a', 'b', 'a', 'b'] },
      { name: 'temp', type: 'number', values: [1, 10, 3, 50] },
    ]);

  it('adds missing buckets for each key combination', () => {
    const out = fillGaps(long(), fill('previous'), range);
    expect(out.length).toBe(10);
    expect(col(out, 'time')).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4].map(at));
    expect(col(out, 'sensor')).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    expect(col(out, 'temp')).toEqual([1, 10, 1, 10, 3, 10, 3, 10, 3, 50]);
  });

  it('uses several string fields as the key', () => {
    const input = frame([
      { name: 'time', type: 'time', values: [at(0), at(0)] },
      { name: 'city', type: 'string', values: ['Lima', 'Lima'] },
      { name: 'product', type: 'string', values: ['tea', 'rice'] },
      { name: 'n', type: 'number', values: [1, 2] },
    ]);
    const out = fillGaps(input, fill('value', 0), { from: new Date(at(0)), to: new Date(at(2) - 1) });
    expect(col(out, 'product')).toEqual(['tea', 'rice', 'tea', 'rice']);
    expect(col(out, 'city')).toEqual(['Lima', 'Lima', 'Lima', 'Lima']);
    expect(col(out, 'n')).toEqual([1, 2, 0, 0]);
  });

  it('treats a null key as its own series', () => {
    const input = frame([
      { name: 'time', type: 'time', values: [at(0), at(1)] },
      { name: 'k', type: 'string', values: [null, 'x'] },
      { name: 'v', type: 'number', values: [1, 2] },
    ]);
    const out = fillGaps(input, fill('null'), { from: new Date(at(0)), to: new Date(at(2) - 1) });
    expect(col(out, 'k')).toEqual([null, 'x', null, 'x']);
    expect(col(out, 'v')).toEqual([1, null, null, 2]);
  });
});

describe('edge cases', () => {
  it('fills an empty wide frame (one series), so a part of a range fills as the whole range does there', () => {
    const empty = frame([
      { name: 'time', type: 'time', values: [] },
      { name: 'v', type: 'number', values: [] },
    ]);
    const out = fillGaps(empty, fill('value', 0), range);
    expect(col(out, 'time')).toEqual([at(0), at(1), at(2), at(3), at(4)]);
    expect(col(out, 'v')).toEqual([0, 0, 0, 0, 0]);
  });

  it('returns an empty long frame as is: it has no series to fill', () => {
    const empty = frame([
      { name: 'time', type: 'time', values: [] },
      { name: 'k', type: 'string', values: [] },
      { name: 'v', type: 'number', values: [] },
    ]);
    expect(fillGaps(empty, fill('null'), range)).toBe(empty);
  });

  it('returns a frame without a time field as is', () => {
    const f = frame([{ name: 'city', type: 'string', values: ['Lima'] }]);
    expect(fillGaps(f, fill('null'), range)).toBe(f);
  });

  it.each([0, -1, Number.NaN])('ignores an interval of %s', (intervalMs) => {
    const f = frame([{ name: 'time', type: 'time', values: [at(1)] }]);
    expect(fillGaps(f, { intervalMs, mode: 'null' }, range)).toBe(f);
  });

  it('ignores an inverted range', () => {
    const f = frame([{ name: 'time', type: 'time', values: [at(1)] }]);
    expect(fillGaps(f, fill('null'), { from: new Date(at(4)), to: new Date(at(0)) })).toBe(f);
  });

  it('does not explode: skips filling past MAX_FILL_ROWS', () => {
    const f = frame([
      { name: 'time', type: 'time', values: [at(0)] },
      { name: 'v', type: 'number', values: [1] },
    ]);
    const year = { from: new Date(at(0)), to: new Date(at(0) + 365 * 86_400_000) };
    const started = Date.now();
    expect(fillGaps(f, { intervalMs: 1000, mode: 'null' }, year)).toBe(f);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('fills right up to MAX_FILL_ROWS', () => {
    const f = frame([{ name: 'time', type: 'time', values: [at(0)] }]);
    const out = fillGaps(
      f,
      { intervalMs: 1000, mode: 'null' },
      { from: new Date(at(0)), to: new Date(at(0) + (MAX_FILL_ROWS - 2) * 1000 + 1) },
    );
    expect(out.length).toBe(MAX_FILL_ROWS - 1);
  });

  it('counts series against the cap', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `s${i}`);
    const f = frame([
      { name: 'time', type: 'time', values: keys.map(() => at(0)) },
      { name: 'k', type: 'string', values: keys },
    ]);
    expect(fillGaps(f, { intervalMs: M, mode: 'null' }, { from: new Date(at(0)), to: new Date(at(60)) })).toBe(f);
  });

  it('never adds a bucket that starts at `to`: it holds nothing of the range but that instant', () => {
    const f = frame([{ name: 'time', type: 'time', values: [at(0)] }]);
    const out = fillGaps(f, fill('value', 0), { from: new Date(at(0)), to: new Date(at(3)) });
    expect(col(out, 'time')).toEqual([at(0), at(1), at(2)]);
  });

  it('never adds a bucket that has not begun at `now`, even when `to` was rounded up past its start', () => {
    const f = frame([{ name: 'time', type: 'time', values: [at(0)] }]);
    // now 00:02:59.400 rounded up to the second is 00:03:00.000; the 00:03 bucket has not begun.
    const out = fillGaps(f, fill('value', 0), { from: new Date(at(0)), to: new Date(at(3)), now: at(3) - 600 });
    expect(col(out, 'time')).toEqual([at(0), at(1), at(2)]);
    // Sub-second buckets: 500 ms buckets, now 00:00:01.300 and `to` 00:00:02: the 1.5 s bucket has not begun.
    const half = fillGaps(
      f,
      { intervalMs: 500, mode: 'null' },
      { from: new Date(at(0)), to: new Date(at(0) + 2000), now: at(0) + 1300 },
    );
    expect(col(half, 'time')).toEqual([at(0), at(0) + 500, at(0) + 1000]);
  });

  it('keeps rows the engine returned even past `now` (future timestamps are data)', () => {
    const f = frame([{ name: 'time', type: 'time', values: [at(0), at(4)] }]);
    const out = fillGaps(f, fill('null'), { from: new Date(at(0)), to: new Date(at(5)), now: at(2) });
    expect(col(out, 'time')).toEqual([at(0), at(1), at(2), at(4)]);
  });

  it('aligns buckets on the epoch, like the SQL time buckets', () => {
    const w = 7 * M;
    const bucket = Math.floor(at(7) / w) * w;
    const f = frame([{ name: 'time', type: 'time', values: [bucket] }]);
    const out = fillGaps(f, { intervalMs: w, mode: 'null' }, { from: new Date(at(0)), to: new Date(at(20)) });
    const times = col(out, 'time') as number[];
    expect(times.every((t) => t % w === 0)).toBe(true);
    expect(times[0]).toBe(Math.floor(at(0) / w) * w);
    expect(times.filter((t) => t === bucket)).toHaveLength(1);
  });
});
