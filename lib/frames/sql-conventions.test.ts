import { describe, expect, it } from 'vitest';
import type { DataFrame, Field } from './types';
import { applySqlConventions } from './sql-conventions';
import { frameToSeries } from './series';

const frame = (fields: Field[]): DataFrame => ({ refId: 'A', fields, length: fields[0]?.values.length ?? 0 });
const MS = Date.UTC(2024, 0, 1, 0, 5);

describe('the time column', () => {
  it.each([
    ['seconds (about 1e9)', MS / 1000],
    ['fractional seconds', MS / 1000 + 0.25],
    ['milliseconds', MS],
    ['microseconds', MS * 1000],
    ['nanoseconds', MS * 1e6],
    ['nanoseconds as the exact text drivers send past 2^53', `${MS}000000`],
    ['microseconds as exact text', `${MS}000`],
  ])('a numeric `time` column in %s becomes epoch ms', (_, value) => {
    const out = applySqlConventions(frame([{ name: 'time', type: 'number', values: [value] }]), 'time_series');
    expect(out.fields[0]).toEqual({
      name: 'time',
      type: 'time',
      values: [typeof value === 'number' && value % 1 ? MS + 250 : MS],
    });
  });

  it('`time_sec` is epoch seconds whatever the size (1980 included), and nulls stay null', () => {
    const out = applySqlConventions(
      frame([
        { name: 'time_sec', type: 'number', values: [315_532_800, null, '1704067500'], exactAsString: true },
        { name: 'v', type: 'number', values: [1, 2, 3] },
      ]),
      'table',
    );
    expect(out.fields[0]).toEqual({
      name: 'time_sec',
      type: 'time',
      values: [315_532_800_000, null, 1_704_067_500_000],
    });
    expect(out.fields[1]).toEqual({ name: 'v', type: 'number', values: [1, 2, 3] });
  });

  it('leaves time-typed columns, other names and frames without them as they are', () => {
    const typed = frame([{ name: 'time', type: 'time', values: [MS] }]);
    expect(applySqlConventions(typed, 'time_series')).toBe(typed);
    const other = frame([{ name: 'times', type: 'number', values: [1] }]);
    expect(applySqlConventions(other, 'time_series')).toBe(other);
  });
});

describe('the metric column (time_series format)', () => {
  const long = (metric: Field['type'], values: unknown[]) =>
    frame([
      { name: 'time_sec', type: 'number', values: [1_704_067_200, 1_704_067_200, 1_704_067_260, 1_704_067_260] },
      { name: 'metric', type: metric, values },
      { name: 'value', type: 'number', values: [1, 10, 2, 20] },
    ]);

  it('names one series per metric value, as Grafana does for (time, metric, value)', () => {
    const series = frameToSeries(applySqlConventions(long('string', ['a', 'b', 'a', 'b']), 'time_series'));
    expect(series.map((s) => [s.name, s.times, s.values])).toEqual([
      ['a', [1_704_067_200_000, 1_704_067_260_000], [1, 2]],
      ['b', [1_704_067_200_000, 1_704_067_260_000], [10, 20]],
    ]);
  });

  it('reads a numeric metric as its text (a sensor id), not as a value', () => {
    const out = applySqlConventions(long('number', [7, 8, 7, 8]), 'time_series');
    expect(out.fields[1]).toEqual({ name: 'metric', type: 'string', values: ['7', '8', '7', '8'] });
    expect(frameToSeries(out).map((s) => s.name)).toEqual(['7', '8']);
  });

  it('is an ordinary column in table format', () => {
    const out = applySqlConventions(long('number', [7, 8, 7, 8]), 'table');
    expect(out.fields[1].type).toBe('number');
    expect(out.fields[0].type).toBe('time');
  });
});
