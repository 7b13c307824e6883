import { describe, expect, it } from 'vitest';
import { pct, promSum, ratio, round } from './stats';

describe('pct', () => {
  it('takes the nearest rank of unsorted samples without reordering them', () => {
    const xs = [5, 1, 4, 2, 3];
    expect(pct(xs, 50)).toBe(3);
    expect(pct(xs, 0)).toBe(1);
    expect(pct(xs, 100)).toBe(5);
    expect(pct(xs, 95)).toBe(5);
    expect(xs).toEqual([5, 1, 4, 2, 3]);
  });

  it('is the upper median for an even count and NaN without samples', () => {
    expect(pct([1, 2, 3, 4], 50)).toBe(3);
    expect(pct([], 50)).toBeNaN();
  });

  it('p99 of 1,000 samples is the 991st smallest', () => {
    expect(
      pct(
        Array.from({ length: 1000 }, (_, i) => 1000 - i),
        99,
      ),
    ).toBe(991);
  });
});

describe('round and ratio', () => {
  it('round keeps the asked decimals and lets NaN through', () => {
    expect(round(1.2345, 2)).toBe(1.23);
    expect(round(80.06)).toBe(80.1);
    expect(round(NaN)).toBeNaN();
  });

  it('ratio is two decimals, NaN when the divisor is 0 or missing', () => {
    expect(ratio(92, 80)).toBe(1.15);
    expect(ratio(1, 0)).toBeNaN();
    expect(ratio(1, NaN)).toBeNaN();
  });
});

describe('promSum', () => {
  const text = [
    '# HELP pulseboard_datasource_queries_total Queries sent to a datasource engine',
    '# TYPE pulseboard_datasource_queries_total counter',
    'pulseboard_datasource_queries_total{datasource="duckdb",source="live",status="ok"} 120',
    'pulseboard_datasource_queries_total{datasource="duckdb",source="live",status="error"} 3',
    'pulseboard_datasource_queries_total{datasource="duckdb",source="http",status="ok"} 7',
    'pulseboard_datasource_queries_total_other{source="live"} 1000',
    'pulseboard_ws_clients 4',
  ].join('\n');

  it('sums every series of the counter whose labels match', () => {
    expect(promSum(text, 'pulseboard_datasource_queries_total', { source: 'live' })).toBe(123);
    expect(promSum(text, 'pulseboard_datasource_queries_total', { source: 'http', status: 'ok' })).toBe(7);
    expect(promSum(text, 'pulseboard_datasource_queries_total')).toBe(130);
  });

  it('reads unlabelled metrics and ignores other names that share a prefix', () => {
    expect(promSum(text, 'pulseboard_ws_clients')).toBe(4);
    expect(promSum(text, 'pulseboard_missing')).toBe(0);
  });
});
