import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { HTTP_METHODS, type AppRoute } from '../../lib/server/app-routes';

/**
 * Generators of hostile requests. Every value is usually plausible (a known uid, a valid range) and sometimes
 * hostile, so that cases reach deep into the handlers instead of all stopping at the first check.
 */

/** What the server knows, read from it at the start of the suite. */
export interface Known {
  dashboards: string[];
  panels: Record<string, number[]>;
  /** Variable names per dashboard. */
  variables: Record<string, string[]>;
  /** Option values of those variables (sensor ids, cities). */
  options: string[];
  datasources: string[];
  tables: string[];
}

/** Strings that have broken parsers, SQL, JSON or logs somewhere. */
// prettier-ignore
const NASTY = [
  '', ' ', '\u0000', 'a\u0000b', '\r\n', '\t', "'", '"', '\\', "'; DROP TABLE sales; --", "') OR 1=1 --", '$__all', '${__all}',
  '${city:raw}', '$__timeFilter(ts)', '../../etc/passwd', '..', '.', '%', '%zz', '%00', '%2e%2e', '\ud800', '\udfff\ud800', '😀',
  '\u202e', 'x'.repeat(5000), '<script>alert(1)</script>', '{{7*7}}', 'now-1000000000y', 'now/x', '9'.repeat(400), '-1', '1e309',
  'NaN', 'Infinity', '__proto__', 'constructor', 'toString', '{"a":1}', '[]', 'null', 'true', '0x10', ' now ', 'now-5y', 'now+5y',
  '2024-02-30', '+275760-09-13T00:00:00.000Z', '0000-01-01', '1969-12-31T23:59:59Z',
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: hostileString, weight: 3 },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 53), 1e308, -1e308, 0.1, Number.MAX_SAFE_INTEGER + 2),
  fc.array(fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxKeys: 3 }),
);

/** Usually `valid`, sometimes (1 in weight + 1) a hostile value. */
export const mostly = <T>(valid: fc.Arbitrary<T>, weight = 4): fc.Arbitrary<T | unknown> =>
  fc.oneof({ arbitrary: valid, weight }, { arbitrary: hostileValue, weight: 1 });

/** `arb` one time in `n`, else undefined (an optional field that is usually left out). */
export const rarely = <T>(arb: fc.Arbitrary<T>, n = 4): fc.Arbitrary<T | undefined> =>
  fc.oneof({ arbitrary: fc.constant(undefined), weight: n - 1 }, { arbitrary: arb, weight: 1 });

/** encodeURIComponent that also takes unpaired surrogates, as the (invalid UTF-8) bytes a careless client sends. */
export function encodePart(s: string): string {
  return [...s].map((ch) => (/\p{Cs}/u.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');
}

/** Visible ASCII a request line may carry; `%` escapes often broken. */
const rawSegment = fc.string({
  unit: fc.constantFrom(...'abcXYZ09-_.~!$&\'()*+,;=:@%[]{}|\\^`"<>'.split('')),
  maxLength: 16,
});
const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  hostileString.map(encodePart),
  rawSegment,
  fc.constantFrom(
    '%zz',
    '%',
    '%G0',
    '%E2%82',
    '%C0%AF',
    '..',
    '.',
    '%2e%2e',
    '%2E%2e',
    '.%2e',
    '%2f',
    '%5c..%5c',
    'a;b',
    '%00',
    'x'.repeat(3000),
  ),
);

const segmentFor = (name: string, k: Known): fc.Arbitrary<string> => {
  const valid: Record<string, string[]> = {
    uid: k.dashboards.concat(k.datasources),
    table: k.tables,
    name: Object.values(k.variables).flat(),
    panelId: Object.values(k.panels).flat().map(String),
    slug: ['x', 'sales-dashboard'],
    version: ['1', '2', '0', '999999'],
    id: ['1', '2', '999999'],
  };
  const known = valid[name]?.length ? fc.constantFrom(...valid[name]) : fc.constant('x');
  return fc.oneof({ arbitrary: known, weight: 3 }, { arbitrary: hostileSegment, weight: 2 });
};

/** A path for the route: its parameters filled, sometimes with extra, doubled or trailing slashes and dot segments. */
export function pathFor(route: AppRoute, k: Known): fc.Arbitrary<string> {
  const parts = route.pattern
    .split('/')
    .filter(Boolean)
    .map((seg) => {
      const one = /^\[(\w+)\]$/.exec(seg);
      if (one) return segmentFor(one[1], k);
      const rest = /^\[\[?\.\.\.(\w+)\]\]?$/.exec(seg);
      if (rest)
        return fc
          .array(segmentFor(rest[1], k), { minLength: seg.startsWith('[[') ? 0 : 1, maxLength: 3 })
          .map((a) => a.join('/'));
      return fc.oneof(
        { arbitrary: fc.constant(seg), weight: 12 },
        { arbitrary: fc.constantFrom(seg.toUpperCase(), `${seg}%20`, encodeURIComponent(seg)), weight: 1 },
      );
    });
  const shape = fc.oneof(
    { arbitrary: fc.constant('plain'), weight: 12 },
    fc.constantFrom('trailing', 'double', 'dots', 'extra'),
  );
  return fc.tuple(fc.tuple(...parts), shape, hostileSegment).map(([segs, how, extra]) => {
    const p = `/${segs.filter((s) => s !== '').join('/')}`;
    if (how === 'trailing') return `${p}/`;
    if (how === 'double') return p.replace('/', '//');
    if (how === 'dots') return `/x/..${p}`;
    if (how === 'extra') return `${p}/${extra}`;
    return p;
  });
}

const QUERY_KEYS = [
  'from',
  'to',
  'refresh',
  'theme',
  'token',
  'renew',
  'panelId',
  'viewPanel',
  'title',
  'var-city',
  'var-sensor',
  'var-x',
  'orgId',
  'kiosk',
];
export const queryString: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...QUERY_KEYS), hostileSegment),
      fc.oneof(
        hostileString.map(encodePart),
        rawSegment,
        fc.constantFrom('now-1h', 'now', '5s', 'dark', '1', '$__all'),
      ),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => (pairs.length ? `?${pairs.map(([a, b]) => `${a}=${b}`).join('&')}` : ''));

/** Header values Node's client will put on the wire (tab, visible ASCII, Latin-1). */
const headerValue = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'abc XYZ019-_/;=,.:*"\'\\%{}[]<>'.split('')), maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'application/json',
    'application/x-ndjson',
    'text/plain',
    'multipart/form-data; boundary=x',
    '*/*',
    'gzip, br',
    'identity',
    'Bearer e2e-admin-token',
    'Bearer wrong',
    'Basic Og==',
    'x'.repeat(4000),
    '\u00e9\u00ff',
    '../../',
    'null',
  ),
);
const HEADER_NAMES = [
  'content-type',
  'accept',
  'accept-encoding',
  'idempotency-key',
  'authorization',
  'x-forwarded-host',
  'x-forwarded-proto',
  'cookie',
  'user-agent',
  'origin',
  'range',
  'if-none-match',
  'transfer-encoding',
  'expect',
  'x-http-method-override',
];
/** A few request headers (usually none) with hostile values. */
export const headers: fc.Arbitrary<Record<string, string>> = fc
  .oneof(
    { arbitrary: fc.constant({}), weight: 2 },
    fc.dictionary(fc.constantFrom(...HEADER_NAMES), headerValue, { maxKeys: 3 }),
  )
  .map((h) => {
    // Framing headers would only make Node's client or parser refuse the request before it is sent.
    const out = { ...h };
    if (out['transfer-encoding'] !== undefined)
      out['transfer-encoding'] = /chunked/i.test(out['transfer-encoding']) ? 'identity' : out['transfer-encoding'];
    if (out.expect !== undefined) out.expect = '100-continue-x';
    return out;
  });

/** Methods: mostly what the route answers, sometimes any other (TRACE included). */
export function methodFor(route: AppRoute): fc.Arbitrary<string> {
  const allowed = route.methods.length ? route.methods : ['GET'];
  return fc.oneof(
    { arbitrary: fc.constantFrom(...allowed), weight: 6 },
    { arbitrary: fc.constantFrom(...HTTP_METHODS, 'TRACE', 'PROPFIND', 'MKCOL', 'PURGE', 'FOO'), weight: 1 },
  );
}

/** Grafana range expressions: mostly usable pairs, sometimes any combination (reversed, over 5 years, far future). */
const RANGES: Array<[string, string]> = [
  ['now-1h', 'now'],
  ['now-6h', 'now'],
  ['now-24h', 'now'],
  ['now-5m', 'now'],
  ['now-7d', 'now'],
  ['now/d', 'now/d'],
  ['now-1d/d', 'now-1d/d'],
  ['2001-01-01T00:00:00Z', '2001-01-01T06:00:00Z'],
  ['now-5y', 'now'],
  ['now-2h', 'now-1h'],
];
const rangeExpr = fc.oneof(
  { arbitrary: fc.constantFrom(...RANGES.flat()), weight: 4 },
  fc.date({ min: new Date(0), max: new Date(Date.UTC(2200, 0)), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer({ min: 0, max: 9_999_999_999_999 }).map(String),
);
export const range: fc.Arbitrary<unknown> = mostly(
  fc.oneof(
    { arbitrary: fc.constantFrom(...RANGES).map(([from, to]) => ({ from, to })), weight: 6 },
    fc.record({ from: mostly(rangeExpr, 8), to: mostly(rangeExpr, 8) }),
  ),
  10,
);

/** Template variable values: known names and options, `$__all`, and hostile ones. */
export function varValues(k: Known): fc.Arbitrary<Record<string, unknown>> {
  const names = fc.oneof(
    { arbitrary: fc.constantFrom(...Object.values(k.variables).flat(), 'x'), weight: 6 },
    hostileString,
  );
  const option = fc.oneof({ arbitrary: fc.constantFrom(...k.options, '$__all'), weight: 3 }, hostileString);
  return fc.dictionary(names, fc.oneof(option, fc.array(option, { maxLength: 4 })), { maxKeys: 3 });
}

/** A `POST /api/query` body (and the panel fields of a live subscribe). */
export function queryBody(k: Known): fc.Arbitrary<Record<string, unknown>> {
  const panel = fc.constantFrom(
    ...Object.entries(k.panels).flatMap(([uid, ids]) => ids.map((id) => [uid, id] as const)),
  );
  return fc
    .record({
      target: panel,
      dashboardUid: rarely(hostileValue, 10),
      panelId: rarely(hostileValue, 10),
      range,
      vars: rarely(varValues(k), 4),
      maxDataPoints: rarely(mostly(fc.integer({ min: 1, max: 5000 })), 4),
      embedToken: rarely(hostileValue, 12),
      extra: rarely(fc.dictionary(hostileString, hostileValue, { maxKeys: 2 }), 8),
    })
    .map(({ target, dashboardUid, panelId, extra, ...rest }) => {
      const body: Record<string, unknown> = {
        dashboardUid: dashboardUid ?? target[0],
        panelId: panelId ?? target[1],
        ...(extra ?? {}),
      };
      for (const [key, v] of Object.entries(rest)) if (v !== undefined) body[key] = v;
      return body;
    });
}

/**
 * A `POST /api/ds/variable-options` body: a variable of every type with plausible values (options SQL over the demo
 * tables with macros, custom and interval lists, statements that are not read-only) or hostile ones, a range, and
 * sometimes a dashboard.
 */
export function variableOptionsBody(k: Known): fc.Arbitrary<Record<string, unknown>> {
  const query = fc.oneof(
    {
      arbitrary: fc.constantFrom(
        'SELECT DISTINCT city FROM sales WHERE $__timeFilter(ts)',
        'SELECT DISTINCT sensor_id FROM sensor_data WHERE ts > $__timeFrom() AND ts < $__timeTo()',
        "SELECT $__timeGroup(ts, '$__interval') FROM sales WHERE $__timeFilter(ts) GROUP BY 1",
        'SELECT 1 AS a, 2 AS b',
        'SELECT * FROM no_such_table',
        'DELETE FROM sales WHERE $__timeFilter(ts)',
        'SELECT 1; DROP TABLE sales',
        'North : n, South, \,comma',
        '1m, 5m, 1h',
        '',
      ),
      weight: 4,
    },
    hostileString,
  );
  const variable = fc.record(
    {
      name: mostly(fc.constantFrom('city', 'region', '_x1'), 6),
      type: mostly(fc.constantFrom('query', 'custom', 'interval', 'constant', 'textbox'), 8),
      query: mostly(query, 8),
      // The embedded engine only: a datasource that is down is the outage class, tested elsewhere.
      datasource: mostly(fc.record({ uid: mostly(fc.constant('duckdb'), 6) }), 4),
      multi: mostly(fc.boolean(), 6),
      includeAll: mostly(fc.boolean(), 6),
      options: mostly(fc.array(fc.record({ text: fc.string(), value: fc.string() }), { maxLength: 3 }), 4),
    },
    { requiredKeys: ['name', 'type'] },
  );
  return fc
    .record({
      variable: mostly(variable, 10),
      range,
      dashboardUid: rarely(mostly(fc.constantFrom(...k.dashboards), 6), 3),
      extra: rarely(fc.dictionary(hostileString, hostileValue, { maxKeys: 2 }), 8),
    })
    .map(({ extra, ...rest }) => {
      const body: Record<string, unknown> = { ...(extra ?? {}) };
      for (const [key, v] of Object.entries(rest)) if (v !== undefined) body[key] = v;
      return body;
    });
}

/** A request body: JSON made from `model` (sometimes broken), or something that is not JSON at all. */
export function bodyFrom(model: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: model.map((v) => JSON.stringify(v) ?? 'undefined'), weight: 8 },
    model.map((v) => `${JSON.stringify(v)}`.slice(0, -1)),
    fc.constantFrom(
      '',
      ' ',
      '{',
      '[',
      'null',
      '0',
      '"x"',
      '[]',
      '{}',
      '\u0000',
      '{"a":',
      'x'.repeat(70_000),
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
    ),
    fc.json(),
  );
}

/** One ingest row: every field usually valid, sometimes hostile; `ts` is an offset into the case's window, or invalid. */
export type RowTemplate = Record<string, unknown> & {
  ts: { offset: number; form: 'ms' | 'iso' | 'zoned' } | { bad: unknown };
};

const BAD_TS = fc.constantFrom(
  'Jan 1',
  '+275760-09-13T00:00:00.000Z',
  '+010000-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '1969-12-31T23:59:59Z',
  '2100-01-01T00:00:00.001Z',
  '2026-02-30T00:00:00Z',
  '',
  'now',
  -1,
  1e16,
  4_102_444_800_001,
  1.5,
  null,
  true,
  '1e12',
  [],
  {},
);

export function rowTemplate(table: string): fc.Arbitrary<RowTemplate> {
  const ts = fc.oneof(
    {
      arbitrary: fc.record({
        offset: fc.integer({ min: 0, max: 59_999 }),
        form: fc.constantFrom('ms', 'iso', 'zoned'),
      }),
      weight: 8,
    },
    { arbitrary: BAD_TS.map((bad) => ({ bad })), weight: 1 },
  );
  const text = (max: number) =>
    mostly(
      fc
        .oneof(
          fc.string({ minLength: 1, maxLength: max }),
          fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }),
        )
        .filter((s) => s.trim().length > 0),
      20,
    );
  const field = <T>(arb: fc.Arbitrary<T>) => mostly(arb, 20);
  if (table === 'sales') {
    return fc.record(
      {
        ts,
        city: text(20),
        lat: field(fc.double({ min: -90, max: 90, noNaN: true })),
        lon: field(fc.double({ min: -180, max: 180, noNaN: true })),
        product: text(40),
        category: text(20),
        quantity: field(fc.integer({ min: 1, max: 100_000 })),
        unit_price: field(fc.double({ min: 0, max: 1_000_000, noNaN: true })),
        amount: rarely(mostly(fc.double({ min: 0, max: 1.2e10, noNaN: true })), 3),
        order_id: rarely(mostly(fc.integer({ min: 1 })), 6),
      },
      { requiredKeys: ['ts', 'city', 'lat', 'lon', 'product', 'category', 'quantity', 'unit_price'] },
    ) as fc.Arbitrary<RowTemplate>;
  }
  return fc.record(
    {
      ts,
      sensor_id: text(30),
      temperature: field(fc.double({ min: -100, max: 200, noNaN: true })),
      humidity: field(fc.double({ min: 0, max: 100, noNaN: true })),
      id: rarely(mostly(fc.integer({ min: 1 })), 6),
      extra: rarely(hostileValue, 20),
    },
    { requiredKeys: ['ts', 'sensor_id', 'temperature', 'humidity'] },
  ) as fc.Arbitrary<RowTemplate>;
}

/** A row with its `ts` placed in the window starting at `base` (epoch ms). */
export function placeRow(t: RowTemplate, base: number): Record<string, unknown> {
  const { ts, ...rest } = t;
  const row: Record<string, unknown> = { ...rest };
  if ('bad' in ts) row.ts = ts.bad;
  else if (ts.form === 'ms') row.ts = base + ts.offset;
  else if (ts.form === 'iso') row.ts = new Date(base + ts.offset).toISOString();
  else row.ts = new Date(base + ts.offset + 5.5 * 3_600_000).toISOString().replace('Z', '+05:30');
  return row;
}

export interface IngestCase {
  table: string;
  rows: RowTemplate[];
  encoding: 'array' | 'object' | 'ndjson' | 'ndjson-typed' | 'broken';
  contentType?: string;
  idempotencyKey?: string;
}

export function ingestCase(k: Known): fc.Arbitrary<IngestCase> {
  return fc.constantFrom(...k.tables).chain((table) =>
    fc.record(
      {
        table: fc.constant(table),
        rows: fc.oneof(
          { arbitrary: fc.array(rowTemplate(table), { minLength: 1, maxLength: 3 }), weight: 4 },
          fc.array(rowTemplate(table), { maxLength: 12 }),
        ),
        encoding: fc.oneof(
          { arbitrary: fc.constant('array' as const), weight: 6 },
          fc.constantFrom('object' as const, 'ndjson' as const, 'ndjson-typed' as const, 'broken' as const),
        ),
        contentType: rarely(headerValue, 5),
        idempotencyKey: rarely(fc.oneof(headerValue, fc.uuid()), 3),
      },
      { requiredKeys: ['table', 'rows', 'encoding'] },
    ),
  );
}

const GRAFANA_FIXTURES = path.join(process.cwd(), 'lib/dashboards/grafana-fixtures');
const grafanaExports: Array<Record<string, unknown>> = fs
  .readdirSync(GRAFANA_FIXTURES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(GRAFANA_FIXTURES, f), 'utf8')) as Record<string, unknown>);

/** A Grafana export with one field of the dashboard, or of one of its panels, replaced by a hostile value. */
const grafanaDashboard: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...grafanaExports),
  fc
    .tuple(
      fc.constantFrom(...grafanaExports),
      fc.constantFrom('title', 'uid', 'panels', 'rows', 'templating', '__inputs', 'time', 'refresh', 'schemaVersion'),
      hostileValue,
    )
    .map(([d, key, v]) => ({ ...d, [key]: v })),
  fc
    .tuple(
      fc.constantFrom(...grafanaExports.filter((d) => Array.isArray(d.panels))),
      fc.nat(),
      fc.constantFrom('type', 'targets', 'gridPos', 'datasource', 'options', 'fieldConfig', 'panels', 'id', 'title'),
      hostileValue,
    )
    .map(([d, i, key, v]) => {
      const panels = [...(d.panels as Array<Record<string, unknown>>)];
      panels[i % panels.length] = { ...panels[i % panels.length], [key]: v };
      return { ...d, panels };
    }),
);

/** `POST /api/dashboards/import` and `…/preview` bodies: real Grafana exports, whole or with a hostile field. */
export const grafanaImportBody: fc.Arbitrary<unknown> = fc
  .record({
    dashboard: mostly(grafanaDashboard, 6),
    inputs: rarely(
      fc.oneof(
        fc.constant({ DS_SENSORS: 'duckdb', DS_MYSQL_SENSORS: 'duckdb' }),
        fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
        hostileValue,
      ),
      2,
    ),
    overwrite: rarely(mostly(fc.boolean())),
    message: rarely(hostileValue),
  })
  .map((b) => Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined)));
