/**
 * Query variables' options honour the time range (their SQL's macros render over it), in the view's option lists,
 * in the check of a panel query's values, and in the variables editor's preview (`POST /api/ds/variable-options`),
 * on the real embedded DuckDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { startTestRuntime } from '../testing/runtime';
import { setRuntime } from '../runtime-access';
import { parseDashboard } from '../dashboards/store';
import type { Variable } from '../dashboards/schema';
import { encodeGrant, PRINCIPAL_HEADER } from '../auth/principal-header';
import { POST } from '../../app/api/ds/variable-options/route';
import { optionsWindow } from './variable-options';

let rt: Runtime;
let logs: string[];
let close: () => Promise<void>;
const MIN = 60_000;
const lastHour = { from: 'now-1h', to: 'now' };
const last6h = { from: 'now-6h', to: 'now' };
const CITY_SQL = 'SELECT DISTINCT city FROM sales WHERE $__timeFilter(ts) ORDER BY 1';
const city: Variable = {
  name: 'city',
  type: 'query',
  query: CITY_SQL,
  multi: false,
  includeAll: true,
  options: [],
};

function order(cityName: string, agoMs: number) {
  return {
    ts: Date.now() - agoMs,
    city: cityName,
    lat: 0,
    lon: 0,
    product: 'p',
    category: 'c',
    quantity: 1,
    unit_price: 1,
    amount: 1,
  };
}

beforeAll(async () => {
  ({ rt, logs, close } = await startTestRuntime('varopts'));
  await rt.ingest('sales', [order('Oldtown', 3 * 3600_000), order('Newtown', 10 * MIN)]);
  rt.dashboards.put(
    parseDashboard({
      uid: 'by-city',
      title: 'By city',
      templating: {
        list: [
          { name: 'city', type: 'query', query: CITY_SQL, includeAll: true, allValue: 'SELECT city FROM sales' },
          { name: 'bucket', type: 'interval', query: '1m,5m,1h' },
        ],
      },
      panels: [
        {
          id: 1,
          type: 'stat',
          title: 'Orders',
          gridPos: { x: 0, y: 0, w: 6, h: 4 },
          targets: [
            {
              refId: 'A',
              format: 'table',
              rawSql:
                "SELECT COUNT(*) AS n, $bucket AS bucket FROM sales WHERE city = $city AND $__timeFilter(ts) GROUP BY $__timeGroup(ts, '1h')",
            },
          ],
        },
      ],
    }),
  );
  setRuntime(rt);
});

afterAll(async () => {
  setRuntime(undefined);
  await close();
});

describe('a query variable over the time range', () => {
  it('lists only the values in the range: the macros render over it', async () => {
    expect(await rt.variableOptions(city, lastHour)).toEqual(['Newtown']);
    expect(await rt.variableOptions(city, last6h)).toEqual(['Newtown', 'Oldtown']);
  });

  it('checks a panel query’s values against the options of its own range', async () => {
    const ask = (range: { from: string; to: string }, vars: Record<string, string>) =>
      rt.query({ dashboardUid: 'by-city', panelId: 1, range, vars });
    await expect(ask(lastHour, { city: 'Oldtown' })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/"Oldtown" is not a value of variable "city"/),
    });
    const res = await ask(last6h, { city: 'Oldtown', bucket: '5m' });
    expect(res.errors).toBeUndefined();
    expect(res.frames[0].fields.find((f) => f.name === 'bucket')!.values).toEqual(['5m']);
    // Interval variables are listed as custom ones: anything else is refused.
    await expect(ask(last6h, { city: 'Oldtown', bucket: '7m' })).rejects.toMatchObject({ status: 400 });
  });

  it("renders All as the variable's custom all value, as written", async () => {
    const res = await rt.adHocQuery(
      {
        range: lastHour,
        dashboardUid: 'by-city',
        vars: { city: '$__all' },
        queries: [{ refId: 'A', format: 'table', rawSql: 'SELECT COUNT(*) AS n FROM sales WHERE city IN ($city)' }],
      },
      'alice',
    );
    expect(res.errors).toBeUndefined();
    expect(res.queries[0].sql).toBe('SELECT COUNT(*) AS n FROM sales WHERE city IN (SELECT city FROM sales)');
    expect(Number(res.frames[0].fields[0].values[0])).toBeGreaterThanOrEqual(2);
  });

  it('reads a window widened to whole minutes, so a moving range reuses its cached options', () => {
    const clock = Date.UTC(2024, 0, 1, 12, 30, 17, 250);
    const w = optionsWindow({ from: 'now-1h', to: 'now' }, clock);
    expect(w.from.toISOString()).toBe('2024-01-01T11:30:00.000Z');
    expect(w.to.toISOString()).toBe('2024-01-01T12:31:00.000Z');
  });

  it('caches by the rendered SQL; the preview reads fresh', async () => {
    const v = { ...city, query: `${CITY_SQL} LIMIT 50` };
    expect(await rt.variableOptions(v, lastHour)).toEqual(['Newtown']);
    await rt.ingest('sales', [order('Latetown', MIN)]);
    expect(await rt.variableOptions(v, lastHour)).toEqual(['Newtown']);
    const fresh = await rt.previewVariable({ variable: v, range: lastHour }, 'alice');
    expect(fresh.values).toEqual(['Latetown', 'Newtown']);
    expect(fresh.sql).toMatch(/WHERE ts BETWEEN TIMESTAMP '.*:00.000' AND TIMESTAMP '.*:00.000'/);
    expect(fresh.sql).not.toContain('$__');
    expect(
      logs.some((l) => /^variable query by alice on duckdb: SELECT DISTINCT city FROM sales WHERE ts/.test(l)),
    ).toBe(true);
  });

  it('keeps the read-only check on the rendered SQL', async () => {
    for (const query of ['DELETE FROM sales WHERE $__timeFilter(ts)', 'SELECT 1; DROP TABLE sales'])
      await expect(rt.variableOptions({ ...city, query }, lastHour)).rejects.toMatchObject({ status: 400 });
  });
});

describe('POST /api/ds/variable-options', () => {
  const post = (body: unknown) =>
    POST(
      new Request('http://localhost/api/ds/variable-options', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [PRINCIPAL_HEADER]: encodeGrant({ kind: 'user', role: 'editor', login: 'ana', embedOnly: false }),
        },
        body: JSON.stringify(body),
      }),
    );

  it('previews a query variable over the range it is given, with the SQL as sent', async () => {
    const res = await post({ variable: { name: 'city', type: 'query', query: CITY_SQL }, range: last6h });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { values: string[]; ms: number; sql: string };
    expect(body.values).toEqual(expect.arrayContaining(['Newtown', 'Oldtown']));
    expect(body.ms).toBeGreaterThanOrEqual(0);
    expect(body.sql).toMatch(/^SELECT DISTINCT city FROM sales WHERE ts BETWEEN /);
    expect(logs.some((l) => l.startsWith('variable query by ana on duckdb'))).toBe(true);
  });

  it('parses custom and interval values as the view does', async () => {
    const custom = await post({
      variable: { name: 'region', type: 'custom', query: 'North : n, South' },
      range: last6h,
    });
    expect(await custom.json()).toMatchObject({ values: ['n', 'South'] });
    const interval = await post({ variable: { name: 'i', type: 'interval', query: '1m,5m' }, range: last6h });
    expect(await interval.json()).toMatchObject({ values: ['1m', '5m'] });
  });

  it('answers bad input with a 400 naming the field, an unknown dashboard with a 404', async () => {
    const cases: Array<[unknown, number, RegExp]> = [
      [{ variable: { name: '1x', type: 'query', query: 'SELECT 1' }, range: last6h }, 400, /variable\.name/],
      [{ variable: { name: 'x', type: 'list', query: '' }, range: last6h }, 400, /variable\.type/],
      [{ variable: { name: 'x', type: 'query', query: 'SELECT 1' } }, 400, /range/],
      [{ variable: { name: 'x', type: 'query', query: '' }, range: last6h }, 400, /has no query/],
      [{ variable: { name: 'x', type: 'query', query: 'SELECT 1' }, range: { from: 'soon', to: 'now' } }, 400, /soon/],
      [{ variable: { name: 'x', type: 'query', query: 'DROP TABLE sales' }, range: last6h }, 400, /DROP|read-only/i],
      [
        { variable: { name: 'x', type: 'query', query: 'SELECT 1' }, range: last6h, dashboardUid: 'nope' },
        404,
        /Dashboard "nope" not found/,
      ],
    ];
    for (const [body, status, message] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
  });
});
