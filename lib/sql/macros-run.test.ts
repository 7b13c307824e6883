/**
 * Grafana's epoch macros and result conventions run for real: the rendered SQL parses on DuckDB (in memory) and on
 * MariaDB (127.0.0.1:3306, PULSEBOARD_TEST_MYSQL_URL to point elsewhere; skipped without one), and the frames that
 * come back through the executor hold the right buckets, gaps filled as `$__timeGroup`'s are.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbDriver } from '../datasources/duckdb';
import { MySqlDriver } from '../datasources/mysql';
import type { DataSourceDriver } from '../datasources/types';
import type { DataFrame } from '../frames/types';
import { QueryExecutor } from '../query/execute';
import type { PreparedTarget } from '../query/prepare';
import { mysqlUnavailable } from '../testing/mysql-server';
import { renderMacros } from './macros';

/** The server only: the queries read a CTE, no database or table. */
const MYSQL_URL = (() => {
  const u = new URL(process.env.PULSEBOARD_TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306');
  u.pathname = '';
  return u.toString();
})();

const noMysql = await mysqlUnavailable(MYSQL_URL);
if (noMysql) console.warn(`[macros-run.test] MariaDB cases SKIPPED: ${noMysql}`);

const T0 = Date.UTC(2024, 0, 1); // 2024-01-01 00:00 UTC
const at = (min: number) => T0 + min * 60_000;
/** Rows at 00:01, 00:03:30, 00:04:10 and 00:12, two series. */
const ROWS: Array<[number, string, number]> = [
  [at(1), 'a', 1],
  [at(3.5), 'b', 2],
  [at(4 + 1 / 6), 'a', 3],
  [at(12), 'b', 4],
];
const range = { from: new Date(at(0)), to: new Date(at(15) - 1) };

/** The rows as a CTE the engine reads: a timestamp, its epoch seconds and nanoseconds, a series and a value. */
function cte(stamp: (ms: number) => string): string {
  const selects = ROWS.map(
    ([ms, m, v]) =>
      `SELECT ${stamp(ms)} AS ts, ${ms / 1000} AS epoch_s, ${BigInt(ms) * 1_000_000n} AS epoch_ns, '${m}' AS m, ${v} AS v`,
  );
  return `WITH t AS (${selects.join(' UNION ALL ')})`;
}

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const ENGINES: Array<{ name: string; skip?: string; driver: () => DataSourceDriver; stamp: (ms: number) => string }> = [
  {
    name: 'duckdb',
    driver: () => new DuckDbDriver({ path: ':memory:' }),
    stamp: (ms) => `TIMESTAMP '${iso(ms)}'`,
  },
  {
    name: 'mysql',
    skip: noMysql,
    driver: () => new MySqlDriver({ type: 'mysql', url: MYSQL_URL, queryTimeoutMs: 5000 }),
    stamp: (ms) => `TIMESTAMP('${iso(ms)}')`,
  },
];

const col = (f: DataFrame, name: string) => f.fields.find((x) => x.name === name);

describe.each(ENGINES)('epoch macros on $name', ({ name, skip, driver: make, stamp }) => {
  const drivers: DataSourceDriver[] = [];
  afterAll(async () => Promise.all(drivers.map((d) => d.close())));

  async function run(body: string, format: 'time_series' | 'table' = 'time_series'): Promise<DataFrame> {
    const driver = make();
    drivers.push(driver);
    const sql = `${cte(stamp)} ${body}`;
    const target: PreparedTarget = {
      refId: 'A',
      format,
      sql,
      datasource: {
        config: { uid: name, name, type: driver.type, queryTimeoutMs: 5000, maxRows: 1000, maxConcurrent: 2 },
        driver,
        limit: (fn) => fn(),
      },
      render: (w) => renderMacros(sql, { dialect: driver.dialect, range: w, intervalMs: 60_000 }),
    };
    return new QueryExecutor().runTarget(target, range);
  }

  it.skipIf(!!skip)(
    "$__unixEpochGroupAlias(col, '5m', 0) buckets epoch seconds and fills the empty bucket",
    async () => {
      const f = await run(
        "SELECT $__unixEpochGroupAlias(epoch_s, '5m', 0), sum(v) AS v FROM t WHERE $__unixEpochFilter(epoch_s) GROUP BY 1 ORDER BY 1",
      );
      expect(col(f, 'time')?.type).toBe('time');
      expect(col(f, 'time')?.values).toEqual([at(0), at(5), at(10)]);
      expect(col(f, 'v')?.values.map(Number)).toEqual([6, 0, 4]);
    },
  );

  it.skipIf(!!skip)(
    '$__unixEpochGroup AS time_sec with a metric column: one series per metric, previous fill',
    async () => {
      const f = await run(
        "SELECT $__unixEpochGroup(epoch_s, '5m', previous) AS time_sec, m AS metric, sum(v) AS v FROM t GROUP BY 1, 2 ORDER BY 1, 2",
      );
      const rows = f.fields[0].values.map((t, i) => [t, f.fields[1].values[i], Number(f.fields[2].values[i])]);
      expect(rows).toEqual([
        [at(0), 'a', 4],
        [at(0), 'b', 2],
        [at(5), 'a', 4],
        [at(5), 'b', 2],
        [at(10), 'a', 4],
        [at(10), 'b', 4],
      ]);
    },
  );

  it.skipIf(!!skip)('$__unixEpochNanoFilter selects by epoch nanoseconds, bounds included', async () => {
    const f = await run(
      'SELECT count(*) AS n FROM t WHERE $__unixEpochNanoFilter(epoch_ns) AND epoch_ns >= $__unixEpochNanoFrom() AND epoch_ns <= $__unixEpochNanoTo()',
      'table',
    );
    expect(Number(f.fields[0].values[0])).toBe(4);
  });

  it.skipIf(!!skip)('$__unixEpochFrom() and $__unixEpochTo() are the range in epoch seconds', async () => {
    const f = await run('SELECT $__unixEpochFrom() AS f, $__unixEpochTo() AS t2, count(*) AS n FROM t', 'table');
    expect(f.fields.map((x) => Number(x.values[0]))).toEqual([at(0) / 1000, Math.floor((at(15) - 1) / 1000), 4]);
  });

  it.skipIf(!!skip)('$__timeEpoch(col) and $__time(col) give the time column', async () => {
    const epoch = await run('SELECT $__timeEpoch(ts), v FROM t ORDER BY 1');
    expect(epoch.fields[0]).toMatchObject({ name: 'time', type: 'time', values: ROWS.map((r) => r[0]) });
    const plain = await run('SELECT $__time(ts), v FROM t WHERE $__timeFilter(ts) ORDER BY 1');
    expect(plain.fields[0]).toMatchObject({ name: 'time', type: 'time', values: ROWS.map((r) => r[0]) });
  });
});
