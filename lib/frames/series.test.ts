import { describe, expect, it } from 'vitest';
import type { DataFrame, Field } from './types';
import { frameToSeries, lastTime, lastValues, partialFrom, toTime, totalRows } from './series';

function frame(fields: Field[], refId = 'A'): DataFrame {
  return { refId, fields, length: fields[0]?.values.length ?? 0 };
}

const t = (...v: unknown[]): Field => ({ name: 'time', type: 'time', values: v });
const s = (name: string, ...v: unknown[]): Field => ({ name, type: 'string', values: v });
const n = (name: string, ...v: unknown[]): Field => ({ name, type: 'number', values: v });

describe('frameToSeries', () => {
  const cases: Array<{
    name: string;
    frame: DataFrame;
    want: Array<{ name: string; times: number[]; values: (number | null)[]; labels?: Record<string, string> }>;
  }> = [
    {
      name: 'wide frame: one series per number field',
      frame: frame([t(1, 2), n('temperature', 20, 21), n('humidity', 40, 41)]),
      want: [
        { name: 'temperature', times: [1, 2], values: [20, 21] },
        { name: 'humidity', times: [1, 2], values: [40, 41] },
      ],
    },
    {
      name: 'long frame, one number field: named by key',
      frame: frame([
        t(1, 1, 2, 2),
        s('sensor_id', 'sensor-1', 'sensor-2', 'sensor-1', 'sensor-2'),
        n('temperature', 20, 30, 21, 31),
      ]),
      want: [
        { name: 'sensor-1', times: [1, 2], values: [20, 21], labels: { sensor_id: 'sensor-1' } },
        { name: 'sensor-2', times: [1, 2], values: [30, 31], labels: { sensor_id: 'sensor-2' } },
      ],
    },
    {
      name: 'long frame, two number fields: key × field',
      frame: frame([t(1, 1), s('sensor_id', 'sensor-1', 'sensor-2'), n('temperature', 20, 30), n('humidity', 40, 50)]),
      want: [
        { name: 'sensor-1 temperature', times: [1], values: [20] },
        { name: 'sensor-1 humidity', times: [1], values: [40] },
        { name: 'sensor-2 temperature', times: [1], values: [30] },
        { name: 'sensor-2 humidity', times: [1], values: [50] },
      ],
    },
    {
      name: 'two string fields join into the key',
      frame: frame([t(5), s('city', 'Lima'), s('product', 'Tea'), n('amount', 9)]),
      want: [{ name: 'Lima Tea', times: [5], values: [9], labels: { city: 'Lima', product: 'Tea' } }],
    },
    {
      name: 'nulls, exact-decimal strings and rows without time',
      frame: frame([t(1, null, 3, 4), n('v', null, 5, '12.50', 'x')]),
      want: [{ name: 'v', times: [1, 3, 4], values: [null, 12.5, null] }],
    },
    {
      name: 'no time field: rows keyed by string field',
      frame: frame([s('city', 'Lima', 'Quito'), n('orders', 3, 4)]),
      want: [
        { name: 'Lima', times: [], values: [3] },
        { name: 'Quito', times: [], values: [4] },
      ],
    },
    {
      name: 'aggregate over an empty range: all-null time field is ignored',
      frame: frame([n('orders', 0), t(null)]),
      want: [{ name: 'orders', times: [], values: [0] }],
    },
    {
      name: 'no number field: no series',
      frame: frame([t(1), s('city', 'Lima')]),
      want: [],
    },
    {
      name: 'empty frame keeps one empty series per number field',
      frame: frame([t(), n('v')]),
      want: [{ name: 'v', times: [], values: [] }],
    },
  ];

  it.each(cases)('$name', ({ frame: f, want }) => {
    const got = frameToSeries(f);
    expect(got.map(({ name, times, values }) => ({ name, times, values }))).toEqual(
      want.map(({ name, times, values }) => ({ name, times, values })),
    );
    want.forEach((w, i) => {
      if (w.labels) expect(got[i].labels).toEqual(w.labels);
      expect(got[i].refId).toBe('A');
    });
  });
});

describe('lastValues', () => {
  const cases = [
    {
      name: 'last non-null per series with its time',
      frames: [frame([t(1, 2, 3), n('v', 1, 2, null)])],
      want: [{ name: 'v', refId: 'A', value: 2, time: 2, unit: undefined }],
    },
    {
      name: 'all null gives null',
      frames: [frame([t(1), n('v', null)])],
      want: [{ name: 'v', refId: 'A', value: null, unit: undefined }],
    },
    {
      name: 'several frames and keys, unit carried',
      frames: [
        frame([t(1, 1), s('k', 'a', 'b'), { ...n('temp', 10, 20), unit: 'celsius' }]),
        frame([n('total', 7)], 'B'),
      ],
      want: [
        { name: 'a', refId: 'A', value: 10, time: 1, unit: 'celsius' },
        { name: 'b', refId: 'A', value: 20, time: 1, unit: 'celsius' },
        { name: 'total', refId: 'B', value: 7, time: undefined, unit: undefined },
      ],
    },
  ];
  it.each(cases)('$name', ({ frames, want }) => {
    expect(lastValues(frames)).toEqual(want);
  });
});

describe('lastTime', () => {
  const cases: Array<{ name: string; frames: DataFrame[]; want: number | undefined }> = [
    { name: 'no frames', frames: [], want: undefined },
    { name: 'no time field', frames: [frame([n('v', 1)])], want: undefined },
    {
      name: 'max across frames, unsorted',
      frames: [frame([t(5, 9, 7), n('v', 1, 2, 3)]), frame([t(8), n('v', 1)])],
      want: 9,
    },
    { name: 'nulls skipped', frames: [frame([t(null, 3), n('v', 1, 2)])], want: 3 },
  ];
  it.each(cases)('$name', ({ frames, want }) => {
    expect(lastTime(frames)).toBe(want);
  });
});

describe('toTime / totalRows', () => {
  it.each([
    [1700000000000, 1700000000000],
    ['1700000000000', 1700000000000],
    ['2024-01-01T00:00:00Z', Date.UTC(2024, 0, 1)],
    [null, null],
    ['nope', null],
  ])('toTime(%j) = %j', (input, want) => {
    expect(toTime(input)).toBe(want);
  });

  it('sums frame lengths', () => {
    expect(totalRows([frame([n('a', 1, 2)]), frame([n('b', 3)])])).toBe(3);
  });
});

describe('partialFrom', () => {
  const M = 60_000;
  it('marks the bucket still filling at now, and only it', () => {
    expect(partialFrom([0, M, 2 * M], M, 2 * M + 30_000)).toBe(2);
    expect(partialFrom([0, M, 2 * M], M, 3 * M)).toBe(3); // the 2-minute bucket has ended
    expect(partialFrom([0, M, 2 * M], M, M + 1)).toBe(1); // a bucket from the future is partial too
  });

  it('marks nothing without a bucket width', () => {
    expect(partialFrom([0, M], undefined, M)).toBe(2);
  });

  it('carries the bucket width from the time field', () => {
    const frame: DataFrame = {
      refId: 'A',
      length: 1,
      fields: [
        { name: 'time', type: 'time', values: [0], interval: M },
        { name: 'n', type: 'number', values: [1] },
      ],
    };
    expect(frameToSeries(frame)[0].interval).toBe(M);
  });
});
