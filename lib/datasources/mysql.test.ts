/**
 * Integration against a real MySQL-protocol server: MariaDB on 127.0.0.1:3306 on the CI machine
 * (PULSEBOARD_TEST_MYSQL_URL to point elsewhere). StarRocks speaks the same protocol; its dialect is covered by
 * lib/sql/dialects.test.ts. Without a server these tests skip and say why.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MySqlDriver } from './mysql';
import { sqlStore } from '../ingest/store';
import { backfillThroughStore } from '../simulator/backfill';
import { Runtime } from '../runtime';
import { mysqlUnavailable } from '../testing/mysql-server';
import { TcpProxy } from '../testing/tcp-proxy';
import type { LiveServerMessage } from '../query/protocol';

const URL_ = process.env.PULSEBOARD_TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306/pulseboard_test';
const server = new URL(URL_);

const unavailable = await mysqlUnavailable(URL_, { fresh: true });
if (unavailable)
  console.warn(
    `[mysql.test] SKIPPED: no MySQL-protocol server at ${server.host} (${unavailable}). Start MariaDB or set PULSEBOARD_TEST_MYSQL_URL.`,
  );

describe.skipIf(!!unavailable)('mysql datasource on a real server', () => {
  let driver: MySqlDriver;
  let dir: string;
  let rt: Runtime;

  beforeAll(async () => {
    driver = new MySqlDriver({ type: 'mysql', url: URL_, queryTimeoutMs: 1000 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-my-'));
    rt = new Runtime({
      env: {
        MYSQL_URL: URL_,
        PULSEBOARD_DEMO_DATASOURCE: 'mysql',
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
    await driver?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the database and tables, idempotently', async () => {
    expect(await driver.ensureDatabase()).toBe('pulseboard_test');
    const store = sqlStore('mysql', driver);
    await store.ensureSchema();
    await store.ensureSchema();
    const tables = await driver.query('SHOW TABLES');
    expect(tables.fields[0].values).toEqual(
      expect.arrayContaining(['sensor_data', 'sales', '_pulseboard_ingest_keys']),
    );
  });

  it("lists its own database's tables and columns for autocomplete, through the cached schema route", async () => {
    const s = await driver.fetchSchema();
    expect(s.tables.map((t) => t.name)).toEqual(['_pulseboard_ingest_keys', 'sales', 'sensor_data']);
    expect(s.tables.every((t) => t.schema === 'pulseboard_test')).toBe(true);
    expect(s.tables[2].columns!.map((c) => `${c.name} ${c.type}`).join(', ')).toBe(
      'id bigint, sensor_id varchar, temperature double, humidity double, ts datetime',
    );
    const answer = await rt.schema('mysql', { prefix: 'SE', limit: 200 });
    expect(answer.tables.map((t) => t.name)).toEqual(['sensor_data']);
    expect(answer.cachedAt).toBeLessThanOrEqual(Date.now());
    await expect(rt.schema('nope', { prefix: '', limit: 200 })).rejects.toMatchObject({ status: 404 });
  });

  it("places MariaDB's errors in the SQL as the editor typed it", async () => {
    const rawSql =
      'SELECT $__timeGroupAlias(ts, 1m), count(*) AS n\nFROM sensor_data\nWHERE $__timeFilter(ts) AND AND 1';
    const res = await rt.adHocQuery(
      { range: { from: 'now-1h', to: 'now' }, queries: [{ refId: 'A', datasource: { uid: 'mysql' }, rawSql }] },
      'alice',
    );
    expect(res.errors?.[0].message).toMatch(/near 'AND 1' at line 3$/);
    expect(res.errors?.[0].position).toEqual({ line: 3, column: 29 });
  });

  it('simulates: backfills history through batched INSERTs', async () => {
    const n = await backfillThroughStore(sqlStore('mysql', driver), 0.5);
    expect(n.sensors).toBeGreaterThan(5 * 1700);
    const f = await driver.query('SELECT count(DISTINCT sensor_id) AS s, count(*) AS n FROM sensor_data');
    expect(f.fields[0].values[0]).toBe(5);
    expect(f.fields[1].values[0]).toBe(n.sensors);
  });

  it('writes batches all or nothing, and replays an Idempotency-Key as a no-op', async () => {
    const count = async () =>
      (await driver.query("SELECT count(*) AS n FROM sensor_data WHERE sensor_id = 'it'")).fields[0].values[0];
    const row = { sensor_id: 'it', temperature: 20, humidity: 50, ts: Date.now() - 3_600_000 * 5 };
    expect(await rt.ingest('sensor_data', [row, row], 'k1')).toEqual({
      table: 'sensor_data',
      inserted: 2,
      replayed: false,
    });
    expect(await rt.ingest('sensor_data', [row, row], 'k1')).toMatchObject({ replayed: true });
    await expect(
      rt.ingest('sensor_data', [row, { ...row, sensor_id: null as unknown as string }], 'k2'),
    ).rejects.toThrow();
    expect(await count()).toBe(2);
  });

  it('answers every demo panel through the /api/query path', async () => {
    for (const d of rt.dashboards.list()) {
      for (const p of rt.dashboards.get(d.uid)!.panels) {
        const res = await rt.query({ dashboardUid: d.uid, panelId: p.id, range: { from: 'now-1h', to: 'now' } });
        expect(res.errors, `${d.uid}/${p.id}: ${JSON.stringify(res.errors)}`).toBeUndefined();
        expect(res.frames[0].length, `${d.uid}/${p.id}`).toBeGreaterThan(0);
      }
    }
  });

  it('reads DATETIME as UTC epoch ms whatever the process zone, and keeps BIGINT and DECIMAL exact', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'America/Lima';
    try {
      const f = await driver.query(
        "SELECT CAST('2024-01-01 10:00:00.250' AS DATETIME(3)) AS t, 9007199254740993 AS big, 7 AS small, CAST('12345678901234567890.12' AS DECIMAL(24,2)) AS dec_big, CAST(12.5 AS DECIMAL(6,2)) AS dec_small",
      );
      expect(f.fields.map((x) => [x.name, x.type, x.values[0]])).toEqual([
        ['t', 'time', Date.UTC(2024, 0, 1, 10, 0, 0, 250)],
        ['big', 'number', '9007199254740993'],
        ['small', 'number', 7],
        ['dec_big', 'number', '12345678901234567890.12'],
        ['dec_small', 'number', 12.5],
      ]);
      expect(f.fields[1].exactAsString).toBe(true);
    } finally {
      process.env.TZ = tz;
    }
  });

  it('shows an external INSERT in a live subscription within one tick', async () => {
    const msgs: LiveServerMessage[] = [];
    const sub = await rt.hub.subscribe(
      {
        type: 'subscribe',
        id: 'x',
        dashboardUid: 'iot-sensors',
        panelId: 1,
        range: { from: 'now-15m', to: 'now' },
        vars: { sensor: 'sensor-3' },
      },
      (m) => (msgs.push(m), true),
    );
    const writer = await mysql.createConnection({ uri: URL_, timezone: 'Z' });
    const ts = Date.now() + 2000;
    await writer.query(
      "INSERT INTO sensor_data (sensor_id, temperature, humidity, ts) VALUES ('sensor-3', 99.5, 10, ?)",
      [new Date(ts).toISOString().slice(0, 23).replace('T', ' ')],
    );
    await writer.end();
    const t0 = Date.now();
    while (
      !msgs.some(
        (m) =>
          m.type === 'delta' &&
          m.changes.some((c) => (c.frame.fields[0].values as number[]).some((v) => v >= ts - 1000)),
      )
    ) {
      if (Date.now() - t0 > 5000)
        throw new Error(`no delta with the new row: ${JSON.stringify(msgs.map((m) => m.type))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    sub.off();
  });

  it('times out in the engine and KILLs a query whose caller went away', async () => {
    await expect(driver.query('SELECT SLEEP(5) AS s')).rejects.toMatchObject({
      status: 504,
      message: expect.stringMatching(/max_statement_time|timed out/),
    });
    const ac = new AbortController();
    const slow = driver.query('SELECT SLEEP(20) AS s', [], { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 200));
    ac.abort();
    await expect(slow).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 300));
    const pl = await driver.query(
      "SELECT count(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(20)%'",
    );
    expect(pl.fields[0].values[0]).toBe(0);
  });

  it('caps rows and marks the frame truncated', async () => {
    const f = await driver.query('SELECT seq FROM seq_1_to_100000', [], { maxRows: 50 });
    expect(f.length).toBe(50);
    expect(f.truncated).toBe(true);
  });

  it('says clearly when credentials are wrong', async () => {
    const bad = new MySqlDriver({
      type: 'mysql',
      url: `mysql://nobody:wrong@${server.host}/pulseboard_test`,
      queryTimeoutMs: 1000,
    });
    await expect(bad.testConnection()).rejects.toMatchObject({
      message: expect.stringMatching(/refused the credentials: Access denied/),
    });
    await bad.close();
  });

  it('reports a dead server in health and recovers without a restart', async () => {
    const proxy = new TcpProxy({ host: server.hostname, port: Number(server.port || 3306) });
    const port = await proxy.up();
    const via = new MySqlDriver({
      type: 'mysql',
      url: `mysql://root@127.0.0.1:${port}/pulseboard_test`,
      queryTimeoutMs: 1000,
    });
    expect((await via.query('SELECT 1 AS ok')).fields[0].values).toEqual([1]);
    await proxy.down();
    await expect(via.query('SELECT 1 AS ok')).rejects.toMatchObject({
      status: 502,
      message: expect.stringMatching(/Cannot reach mysql/),
    });
    await proxy.up();
    expect((await via.query('SELECT 1 AS ok')).fields[0].values).toEqual([1]);
    await via.close();
    await proxy.down();
  });
});
