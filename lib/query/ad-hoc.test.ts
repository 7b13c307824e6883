/**
 * The panel editor's SQL (`POST /api/ds/query`): prepared, checked and run as a saved panel's query is, on the
 * real embedded DuckDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { startTestRuntime } from '../testing/runtime';
import { backfillDuckDb } from '../simulator/backfill-duckdb';
import type { DuckDbDriver } from '../datasources/duckdb';
import { STARTER_SQL } from '../../components/dashboard-edit/model';

let rt: Runtime;
let logs: string[];
let close: () => Promise<void>;
const range = { from: 'now-1h', to: 'now' };

beforeAll(async () => {
  ({ rt, logs, close } = await startTestRuntime('adhoc'));
  await backfillDuckDb(rt.datasources.get('duckdb').driver as DuckDbDriver, 2);
});

afterAll(async () => {
  await close();
});

describe('ad hoc SQL from the panel editor', () => {
  it('renders the macros, runs, and says what it sent and who sent it', async () => {
    const res = await rt.adHocQuery(
      {
        range,
        queries: [
          {
            refId: 'A',
            rawSql:
              'SELECT $__timeGroupAlias(ts, 1m), COUNT(*) AS n FROM sensor_data WHERE $__timeFilter(ts) GROUP BY 1 ORDER BY 1',
          },
        ],
      },
      'alice',
    );
    expect(res.errors).toBeUndefined();
    expect(res.frames[0].fields.map((f) => f.name)).toEqual(['time', 'n']);
    expect(res.frames[0].length).toBeGreaterThan(50);
    expect(res.queries[0]).toMatchObject({ refId: 'A', datasourceUid: 'duckdb' });
    expect(res.queries[0].sql).toMatch(/time_bucket\(INTERVAL '1 minutes?', ts\)/);
    expect(res.queries[0].sql).not.toContain('$__');
    expect(res.ms).toBeGreaterThan(0);
    expect(logs.some((l) => /^ad hoc SQL by alice on duckdb: SELECT time_bucket/.test(l))).toBe(true);
  });

  it('logs the same SQL of the same editor once a minute, however often a live preview re-runs it', async () => {
    const rawSql = 'SELECT COUNT(*) AS once_a_minute FROM sales WHERE $__timeFilter(ts)';
    const count = () => logs.filter((l) => l.includes('once_a_minute')).length;
    for (let i = 0; i < 3; i++) await rt.adHocQuery({ range, queries: [{ refId: 'A', rawSql }] }, 'alice');
    expect(count()).toBe(1);
    await rt.adHocQuery({ range, queries: [{ refId: 'A', rawSql }] }, 'bob');
    expect(count()).toBe(2);
  });

  it("quotes a dashboard's variables as a saved panel does, and refuses values that are not options", async () => {
    const sql = 'SELECT COUNT(*) AS n FROM sensor_data WHERE sensor_id IN ($sensor) AND $__timeFilter(ts)';
    const ok = await rt.adHocQuery(
      {
        range,
        dashboardUid: 'iot-sensors',
        vars: { sensor: 'sensor-1' },
        queries: [{ refId: 'A', rawSql: sql, format: 'table' }],
      },
      'alice',
    );
    expect(ok.queries[0].sql).toContain("sensor_id IN ('sensor-1')");
    await expect(
      rt.adHocQuery(
        {
          range,
          dashboardUid: 'iot-sensors',
          vars: { sensor: "x') OR 1=1 --" },
          queries: [{ refId: 'A', rawSql: sql }],
        },
        'alice',
      ),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('keeps the read-only check, and names an unknown dashboard or datasource', async () => {
    await expect(
      rt.adHocQuery({ range, queries: [{ refId: 'A', rawSql: 'DELETE FROM sales' }] }, 'alice'),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      rt.adHocQuery({ range, queries: [{ refId: 'A', rawSql: 'SELECT 1; DROP TABLE sales' }] }, 'alice'),
    ).rejects.toMatchObject({ status: 400 });
    await expect(
      rt.adHocQuery({ range, dashboardUid: 'nope', queries: [{ refId: 'A', rawSql: 'SELECT 1' }] }, 'alice'),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      rt.adHocQuery({ range, queries: [{ refId: 'A', datasource: { uid: 'nope' }, rawSql: 'SELECT 1' }] }, 'alice'),
    ).rejects.toThrow(/nope/);
  });

  it("runs the panel editor's starter SQL for a new panel as it is", async () => {
    const res = await rt.adHocQuery({ range, queries: [{ refId: 'A', rawSql: STARTER_SQL }] }, 'alice');
    expect(res.errors).toBeUndefined();
    expect(res.frames[0].fields.map((f) => f.name)).toEqual(['time', 'value']);
    expect(res.frames[0].length).toBeGreaterThan(10);
  });

  it('answers an engine error per query, the others still run', async () => {
    const res = await rt.adHocQuery(
      {
        range,
        queries: [
          { refId: 'A', rawSql: 'SELECT nosuchcolumn FROM sales', format: 'table' },
          { refId: 'B', rawSql: 'SELECT 42 AS answer', format: 'table' },
        ],
      },
      'alice',
    );
    expect(res.errors).toEqual([
      { refId: 'A', message: expect.stringMatching(/nosuchcolumn/), position: { line: 1, column: 8 } },
    ]);
    expect(res.frames[0].fields[0].values).toEqual([42]);
  });

  it("places an engine error in the SQL as typed, though macros changed the lines' lengths", async () => {
    const rawSql = [
      'SELECT $__timeGroupAlias(ts, 1m), avg(temperature) AS t',
      'FROM sensor_data',
      'WHERE $__timeFilter(ts) AND temprature > 0',
      'GROUP BY 1',
    ].join('\n');
    const res = await rt.adHocQuery({ range, queries: [{ refId: 'A', rawSql }] }, 'alice');
    expect(res.errors?.[0].message).toMatch(/Referenced column "temprature" not found[\s\S]*LINE 3:/);
    expect(res.queries[0].sql.split('\n')[2].indexOf('temprature')).toBeGreaterThan(40);
    expect(res.errors?.[0].position).toEqual({ line: 3, column: rawSql.split('\n')[2].indexOf('temprature') + 1 });
    const syntax = await rt.adHocQuery(
      { range, queries: [{ refId: 'B', rawSql: 'SELECT $__timeGroup(ts, 1m) AS time\nFROM FROM sensor_data' }] },
      'alice',
    );
    expect(syntax.errors).toEqual([
      { refId: 'B', message: expect.stringMatching(/syntax error/), position: { line: 2, column: 6 } },
    ]);
  });

  it('refuses a request it cannot prepare with a 400 that says what is wrong', async () => {
    const cases: Array<[Partial<Parameters<Runtime['adHocQuery']>[0]>, RegExp]> = [
      [{ queries: [{ refId: 'A', rawSql: 'SELECT $__nope(ts) FROM sales' }] }, /Unknown macro \$__nope\(\)/],
      [{ queries: [{ refId: 'A', rawSql: 'SELECT $__timeGroup(ts) FROM sales' }] }, /\$__timeGroup takes 2 to 3/],
      [{ queries: [{ refId: 'A', rawSql: "SELECT $__timeGroup(ts, 'soon') FROM sales" }] }, /Invalid interval "soon"/],
      [{ queries: [{ refId: 'A', rawSql: 'SELECT $__timeFilter(ts FROM sales' }] }, /Unclosed parenthesis/],
      [{ queries: [{ refId: 'A', rawSql: 'SELECT 1' }], range: { from: 'yesterday', to: 'now' } }, /Invalid time/],
    ];
    for (const [req, why] of cases) {
      const err = await rt.adHocQuery({ range, ...req } as Parameters<Runtime['adHocQuery']>[0], 'alice').then(
        () => undefined,
        (e: { status?: number; message: string }) => e,
      );
      expect(err, String(why)).toMatchObject({ status: 400, message: expect.stringMatching(why) });
    }
  });
});
