/**
 * No request can break a panel, a dashboard or the server (issue #11). Two parts, against the production build on
 * E2E_PORT:
 * - one test per defect the issue lists, each of which failed before its fix;
 * - generated cases (fast-check, fixed seed: FC_SEED=<n> replays a run, FC_SEED=random explores) over every route
 *   read from app/ (route handlers with their exported methods, and pages), their paths, queries, headers and
 *   bodies, over raw request lines and Host headers, and over every message type of /api/live. Each answer: no 5xx
 *   but an engine outage, a JSON error naming what was wrong on /api/*, no internals, no hang over 10 s. Ingest
 *   batches are checked all or nothing by counting rows before and after. At the end: health, a normal query, RSS
 *   bounded, and no unhandled promise rejection in the server.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import WebSocket from 'ws';
import { FC_SEED } from '../lib/testing/fc-seed';
import { INGEST_TABLES } from '../lib/ingest/tables';
import { allowedMethods, listAppRoutes, type AppRoute } from '../lib/server/app-routes';
import { ruleFor } from '../lib/auth/access';
import { closeAgent, send, sendRaw, uploadChunked, type RawRequest, type RawResponse } from './bad-input/http';
import { problemsOf, sentText, sqlLines, type SqlIndex } from './bad-input/checks';
import {
  bodyFrom,
  grafanaImportBody,
  headers,
  hostileString,
  hostileValue,
  ingestCase,
  methodFor,
  mostly,
  pathFor,
  placeRow,
  queryBody,
  queryString,
  rarely,
  variableOptionsBody,
  varValues,
  type IngestCase,
  type Known,
} from './bad-input/arbitraries';
import { LIVE_MESSAGE_TYPES, outgoing, runLive } from './bad-input/live';

const PORT = Number(process.env.E2E_PORT || 3199);
const ROUTES = listAppRoutes(path.resolve('app'));
const ADMIN = 'Bearer e2e-admin-token';
const EMPTY_RANGE = { from: '2001-01-01T00:00:00Z', to: '2001-01-01T06:00:00Z' };

/** Generated cases per route; a route not listed gets the default of its kind. */
const RUNS: Record<string, number> = {
  'POST /api/query': 300,
  'POST /api/embed-tokens': 120,
  'POST /api/ingest/[table]': 120,
  'POST /api/ds/variable-options': 120,
  page: 60,
  route: 80,
};
/**
 * Cases run per route and the statuses they got, printed at the end: a suite whose cases all stop at the first
 * check proves little.
 */
const casesRun = new Map<string, Map<string, number>>();
const count = (key: string, outcome: number | string) => {
  const m = casesRun.get(key) ?? new Map<string, number>();
  m.set(String(outcome), (m.get(String(outcome)) ?? 0) + 1);
  casesRun.set(key, m);
};

test.describe.configure({ mode: 'serial' });

let known: Known;
let sql: SqlIndex;
let rssBefore = 0;
const t0 = Date.now();

async function json<T>(req: RawRequest): Promise<{ res: RawResponse; body: T }> {
  const res = await send(PORT, req);
  return { res, body: JSON.parse(res.body) as T };
}

const get = <T>(p: string) => json<T>({ method: 'GET', path: p });
/** POSTs as the bootstrap admin: ingest needs an editor, and the defects are past the access check. */
const postJson = <T>(p: string, body: unknown, h: Record<string, string> = {}) =>
  json<T>({
    method: 'POST',
    path: p,
    headers: { 'content-type': 'application/json', authorization: ADMIN, ...h },
    body: JSON.stringify(body),
  });

async function metric(name: string): Promise<number> {
  const res = await send(PORT, { method: 'GET', path: '/metrics' });
  const line = res.body.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').pop()) : Number.NaN;
}

type Frames = {
  frames: Array<{ fields: Array<{ name: string; values: unknown[] }> }>;
  errors?: Array<{ message: string }>;
};

/** Rows of `table` with `ts` in [from, to), through the fixture dashboard's count panels. */
async function rowCount(table: string, from: number, to: number): Promise<number> {
  const { body } = await postJson<Frames>('/api/query', {
    dashboardUid: 'e2e-bad-input',
    panelId: table === 'sales' ? 2 : 1,
    range: { from: new Date(from).toISOString(), to: new Date(to - 1).toISOString() },
  });
  if (body.errors) throw new Error(`row count failed: ${body.errors[0].message}`);
  return Number(body.frames[0].fields[0].values[0]);
}

test.beforeAll(async () => {
  const { body: list } = await get<{ dashboards: Array<{ uid: string }> }>('/api/dashboards');
  const { body: ds } = await get<{ datasources: Array<{ uid: string }> }>('/api/datasources');
  known = {
    dashboards: list.dashboards.map((d) => d.uid),
    panels: {},
    variables: {},
    options: [],
    datasources: ds.datasources.map((d) => d.uid),
    tables: Object.keys(INGEST_TABLES),
  };
  sql = new Map();
  for (const uid of known.dashboards) {
    const { body: d } = await get<{
      panels: Array<{ id: number; targets: Array<{ rawSql: string }> }>;
      templating: { list: Array<{ name: string }> };
    }>(`/api/dashboards/${uid}`);
    known.panels[uid] = d.panels.map((p) => p.id);
    known.variables[uid] = d.templating.list.map((v) => v.name);
    for (const p of d.panels)
      sql.set(
        `${uid}/${p.id}`,
        p.targets.flatMap((t) => sqlLines(t.rawSql)),
      );
    for (const v of d.templating.list) {
      const { body: o } = await get<{ options?: Array<{ value: string }> }>(
        `/api/dashboards/${uid}/variables/${encodeURIComponent(v.name)}`,
      );
      known.options.push(...(o.options ?? []).map((x) => x.value));
    }
  }
  rssBefore = await metric('pulseboard_process_resident_memory_bytes');
});

test.afterAll(() => {
  closeAgent();
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const rows = [...casesRun].map(
    ([k, m]) =>
      `  ${String(total(m)).padStart(5)}  ${k}  [${[...m]
        .sort()
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}]`,
  );
  const all = [...casesRun.values()].reduce((a, m) => a + total(m), 0);
  console.log(
    `[bad-input] generated cases per route (seed ${FC_SEED}, ${Math.round((Date.now() - t0) / 1000)} s in all) [outcome×count]:\n${rows.join('\n')}\n  ${String(all).padStart(5)}  total`,
  );
});

/* ------------------------------------------------------------------------------------------------------------ */
/* The defects of issue #11, one test each                                                                      */
/* ------------------------------------------------------------------------------------------------------------ */

// Issue #11, item 1.
test('a range with no rows answers frames without errors, and the panels say "No data"', async ({ page }) => {
  for (const uid of known.dashboards.filter((u) => u !== 'e2e-broken')) {
    for (const panelId of known.panels[uid]) {
      const { res, body } = await postJson<Frames>('/api/query', { dashboardUid: uid, panelId, range: EMPTY_RANGE });
      expect(res.status, `${uid}/${panelId}`).toBe(200);
      expect(body.errors, `${uid}/${panelId}`).toBeUndefined();
    }
  }
  await page.goto(`/d/iot-sensors?from=${EMPTY_RANGE.from}&to=${EMPTY_RANGE.to}&refresh=`);
  for (const id of [1, 2]) {
    await expect(page.locator(`[data-panel-id="${id}"]`)).toHaveAttribute('data-state', 'nodata');
    await expect(page.locator(`[data-panel-id="${id}"]`)).toContainText('No data');
  }
  await expect(page.locator('[data-state="error"]')).toHaveCount(0);
});

// Issue #11, item 2 (the stored-value half is lib/query/stored-values.test.ts: ingest can no longer store one).
test('ingest refuses control characters and unbounded text, so no stored value can break a dashboard', async () => {
  const base = Date.UTC(1976, 0, 1);
  const row = { sensor_id: 'ok', temperature: 20, humidity: 50, ts: base };
  for (const [bad, why] of [
    [{ ...row, sensor_id: 'x\u0000y' }, /row 1, field sensor_id: .*control character U\+0000/],
    [{ ...row, sensor_id: 'é'.repeat(33) }, /row 1, field sensor_id: at most 64 bytes/],
  ] as const) {
    const { res, body } = await postJson<{ error: string }>('/api/ingest/sensor_data', [row, bad]);
    expect(res.status).toBe(400);
    expect(body.error).toMatch(why);
  }
  expect(await rowCount('sensor_data', base, base + 1000)).toBe(0);
  const { body } = await postJson<Frames>('/api/query', {
    dashboardUid: 'iot-sensors',
    panelId: 1,
    range: { from: 'now-1h', to: 'now' },
  });
  expect(body.errors).toBeUndefined();
});

// Issue #11, item 2: unbounded lengths, also of a whole body that streams without declaring its length.
test('a body over the limit is a 413 as soon as it passes the limit, declared or chunked', async () => {
  for (const [p, limit] of [
    ['/api/ingest/sales', 16 * 2 ** 20],
    ['/api/query', 2 ** 20],
  ] as const) {
    const res = await uploadChunked(PORT, p, limit + 2 ** 20, { authorization: ADMIN });
    expect(res.status, p).toBe(413);
    expect(JSON.parse(res.body).error, p).toBe(`Body larger than ${limit} bytes`);
  }
  const { res } = await json<{ error: string }>({
    method: 'POST',
    path: '/api/ingest/sales',
    headers: { 'content-length': String(17 * 2 ** 20), authorization: ADMIN },
    body: '',
  }).catch(() => ({ res: undefined }));
  expect(res === undefined || res.status === 413).toBe(true);
  expect((await send(PORT, { method: 'GET', path: '/api/health' })).status).toBe(200);
});

// Issue #11, item 3.
test('values the engine would refuse are 400s naming the row and field, and nothing is written', async () => {
  const base = Date.UTC(1976, 0, 2);
  const order = { city: 'Lima', lat: 0, lon: 0, product: 'p', category: 'c', quantity: 1, unit_price: 1, ts: base };
  const cases: Array<[string, unknown[], RegExp]> = [
    [
      'sensor_data',
      [
        { sensor_id: 's', temperature: 1, humidity: 1, ts: base },
        { sensor_id: 's', temperature: 1, humidity: 1, ts: '+275760-09-13T00:00:00.000Z' },
      ],
      /row 1, field ts: /,
    ],
    [
      'sensor_data',
      [{ sensor_id: 's', temperature: 1, humidity: 1, ts: '+100000-01-01T00:00:00Z' }],
      /row 0, field ts: /,
    ],
    ['sales', [order, { ...order, amount: 1e15 }], /row 1, field amount: /],
    ['sales', [{ ...order, quantity: 100_000, unit_price: 1_000_000 }], /row 0, field amount: quantity × unit_price/],
  ];
  for (const [table, rows, why] of cases) {
    const { res, body } = await postJson<{ error: string }>(`/api/ingest/${table}`, rows);
    expect(res.status, JSON.stringify(rows)).toBe(400);
    expect(body.error).toMatch(why);
    expect(await rowCount(table, base, base + 1000)).toBe(0);
  }
});

// Issue #11, item 4.
test('malformed escapes, bad Host headers and TRACE are 4xx at the server edge, JSON on /api/*', async () => {
  for (const [method, p] of [
    ['POST', '/api/ingest/%zz'],
    ['GET', '/api/dashboards/%zz'],
    ['GET', '/api/dashboards/sales/variables/%E2%82'],
    ['TRACE', '/api/health'],
    ['TRACE', '/api/query'],
  ]) {
    const res = await send(PORT, { method, path: p, body: method === 'POST' ? '[]' : undefined });
    expect(res.status, `${method} ${p}`).toBeGreaterThanOrEqual(400);
    expect(res.status, `${method} ${p}`).toBeLessThan(500);
    expect(JSON.parse(res.body).error, `${method} ${p}`).toMatch(/percent-escape|does not answer TRACE/);
  }
  for (const p of ['/d/%zz', '/embed/%zz', '/embed/sales/%zz', '/d-solo/%zz']) {
    const res = await send(PORT, { method: 'GET', path: p });
    expect(res.status, p).toBe(400);
  }
  const trace = await send(PORT, { method: 'TRACE', path: '/d/sales' });
  expect(trace.status).toBe(405);
  const foo = await sendRaw(PORT, 'FOO /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  expect(foo.status).toBe(400);
  expect(JSON.parse(foo.body).error).toMatch(/Unknown HTTP method/);
  for (const host of ['[::1', 'a b', 'x:99999', 'a/b']) {
    for (const [method, p] of [
      ['POST', '/api/query'],
      ['GET', '/api/health'],
      ['GET', '/d/sales'],
    ]) {
      const res = await sendRaw(
        PORT,
        `${method} ${p} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
      );
      expect(res.status, `${method} ${p} with Host ${host}`).toBe(400);
      if (p.startsWith('/api/')) expect(res.text).toMatch(/"error":"Invalid Host header/);
    }
  }
});

// Issue #11, item 6.
test('WebSocket upgrades on other paths than /api/live get an HTTP error and are closed', async () => {
  for (const p of ['/api/live/', '/api/livex', '/_next/webpack-hmr', '/d/sales', '/api/live%20']) {
    const res = await sendRaw(
      PORT,
      `GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    expect(res.status, p).toBe(404);
    expect(res.text, p).toMatch(/No WebSocket endpoint at .*live updates are at \/api\/live/);
    expect(res.ms, p).toBeLessThan(2000);
  }
});

// Issue #11, item 8.
test('framing is decided on the path Next serves: /embed/../d/sales is a dashboard, framed by nobody', async () => {
  for (const p of ['/embed/../d/sales', '/embed/%2e%2e/d/sales', '/embed/.%2E/d/sales', '/embed/x/../../d/sales']) {
    const res = await send(PORT, { method: 'GET', path: p });
    expect(res.status, p).toBe(200);
    expect(res.headers['x-frame-options'], p).toBe('DENY');
    expect(res.headers['content-security-policy'], p).toBe("frame-ancestors 'none'");
  }
  expect((await send(PORT, { method: 'GET', path: '/embed/sales/5' })).headers['content-security-policy']).toMatch(
    /^frame-ancestors 'self'/,
  );
});

test('unknown API paths and methods get JSON 404 and 405 (with Allow), not the HTML page', async () => {
  const nope = await send(PORT, { method: 'GET', path: '/api/nope' });
  expect(nope.status).toBe(404);
  expect(JSON.parse(nope.body)).toEqual({ error: 'No API route GET /api/nope' });
  const del = await send(PORT, { method: 'DELETE', path: '/api/health' });
  expect(del.status).toBe(405);
  expect(del.headers.allow).toBe('GET, HEAD, OPTIONS');
  expect(JSON.parse(del.body).error).toMatch(/\/api\/health does not answer DELETE/);
  const live = await send(PORT, { method: 'GET', path: '/api/live' });
  expect(live.status).toBe(426);
});

/* ------------------------------------------------------------------------------------------------------------ */
/* Generated cases                                                                                              */
/* ------------------------------------------------------------------------------------------------------------ */

/** The panel a query body or subscribe names, when it names one: its own SQL may appear in its own engine error. */
function panelOf(body: unknown): string[] {
  try {
    const b = (typeof body === 'string' ? JSON.parse(body) : body) as { dashboardUid?: unknown; panelId?: unknown };
    return b && typeof b.dashboardUid === 'string' ? [`${b.dashboardUid}/${String(b.panelId)}`] : [];
  } catch {
    return [];
  }
}

/** An `/api/*` request as the server sees it: after dot segments are resolved (`/api/..` is the home page). */
function isApi(target: string): boolean {
  let p = target;
  try {
    p = new URL(`http://localhost${target}`).pathname;
  } catch {
    // unparsable: the raw path decides
  }
  return /^\/api(\/|$)/.test(p);
}

/** Bodies by route and method; a route nobody described here gets generic JSON, so it is fuzzed all the same. */
function bodyFor(route: AppRoute, method: string): fc.Arbitrary<string | undefined> {
  if (method === 'GET' || method === 'HEAD') return rarely(fc.string({ maxLength: 20 }), 6);
  if (route.pattern === '/api/query') return bodyFrom(queryBody(known));
  if (route.pattern === '/api/ds/variable-options') return bodyFrom(variableOptionsBody(known));
  if (route.pattern === '/api/embed-tokens') {
    const panel = fc.constantFrom(...Object.values(known.panels).flat());
    return bodyFrom(
      fc.record({
        dashboardUid: mostly(fc.constantFrom(...known.dashboards)),
        panelId: mostly(panel),
        vars: rarely(varValues(known), 3),
        ttlSeconds: rarely(mostly(fc.integer({ min: 1, max: 86_400 })), 3),
      }),
    );
  }
  if (route.pattern.startsWith('/api/dashboards/import')) return bodyFrom(grafanaImportBody);
  if (route.pattern === '/api/ingest/[table]')
    return ingestCase(known).map((c) => encodeBatch(c, Date.UTC(1977, 0, 1)).body);
  return bodyFrom(hostileValue);
}

function needsCredential(route: AppRoute, method: string): boolean {
  const need = ruleFor(method, route.pattern)?.need;
  return need === 'editor' || need === 'admin';
}

function caseFor(route: AppRoute): fc.Arbitrary<RawRequest> {
  return methodFor(route).chain((method) =>
    fc.record(
      {
        method: fc.constant(method),
        path: fc.tuple(pathFor(route, known), queryString).map(([p, q]) => `${p}${q}`),
        headers: fc.tuple(headers, fc.oneof(fc.constant(ADMIN), hostileString)).map(([h, auth]) =>
          // Routes past the viewer role are fuzzed mostly with the bootstrap admin's credential, so that the
          // cases reach the handler instead of stopping at the access check.
          needsCredential(route, method)
            ? { ...h, authorization: /^[\t\x20-\x7e\x80-\xff]*$/.test(auth) ? auth : ADMIN }
            : h,
        ),
        body: bodyFor(route, method),
      },
      { requiredKeys: ['method', 'path', 'headers'] },
    ),
  );
}

for (const route of ROUTES) {
  const runs = RUNS[`${route.methods.join(',')} ${route.pattern}`] ?? RUNS[route.kind];
  test(`generated requests: ${route.kind} ${route.methods.join(',')} ${route.pattern}`, async () => {
    const key = `${route.kind} ${route.pattern} (${allowedMethods(route).join(', ')})`;
    await fc.assert(
      fc.asyncProperty(caseFor(route), async (req) => {
        const res = await send(PORT, req);
        count(key, res.status);
        const api = isApi(req.path);
        const problems = problemsOf(res, {
          api,
          method: req.method,
          sql,
          panels: panelOf(req.body),
          // A dashboard's document and its saved versions hold its panels' SQL (viewers may read them).
          sqlAllowed:
            route.kind === 'page' ||
            ((route.pattern === '/api/dashboards/[uid]' ||
              route.pattern === '/api/dashboards/[uid]/export' ||
              route.pattern.startsWith('/api/dashboards/[uid]/versions')) &&
              res.status === 200),
          sent: sentText([req.path, req.body, ...Object.values(req.headers ?? {})]),
        });
        if (
          api &&
          res.status < 300 &&
          req.method !== 'HEAD' &&
          res.status !== 204 &&
          !/json/.test(String(res.headers['content-type']))
        )
          problems.push(`a ${res.status} that is not JSON`);
        expect(problems, `${req.method} ${req.path.slice(0, 300)} → ${res.status} ${res.body.slice(0, 300)}`).toEqual(
          [],
        );
      }),
      { seed: FC_SEED, numRuns: runs },
    );
  });
}

/** An ingest case as the bytes of a request body, rows placed in the window from `base`. */
function encodeBatch(c: IngestCase, base: number): { body: string; contentType: string } {
  const rows = c.rows.map((t) => placeRow(t, base));
  switch (c.encoding) {
    case 'object':
      return { body: JSON.stringify(rows[0] ?? {}), contentType: c.contentType ?? 'application/json' };
    case 'ndjson':
      return { body: rows.map((r) => JSON.stringify(r)).join('\n'), contentType: c.contentType ?? 'text/plain' };
    case 'ndjson-typed':
      return { body: rows.map((r) => JSON.stringify(r)).join('\r\n'), contentType: 'application/x-ndjson' };
    case 'broken':
      return { body: JSON.stringify(rows).slice(0, -1), contentType: 'application/json' };
    default:
      return { body: JSON.stringify(rows), contentType: c.contentType ?? 'application/json' };
  }
}

/** Where this run's ingest windows start: a different minute of 1980-1999 on each run, for servers that keep their data. */
const WINDOWS_FROM = Date.UTC(1980, 0, 1) + ((Math.floor(Date.now() / 1000) * 1009) % 10_000_000) * 60_000;

test('generated ingest batches are written all or nothing', async () => {
  let window = 0;
  const key = 'route /api/ingest/[table] (batches, rows counted before and after)';
  await fc.assert(
    fc.asyncProperty(ingestCase(known), async (c) => {
      // A minute of 1980 of its own per case: the simulator writes at now, so the count sees only this batch.
      const base = WINDOWS_FROM + window++ * 60_000;
      const { body, contentType } = encodeBatch(c, base);
      const before = await rowCount(c.table, base, base + 60_000);
      const headersSent: Record<string, string> = { 'content-type': contentType, authorization: ADMIN };
      if (c.idempotencyKey !== undefined) headersSent['idempotency-key'] = c.idempotencyKey;
      const res = await send(PORT, { method: 'POST', path: `/api/ingest/${c.table}`, headers: headersSent, body });
      const after = await rowCount(c.table, base, base + 60_000);
      count(key, res.status);
      const problems = problemsOf(res, { api: true, method: 'POST', sent: sentText([body, c.idempotencyKey]) });
      const written = res.status === 201 ? (JSON.parse(res.body) as { inserted: number }).inserted : 0;
      if (res.status === 201 && written !== c.rows.length && c.encoding !== 'object')
        problems.push(`201 says ${written} rows of ${c.rows.length}`);
      if (res.status >= 400 && !/row \d+|body|JSON|rows|Idempotency-Key|larger than|limit/i.test(res.body))
        problems.push('the 4xx does not name the row or what was wrong');
      if (after - before !== written)
        problems.push(`rows in the window: ${before} before, ${after} after, ${written} reported written`);
      expect(problems, `${c.table} ${body.slice(0, 300)} → ${res.status} ${res.body.slice(0, 300)}`).toEqual([]);
    }),
    { seed: FC_SEED, numRuns: 200 },
  );
});

test('generated request lines and Host headers (raw bytes) get a 4xx or an answer, never a hang or a 5xx', async () => {
  const key = 'raw request line and Host header (any path)';
  const host = fc.oneof(
    { arbitrary: fc.constantFrom('127.0.0.1', `127.0.0.1:${PORT}`, 'localhost', '[::1]:3000', 'my_app:80'), weight: 3 },
    fc.constantFrom('[::1', 'a b', 'x:99999', 'a/b', 'u@h', '', '%', 'é', 'x'.repeat(300), 'a\tb'),
    fc.string({ unit: fc.constantFrom(...'ab.:[]@/%_-1 '.split('')), maxLength: 12 }),
  );
  const target = fc.oneof(
    fc.constantFrom(
      '/api/health',
      '/api/query',
      '/d/sales',
      '/embed/sales/5',
      '/',
      '*',
      'http://evil.example/api/health',
      '/api/ingest/%zz',
      '//api/health',
      '/api/../api/health',
      '/%',
    ),
    fc.string({ unit: fc.constantFrom(...'/apiquery%.zh9~'.split('')), maxLength: 20 }).map((s) => `/${s}`),
  );
  const method = fc.constantFrom('GET', 'POST', 'HEAD', 'TRACE', 'OPTIONS', 'DELETE', 'FOO', 'get');
  await fc.assert(
    fc.asyncProperty(
      fc.record({ method, target, host, version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0') }),
      async ({ method: m, target: t, host: h, version }) => {
        const res = await sendRaw(
          PORT,
          `${m} ${t} ${version}\r\nHost: ${h}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
        );
        count(key, res.status);
        expect(res.status, `${m} ${t} Host: ${h} → ${res.text.slice(0, 200)}`).toBeLessThan(500);
        expect(problemsOf(res, { api: false, method: m, sent: sentText([t, h]) })).toEqual([]);
      },
    ),
    { seed: FC_SEED, numRuns: 150 },
  );
});

test(`generated /api/live messages (${LIVE_MESSAGE_TYPES.join(', ')}, non-JSON, binary, invalid UTF-8, huge)`, async () => {
  const key = `websocket /api/live (messages: ${LIVE_MESSAGE_TYPES.join(', ')} and raw frames)`;
  const wsBefore = await metric('pulseboard_ws_clients');
  await fc.assert(
    fc.asyncProperty(fc.array(outgoing(known), { minLength: 1, maxLength: 5 }), async (messages) => {
      const run = await runLive(PORT, messages);
      count(
        key,
        [...new Set(run.received.map((r) => String(r.type)))].sort().join('+') +
          (run.closeCode !== undefined ? `+close ${run.closeCode}` : '') || 'none',
      );
      const panels = messages.flatMap((m) => (m.kind === 'json' ? panelOf(m.value) : []));
      const sent = sentText(messages.map((m) => JSON.stringify(m)));
      for (const r of run.received) {
        const text = JSON.stringify(r);
        run.problems.push(
          ...problemsOf(
            { status: 200, headers: {}, body: text, ms: 0 },
            { api: false, method: 'WS', sql, panels, sent },
          ),
        );
        if (r.type === 'error' && (typeof r.message !== 'string' || r.message.length < 8))
          run.problems.push(`an error that names nothing: ${text.slice(0, 100)}`);
      }
      expect(run.problems, JSON.stringify(messages).slice(0, 400)).toEqual([]);
    }),
    { seed: FC_SEED, numRuns: 250 },
  );
  await expect.poll(() => metric('pulseboard_ws_clients'), { timeout: 5000 }).toBe(wsBefore);
});

// Issue #11, item 5 (fixed in lib/live): a range that grows past the 5-year limit while live says so.
test('a live range that grows past the 5-year limit gets an error, not silence', async () => {
  const from = new Date();
  from.setUTCFullYear(from.getUTCFullYear() - 5);
  from.setTime(from.getTime() + 2500);
  const ws = new WebSocket(`ws://127.0.0.1:${PORT}/api/live`);
  const got: Array<{ type: string; errors?: Array<{ message: string }>; message?: string }> = [];
  ws.on('message', (m) => got.push(JSON.parse(String(m))));
  await new Promise((r) => ws.once('open', r));
  ws.send(
    JSON.stringify({
      type: 'subscribe',
      id: 'far',
      dashboardUid: 'iot-sensors',
      panelId: 1,
      range: { from: from.toISOString(), to: 'now' },
    }),
  );
  await expect
    .poll(
      () =>
        got.some(
          (m) =>
            m.errors?.some((e) => /longer than 5 years/.test(e.message)) || /longer than 5 years/.test(m.message ?? ''),
        ),
      { timeout: 10_000 },
    )
    .toBe(true);
  ws.close();
});

/* ------------------------------------------------------------------------------------------------------------ */
/* Afterwards                                                                                                   */
/* ------------------------------------------------------------------------------------------------------------ */

test('afterwards: health and a normal query are fine, RSS is bounded, and no promise rejection went unhandled', async () => {
  const { res: health } = await get<{ status: string }>('/api/health');
  expect(health.status).toBe(200);
  const { res, body } = await postJson<Frames>('/api/query', {
    dashboardUid: 'iot-sensors',
    panelId: 1,
    range: { from: 'now-1h', to: 'now' },
  });
  expect(res.status).toBe(200);
  expect(body.errors).toBeUndefined();
  expect(body.frames[0].fields[0].values.length).toBeGreaterThan(0);
  const rss = await metric('pulseboard_process_resident_memory_bytes');
  console.log(
    `[bad-input] server RSS ${Math.round(rssBefore / 2 ** 20)} MB before, ${Math.round(rss / 2 ** 20)} MB after`,
  );
  // Measured: +150 to +370 MB over a run (Next's render caches; live channels over ranges up to 5 years, which
  // outlive their last subscriber by 30 s). Buffering what the suite throws at it (1 MiB frames, 17 MiB uploads,
  // 300 query bodies) or leaking sockets would pass this by far.
  expect(rss).toBeLessThan(rssBefore + 512 * 2 ** 20);
  expect(rss).toBeLessThan(1.5 * 2 ** 30);
  expect(await metric('pulseboard_unhandled_rejections_total')).toBe(0);
});
