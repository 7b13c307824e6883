/**
 * What the panel editor asks the server for besides data, on the server that requires a login (port LOCKED_PORT):
 * tables and columns for autocomplete (`GET /api/datasources/<uid>/schema`, editors only), and where an engine
 * error points in the SQL as typed (`position` on `POST /api/ds/query` errors).
 */
import { expect, test } from '@playwright/test';
import { ask, viewerAndTwoEditors } from './accounts/client';

test.describe.configure({ mode: 'serial' });

let viewer: string;
let alice: string;

test.beforeAll(async () => {
  ({ viewer, alice } = await viewerAndTwoEditors());
});

interface Answer {
  tables: Array<{ name: string; schema?: string; columns?: Array<{ name: string; type: string }> }>;
  truncated: boolean;
  cachedAt: number;
}

test('editors get tables and columns by prefix for autocomplete; viewers and strangers do not', async () => {
  const path = '/api/datasources/duckdb/schema?prefix=SE&limit=10';
  expect((await ask(path, { cookie: viewer })).status).toBe(403);
  expect((await ask(path)).status).toBe(401);
  const res = await ask(path, { cookie: alice });
  expect(res.status, res.body).toBe(200);
  const body = res.json as unknown as Answer;
  expect(body.truncated).toBe(false);
  expect(body.cachedAt).toBeLessThanOrEqual(Date.now());
  expect(body.tables.map((t) => t.name)).toEqual(['sensor_data']);
  expect(body.tables[0]).toMatchObject({ schema: 'main' });
  expect(body.tables[0].columns).toContainEqual({ name: 'ts', type: 'TIMESTAMP' });

  const all = (await ask('/api/datasources/duckdb/schema', { cookie: alice })).json as unknown as Answer;
  expect(all.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['sales', 'sensor_data']));
  // Read once a minute: a second answer comes from the same read.
  expect(all.cachedAt).toBe(body.cachedAt);

  const one = (await ask('/api/datasources/duckdb/schema?table=sales', { cookie: alice })).json as unknown as Answer;
  expect(one.tables).toHaveLength(1);
  expect(one.tables[0].columns?.map((c) => c.name)).toEqual(expect.arrayContaining(['city', 'amount', 'ts']));
});

test('a bad limit is a 400 naming it, an unknown datasource a 404', async () => {
  for (const limit of ['0', '1001', 'many']) {
    const res = await ask(`/api/datasources/duckdb/schema?limit=${limit}`, { cookie: alice });
    expect(res.status, limit).toBe(400);
    expect(res.json?.error).toBe('Invalid request: limit: must be a whole number from 1 to 1000');
  }
  const nope = await ask('/api/datasources/nope/schema', { cookie: alice });
  expect(nope.status).toBe(404);
  expect(nope.json?.error).toBe('Unknown datasource "nope"');
});

test('an engine error comes with its place in the SQL as typed; an unpreparable request is a clear 400', async () => {
  const range = { from: 'now-1h', to: 'now' };
  const rawSql = 'SELECT $__timeGroupAlias(ts, 1m), count(*) AS n\nFROM sales\nWHERE $__timeFilter(ts) AND nope > 1';
  const res = await ask('/api/ds/query', {
    method: 'POST',
    cookie: alice,
    body: { range, queries: [{ refId: 'A', rawSql }] },
  });
  expect(res.status, res.body).toBe(200);
  expect(res.json?.errors).toEqual([
    {
      refId: 'A',
      message: expect.stringMatching(/Referenced column "nope" not found/),
      position: { line: 3, column: 29 },
    },
  ]);

  const bad = await ask('/api/ds/query', {
    method: 'POST',
    cookie: alice,
    body: { range, queries: [{ refId: 'A', rawSql: 'SELECT $__timeGroup(ts) FROM sales' }] },
  });
  expect(bad.status).toBe(400);
  expect(bad.json?.error).toMatch(/^Macro \$__timeGroup takes 2 to 3 argument\(s\), got 1: use \$__timeGroup\(/);
});
