/**
 * The Druid driver, store and query path against the protocol-faithful fixture server (e2e/fixtures/druid/),
 * which answers byte for byte as Druid's SQL API does (see its README). No real Druid runs here: what only the fixture
 * proves is listed in the README.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDruidFixture, type DruidFixture } from '../../e2e/fixtures/druid/server';
import { DruidDriver } from './druid';
import { druidStore } from '../ingest/druid-store';
import { Runtime } from '../runtime';
import type { LiveServerMessage } from '../query/protocol';

let fx: DruidFixture;
let driver: DruidDriver;

beforeAll(async () => {
  fx = await startDruidFixture({ port: 0, backfillHours: 2, taskDelayMs: 100 });
  driver = new DruidDriver({ url: fx.url, queryTimeoutMs: 5000, retryDelayMs: 20 });
});

afterAll(async () => {
  await driver?.close();
  await fx?.close();
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** The requests the fixture received whose SQL contains `text`. */
function requestsFor(text: string) {
  return fx.requests.filter((r) => r.query?.includes(text));
}

describe('queries', () => {
  it('sends arrayLines with all header rows, a client sqlQueryId, UTC and the timeout in the context, and typed parameters', async () => {
    const from = new Date(Date.now() - 3_600_000);
    const f = await driver.query(
      'SELECT sensor_id, count(*) AS n, max(__time) AS newest FROM sensor_data WHERE __time >= ? AND sensor_id = ? GROUP BY 1',
      [from, 'sensor-1'],
    );
    expect(f.fields.map((x) => [x.name, x.type])).toEqual([
      ['sensor_id', 'string'],
      ['n', 'number'],
      ['newest', 'time'],
    ]);
    expect(f.fields[0].values).toEqual(['sensor-1']);
    expect(f.fields[1].values[0]).toBeGreaterThan(100);
    expect(f.fields[2].values[0]).toBeGreaterThan(from.getTime());
    const body = requestsFor('GROUP BY 1').at(-1)!.body as Record<string, unknown>;
    expect(body).toMatchObject({
      resultFormat: 'arrayLines',
      header: true,
      typesHeader: true,
      sqlTypesHeader: true,
      context: { sqlQueryId: expect.stringMatching(/^pulseboard-/), timeout: 5000, sqlTimeZone: 'UTC' },
      parameters: [
        { type: 'TIMESTAMP', value: from.toISOString() },
        { type: 'VARCHAR', value: 'sensor-1' },
      ],
    });
  });

  it('keeps BIGINT values beyond 2^53 exact', async () => {
    const f = await driver.query('SELECT CAST(9007199254740993 AS BIGINT) AS big, CAST(7 AS BIGINT) AS small');
    expect(f.fields.map((x) => x.values[0])).toEqual(['9007199254740993', 7]);
    expect(f.fields[0].exactAsString).toBe(true);
  });

  it('binds a BIGINT parameter beyond 2^53 with its exact digits', async () => {
    const f = await driver.query('SELECT ? + 1 AS next', [9007199254740993n]);
    expect(f.fields[0].values).toEqual(['9007199254740994']);
    // the fixture reads the body as Druid's Jackson does, exactly
    expect((fx.requests.at(-1)!.body as { parameters: unknown[] }).parameters).toEqual([
      { type: 'BIGINT', value: 9007199254740993n },
    ]);
  });

  it('caps rows and marks the frame truncated', async () => {
    const f = await driver.query('SELECT __time, temperature FROM sensor_data', [], { maxRows: 25 });
    expect(f.length).toBe(25);
    expect(f.truncated).toBe(true);
  });

  it('turns a parameter count mismatch into a 400 naming the problem', async () => {
    await expect(driver.query('SELECT count(*) AS n FROM sales WHERE __time >= ?', [])).rejects.toMatchObject({
      status: 400,
      code: 'query_failed',
    });
  });
});

describe('every error class reaches the caller as a readable message', () => {
  it.each([
    ['parse', 400, 'query_failed', /rejected the query \(HTTP 400 INVALID_INPUT\)/],
    ['legacy-parse', 400, 'query_failed', /rejected the query \(HTTP 400 INVALID_INPUT\): .+/],
    ['unauthorized', 502, 'datasource_auth', /refused the credentials/],
    ['forbidden', 502, 'datasource_auth', /READ permission/],
    ['capacity', 503, 'datasource_busy', /query capacity.*HTTP 429 CAPACITY_EXCEEDED/],
    ['runtime', 502, 'query_failed', /HTTP 500 UNCATEGORIZED\): \/ by zero/],
    ['cancelled', 502, 'query_cancelled', /cancelled the query/],
    ['unsupported', 400, 'unsupported', /does not support this query \(HTTP 501/],
    ['unavailable', 503, 'datasource_busy', /unavailable.*HTTP 503/],
    ['timeout', 504, 'timeout', /timed the query out \(HTTP 504 TIMEOUT\)/],
    ['bad-gateway', 502, 'datasource_unreachable', /HTTP 502 without a Druid error body/],
    ['truncate', 502, 'truncated', /cut the result off after \d+ row\(s\)/],
  ])('%s', async (fault, status, code, message) => {
    await expect(
      driver.query(`SELECT __time, sensor_id FROM sensor_data /* druid-fixture:${fault} */`),
    ).rejects.toMatchObject({
      status,
      code,
      message: expect.stringMatching(message),
    });
  });

  it('a real division by zero is a 500 from Druid', async () => {
    await expect(driver.query('SELECT 1/0 AS x')).rejects.toMatchObject({
      status: 502,
      message: expect.stringMatching(/\/ by zero/),
    });
  });

  it('retries 429 and 503 twice before giving up, and not other errors', async () => {
    await expect(driver.query('SELECT 1 AS a /* druid-fixture:capacity retry-probe */')).rejects.toMatchObject({
      code: 'datasource_busy',
    });
    expect(requestsFor('retry-probe').filter((r) => r.method === 'POST')).toHaveLength(3);
    await expect(driver.query('SELECT 1 AS a /* druid-fixture:runtime no-retry-probe */')).rejects.toThrow();
    expect(requestsFor('no-retry-probe').filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('lets Druid time the query out with context.timeout', async () => {
    const quick = new DruidDriver({ url: fx.url, queryTimeoutMs: 200 });
    await expect(quick.query('SELECT 1 AS a /* druid-fixture:slow=3000 */')).rejects.toMatchObject({
      status: 504,
      code: 'timeout',
    });
  });

  it('names an unreachable host', async () => {
    const port = await closedPort();
    const nowhere = new DruidDriver({ url: `http://127.0.0.1:${port}`, queryTimeoutMs: 1000 });
    await expect(nowhere.query('SELECT 1')).rejects.toMatchObject({
      status: 502,
      message: `Cannot reach Druid at 127.0.0.1:${port}: ECONNREFUSED`,
    });
    await expect(nowhere.testConnection()).rejects.toThrow(/Cannot reach Druid/);
  });
});

describe('cancellation', () => {
  it('DELETEs the query by its sqlQueryId when the caller aborts, before Druid has answered', async () => {
    const ac = new AbortController();
    const slow = driver.query('SELECT 1 AS a /* druid-fixture:slow=10000 cancel-probe */', [], { signal: ac.signal });
    await expect.poll(() => fx.running().length, { timeout: 2000 }).toBeGreaterThan(0);
    const id = (requestsFor('cancel-probe')[0].body as { context: { sqlQueryId: string } }).context.sqlQueryId;
    ac.abort();
    await expect(slow).rejects.toMatchObject({ status: 499 });
    await expect.poll(() => fx.cancels, { timeout: 2000 }).toContain(id);
    await expect.poll(() => fx.running(), { timeout: 2000 }).not.toContain(id);
  });
});

describe('Basic auth and the connection test', () => {
  let secured: DruidFixture;
  beforeAll(async () => {
    secured = await startDruidFixture({ port: 0, backfillHours: 0, user: 'admin', password: 'p@ss:word' });
  });
  afterAll(() => secured?.close());

  it('passes with the right user and password, from options or from the URL', async () => {
    await new DruidDriver({
      url: secured.url,
      user: 'admin',
      password: 'p@ss:word',
      queryTimeoutMs: 2000,
    }).testConnection();
    const u = new URL(secured.url);
    u.username = 'admin';
    u.password = encodeURIComponent('p@ss:word');
    await new DruidDriver({ url: u.toString(), queryTimeoutMs: 2000 }).testConnection();
  });

  it('says the credentials were refused, although /status/health answers without them', async () => {
    const anon = new DruidDriver({ url: secured.url, queryTimeoutMs: 2000 });
    await expect(anon.testConnection()).rejects.toMatchObject({
      status: 502,
      code: 'datasource_auth',
      message: expect.stringMatching(/refused the credentials.*HTTP 401/),
    });
  });
});

describe('demo writes through the task API', () => {
  it('appends a batch atomically, and a repeated idempotency key is a no-op', async () => {
    const store = druidStore('druid', driver, { pollMs: 20 });
    const count = async () =>
      (await driver.query("SELECT count(*) AS n FROM sales WHERE city = 'Testville'")).fields[0].values[0];
    const before = await count();
    const rows = [1, 2, 3].map((q) => ({
      city: 'Testville',
      lat: 1,
      lon: 2,
      product: 'Ceviche',
      category: 'Food',
      quantity: q,
      unit_price: 12.9,
    }));
    expect(await store.insert('sales', rows, 'batch-42')).toEqual({ table: 'sales', inserted: 3, replayed: false });
    expect(await count()).toBe(Number(before) + 3);
    expect(await store.insert('sales', rows, 'batch-42')).toMatchObject({ replayed: true });
    expect(await count()).toBe(Number(before) + 3);
    expect(await store.newest('sales')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('reports the newest row of a datasource that does not exist yet as none', async () => {
    const empty = await startDruidFixture({ port: 0, backfillHours: 0 });
    try {
      const d = new DruidDriver({ url: empty.url, queryTimeoutMs: 2000 });
      expect(await druidStore('druid', d).newest('sales')).toBeUndefined();
    } finally {
      await empty.close();
    }
  });
});

describe('the demo dashboards on Druid', () => {
  let rt: Runtime;
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-druid-'));
    rt = new Runtime({
      env: {
        DRUID_URL: fx.url,
        PULSEBOARD_DEMO_DATASOURCE: 'druid',
        PULSEBOARD_DATA_DIR: dir,
        PULSEBOARD_PROVISIONING_DIR: path.resolve('provisioning'),
        PULSEBOARD_LIVE_TICK_MS: '200',
      },
      simulator: false,
      defaultMetrics: false,
      log: () => {},
    });
  });
  afterAll(async () => {
    await rt?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const uid of ['iot-sensors', 'sales', 'overview']) {
    it(`${uid}: every panel returns rows through the query path`, async () => {
      const dash = rt.dashboards.get(uid)!;
      for (const p of dash.panels) {
        const res = await rt.query({ dashboardUid: uid, panelId: p.id, range: { from: 'now-1h', to: 'now' } });
        expect(res.errors, `panel ${p.id} ${p.title}`).toBeUndefined();
        expect(res.frames[0].length, `panel ${p.id} ${p.title}`).toBeGreaterThan(0);
      }
    });
  }

  it('lists the datasources and their columns for autocomplete from INFORMATION_SCHEMA.COLUMNS', async () => {
    const s = await driver.fetchSchema();
    expect(s.tables.map((t) => [t.name, t.schema])).toEqual([
      ['sales', 'druid'],
      ['sensor_data', 'druid'],
    ]);
    expect(s.tables[1].columns!.map((c) => `${c.name} ${c.type}`).join(', ')).toBe(
      '__time TIMESTAMP, id BIGINT, sensor_id VARCHAR, temperature DOUBLE, humidity DOUBLE',
    );
    const sent = requestsFor('INFORMATION_SCHEMA.COLUMNS').at(-1)!.query!;
    expect(sent).toMatch(/WHERE TABLE_SCHEMA = 'druid'/);
    const answer = await rt.schema('druid', { prefix: 'sa', limit: 200 });
    expect(answer.tables.map((t) => t.name)).toEqual(['sales']);
    expect(answer.tables[0].columns?.[0]).toEqual({ name: '__time', type: 'TIMESTAMP' });
  });

  it("places Druid's parse and validation errors in the SQL as the editor typed it", async () => {
    const ask = (rawSql: string) =>
      rt.adHocQuery(
        { range: { from: 'now-1h', to: 'now' }, queries: [{ refId: 'A', datasource: { uid: 'druid' }, rawSql }] },
        'alice',
      );
    const syntax = await ask(
      'SELECT $__timeGroupAlias(__time, 1m), count(*) AS n\nFROM sales\nWHERE $__timeFilter(__time) AND > 1',
    );
    // Calcite names the keyword before the bad token, at its place in the SQL as sent (macros expanded); the list of
    // acceptable tokens that follows in Druid's message is left out
    expect(syntax.errors?.[0].message).toMatch(/: Incorrect syntax near the keyword 'AND' at line 3, column \d+\.$/);
    expect(syntax.errors?.[0].position).toEqual({ line: 3, column: 29 });
    const column = await ask('SELECT count(*) AS n\nFROM sales\nWHERE $__timeFilter(__time) AND nope > 1');
    expect(column.errors?.[0].message).toMatch(/Column 'nope' not found in any table \(line \[3\], column \[\d+\]\)/);
    expect(column.errors?.[0].position).toEqual({ line: 3, column: 33 });
  });

  it('binds the range as TIMESTAMP parameters and buckets with TIME_FLOOR on __time', async () => {
    await rt.query({ dashboardUid: 'sales', panelId: 5, range: { from: 'now-15m', to: 'now' } });
    const body = fx.requests.filter((r) => r.query?.includes('TIME_FLOOR(__time')).at(-1)!.body as {
      query: string;
      parameters: unknown[];
    };
    expect(body.query).toMatch(/TIME_FLOOR\(__time, 'PT1M'\) AS "time"/);
    expect(body.query).toMatch(/__time BETWEEN \? AND \?/);
    expect(body.parameters).toEqual([
      { type: 'TIMESTAMP', value: expect.any(String) },
      { type: 'TIMESTAMP', value: expect.any(String) },
    ]);
  });

  it('an ingest batch reaches a live subscription through the task API', async () => {
    const msgs: LiveServerMessage[] = [];
    const sub = await rt.hub.subscribe(
      {
        type: 'subscribe',
        id: 'x',
        dashboardUid: 'sales',
        panelId: 5,
        range: { from: 'now-15m', to: 'now' },
        vars: { city: 'Lima' },
      },
      (m) => (msgs.push(m), true),
    );
    await expect.poll(() => msgs.some((m) => m.type === 'snapshot'), { timeout: 5000 }).toBe(true);
    const ts = Date.now();
    await rt.ingest('sales', [
      { ts, city: 'Lima', lat: -12, lon: -77, product: 'Ceviche', category: 'Food', quantity: 2, unit_price: 12.9 },
    ]);
    const bucket = Math.floor(ts / 60_000) * 60_000;
    await expect
      .poll(
        () =>
          msgs.some(
            (m) => m.type === 'delta' && m.changes.some((c) => (c.frame.fields[0].values as number[]).includes(bucket)),
          ),
        {
          timeout: 5000,
          message: `no delta with bucket ${bucket}: ${JSON.stringify(msgs).slice(0, 1500)}`,
        },
      )
      .toBe(true);
    sub.off();
  });
});
