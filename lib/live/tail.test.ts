import { describe, expect, it } from 'vitest';
import { planTail, tailModeOf, type TailPlanInput } from './tail';
import { renderMacros } from '../sql/macros';
import { dialects } from '../sql/dialects';
import { fakeEntry, FakeSource } from '../testing/fake-source';
import type { PreparedTarget } from '../query/prepare';

const M = 60_000;
const T = Date.UTC(2026, 0, 1, 12, 0, 0);

function target(sql: string, format: PreparedTarget['format'] = 'time_series'): PreparedTarget {
  const datasource = fakeEntry(new FakeSource());
  return {
    refId: 'A',
    format,
    datasource,
    sql,
    render: (w) => renderMacros(sql, { dialect: dialects.duckdb, range: w, intervalMs: 5000 }),
  };
}
const window = { from: new Date(T - 3600_000), to: new Date(T) };
const mode = (sql: string, format?: PreparedTarget['format']) => tailModeOf(target(sql, format), window);

describe('tailModeOf', () => {
  it.each([
    [
      "SELECT $__timeGroupAlias(ts, '1m', 0), count(*) FROM sales WHERE $__timeFilter(ts) GROUP BY 1 ORDER BY 1",
      { kind: 'bucket', bucketMs: M, filled: true },
    ],
    [
      'SELECT $__timeGroupAlias(ts, $__interval), sensor_id, avg(t) FROM s WHERE $__timeFilter(ts) GROUP BY 1, 2',
      { kind: 'bucket', bucketMs: 5000 },
    ],
    [
      "SELECT $__timeGroup(ts, '5m') AS time, max(v) FROM s WHERE ts >= $__timeFrom() GROUP BY 1",
      { kind: 'bucket', bucketMs: 300_000 },
    ],
    ['SELECT ts AS time, sensor_id, temperature FROM s WHERE $__timeFilter(ts) ORDER BY ts', { kind: 'raw' }],
    ['SELECT ts AS time, v FROM s JOIN d USING (k) WHERE $__timeFilter(ts)', { kind: 'raw' }],
  ])('%s', (sql, want) => {
    expect(mode(sql)).toEqual(want);
  });

  it.each([
    [
      'a table-format target (its order and totals are the whole answer)',
      "SELECT $__timeGroupAlias(ts, '1m'), count(*) FROM s WHERE $__timeFilter(ts) GROUP BY 1",
      'table',
    ],
    [
      'no range bound: a narrower window would not read less',
      "SELECT $__timeGroupAlias(ts, '1m'), count(*) FROM s GROUP BY 1",
      undefined,
    ],
    [
      'only the range end bounds it',
      "SELECT $__timeGroupAlias(ts, '1m'), count(*) FROM s WHERE ts <= $__timeTo() GROUP BY 1",
      undefined,
    ],
    [
      'a LIMIT: which rows come back depends on the whole range',
      'SELECT ts AS time, v FROM s WHERE $__timeFilter(ts) ORDER BY ts DESC LIMIT 20',
      undefined,
    ],
    [
      'a window function over the buckets',
      "SELECT $__timeGroupAlias(ts, '1m'), sum(count(*)) OVER (ORDER BY 1) FROM s WHERE $__timeFilter(ts) GROUP BY 1",
      undefined,
    ],
    [
      'buckets filled with the previous value (it reaches back before any part read)',
      "SELECT $__timeGroupAlias(ts, '1m', previous), avg(v) FROM s WHERE $__timeFilter(ts) GROUP BY 1",
      undefined,
    ],
    ['an aggregate without buckets', 'SELECT max(ts) AS time, count(*) FROM s WHERE $__timeFilter(ts)', undefined],
    ['DISTINCT rows', 'SELECT DISTINCT ts AS time, sensor_id FROM s WHERE $__timeFilter(ts)', undefined],
    [
      'a UNION',
      'SELECT ts AS time, v FROM a WHERE $__timeFilter(ts) UNION ALL SELECT ts, v FROM b WHERE $__timeFilter(ts)',
      undefined,
    ],
  ])('re-reads the whole range for %s', (_, sql, format) => {
    expect(mode(sql, format as PreparedTarget['format'] | undefined)).toEqual({ kind: 'full' });
  });

  it('is not fooled by words inside strings or comments', () => {
    expect(mode("SELECT ts AS time, v FROM s WHERE $__timeFilter(ts) AND note <> 'limit 5' -- count(*)")).toEqual({
      kind: 'raw',
    });
  });
});

describe('planTail', () => {
  const base: TailPlanInput = {
    mode: { kind: 'bucket', bucketMs: M },
    from: T - 3600_000 + 1000,
    to: T + 1000,
    now: T + 400,
    newest: T,
    latenessMs: 2 * M,
    headMoved: true,
  };

  it('re-reads whole buckets from now − lateness, and drops what a moving range start left behind, without a query', () => {
    expect(planTail(base)).toEqual([
      { from: T - 2 * M, to: T + 1000, lo: T - 2 * M, query: true },
      { from: T - 3600_000, to: T - 3600_000, hi: T - 3600_000, query: false }, // the first bucket is read whole: it stays
    ]);
  });

  it('anchors the horizon on the instant, not on `to` rounded up to the second, and aligns it down to the bucket', () => {
    const [tail] = planTail({ ...base, now: T + 59_999 - 60_000 + 2 * M, to: T + 2 * M });
    expect(tail.from).toBe(T - M); // now − 2 min = 11:59:59.999 → its bucket 11:59
  });

  it('reads from the newest bucket when the data stopped before the horizon (a stalled pipeline catches up)', () => {
    expect(planTail({ ...base, newest: T - 10 * M })[0].from).toBe(T - 10 * M);
  });

  it('with lateness 0 reads only the bucket still filling', () => {
    expect(planTail({ ...base, latenessMs: 0 })[0].from).toBe(T);
  });

  it('leaves the first bucket alone when the range start has not moved', () => {
    expect(planTail({ ...base, headMoved: false })).toHaveLength(1);
  });

  it('reads the whole range once the horizon reaches its first bucket', () => {
    expect(planTail({ ...base, from: T - 2 * M + 1000 })).toEqual([
      { from: T - 2 * M + 1000, to: T + 1000, query: true },
    ]);
    expect(planTail({ ...base, from: T - 3 * M + 1000 })).toHaveLength(2);
  });

  it('raw rows: re-reads rows from now − lateness, and drops what fell out of the moving range without a query', () => {
    expect(planTail({ ...base, mode: { kind: 'raw' }, newest: T - 5000 })).toEqual([
      { from: T + 400 - 2 * M, to: T + 1000, lo: T + 400 - 2 * M, query: true },
      { from: base.from, to: base.from, hi: base.from, query: false },
    ]);
  });
});
