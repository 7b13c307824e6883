import { describe, expect, it } from 'vitest';
import type { DataFrame, Field } from '@/lib/frames/types';
import { toBarData, toSlices } from './frame-data';

const frame = (...fields: Field[]): DataFrame => ({ refId: 'A', fields, length: fields[0].values.length });
const s = (name: string, ...values: unknown[]): Field => ({ name, type: 'string', values });
const n = (name: string, ...values: unknown[]): Field => ({ name, type: 'number', values });

describe('toBarData', () => {
  it.each([
    {
      name: 'first string field is the category, each number field a bar series',
      frames: [frame(s('city', 'Lima', 'Quito'), n('revenue', 10, '20.5'), s('other', 'x', 'y'), n('orders', 1, null))],
      want: {
        categories: ['Lima', 'Quito'],
        bars: [
          { name: 'revenue', values: [10, 20.5] },
          { name: 'orders', values: [1, null] },
        ],
      },
    },
    {
      name: 'empty frames are skipped',
      frames: [frame(s('city'), n('v')), frame(s('k', 'a'), n('v', 3))],
      want: { categories: ['a'], bars: [{ name: 'v', values: [3] }] },
    },
    { name: 'nothing numeric', frames: [frame(s('k', 'a'))], want: { categories: [], bars: [] } },
  ])('$name', ({ frames, want }) => {
    const got = toBarData(frames);
    expect({ categories: got.categories, bars: got.bars.map(({ name, values }) => ({ name, values })) }).toEqual(want);
  });

  it('falls back to the time field as category', () => {
    const t = new Date(2024, 0, 2, 3, 4, 5).getTime();
    const got = toBarData([frame({ name: 'time', type: 'time', values: [t] }, n('v', 1))]);
    expect(got.categories).toEqual(['2024-01-02 03:04:05']);
  });

  it('marks the time bucket still filling at now as partial', () => {
    const M = 60_000;
    const time: Field = { name: 'time', type: 'time', values: [0, M, 2 * M], interval: M };
    expect(toBarData([frame(time, n('v', 1, 2, 3))], 2 * M + 10).partial).toEqual([false, false, true]);
    expect(toBarData([frame({ ...time, interval: undefined }, n('v', 1, 2, 3))], 2 * M + 10).partial).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe('toSlices', () => {
  it.each([
    {
      name: 'name from the first string field, value from the first number field, nulls dropped',
      frames: [frame(s('category', 'Food', 'Drinks', 'Other'), n('revenue', 5, '7', null), n('ignored', 1, 2, 3))],
      want: [
        { name: 'Food', value: 5 },
        { name: 'Drinks', value: 7 },
      ],
    },
    {
      name: 'no string field: the number field names the slice',
      frames: [frame(n('total', 9)), frame(s('k', 'a'))],
      want: [{ name: 'total', value: 9 }],
    },
  ])('$name', ({ frames, want }) => {
    expect(toSlices(frames).map(({ name, value }) => ({ name, value }))).toEqual(want);
  });
});
