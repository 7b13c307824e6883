import type { DataSourceEntry } from '../datasources/registry';
import type { DataFrame } from '../frames/types';
import type { DataSourceDriver, SchemaSnapshot } from '../datasources/types';
import { dialects } from '../sql/dialects';
import { toDataFrame } from '../frames/data-frame';
import type { PreparedPanel, PreparedTarget } from '../query/prepare';

/** An in-memory engine for hub and executor tests: rows of (ts, sensor, value), bucketed per query window. */
export class FakeSource implements DataSourceDriver {
  readonly type = 'duckdb' as const;
  readonly dialect = dialects.duckdb;
  rows: Array<{ ts: number; sensor: string; value: number }> = [];
  /** Every window the engine was asked for, in order. */
  calls: Array<{ from: number; to: number }> = [];
  delayMs = 0;

  async query(sql: string, _params?: unknown[], opts?: { signal?: AbortSignal }): Promise<DataFrame> {
    const { from, to, bucket } = JSON.parse(sql) as { from: number; to: number; bucket: number };
    this.calls.push({ from, to });
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    opts?.signal?.throwIfAborted();
    const sums = new Map<string, { t: number; s: string; sum: number }>();
    for (const r of this.rows) {
      if (r.ts < from || r.ts > to) continue;
      const t = Math.floor(r.ts / bucket) * bucket;
      const k = `${t}|${r.sensor}`;
      const e = sums.get(k) ?? { t, s: r.sensor, sum: 0 };
      e.sum += r.value;
      sums.set(k, e);
    }
    const out = [...sums.values()].sort((a, b) => a.t - b.t || a.s.localeCompare(b.s));
    return toDataFrame(
      '',
      [
        { name: 'time', type: 'time' },
        { name: 'sensor', type: 'string' },
        { name: 'value', type: 'number' },
      ],
      [out.map((o) => o.t), out.map((o) => o.s), out.map((o) => o.sum)],
    );
  }

  async fetchSchema(): Promise<SchemaSnapshot> {
    return { tables: [], truncated: false };
  }
  async testConnection(): Promise<void> {}
  async close(): Promise<void> {}
}

export function fakeEntry(driver: FakeSource): DataSourceEntry {
  return {
    config: { uid: 'fake', name: 'fake', type: 'duckdb', queryTimeoutMs: 5000, maxRows: 100_000, maxConcurrent: 8 },
    driver,
    limit: (fn) => fn(),
  };
}

/** A prepared panel over the fake engine: 1-minute buckets of `sensor_data` over `from`..`to`. */
export function fakePanel(driver: FakeSource, raw = { from: 'now-1h', to: 'now' }, bucketMs = 60_000): PreparedPanel {
  const datasource = fakeEntry(driver);
  const target: PreparedTarget = {
    refId: 'A',
    format: 'time_series',
    datasource,
    sql: `SELECT $__timeGroupAlias(ts, '${bucketMs / 1000}s'), sensor, sum(value) FROM sensor_data WHERE $__timeFilter(ts) GROUP BY 1, 2`,
    // As the macros render a bucketed query: from the range start aligned down to the bucket.
    render: (w) => ({
      sql: JSON.stringify({
        from: Math.floor(w.from.getTime() / bucketMs) * bucketMs,
        to: w.to.getTime(),
        bucket: bucketMs,
      }),
      bucketMs,
      timeBounded: true,
    }),
  };
  return {
    dashboard: {} as PreparedPanel['dashboard'],
    panel: {} as PreparedPanel['panel'],
    raw,
    range: { from: new Date(Date.now() - 3600_000), to: new Date() },
    intervalMs: bucketMs,
    vars: {},
    targets: [target],
    key: JSON.stringify(['fake', raw, bucketMs]),
  };
}
