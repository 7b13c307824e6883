/**
 * What a real Druid answers beyond rows, through Pulseboard's `druid` driver, beside the fixture asked the same:
 * each class of error (with its position), `context.timeout`, cancellation seen from Druid's side, a response cut
 * mid-stream, typed parameters and integers beyond 2^53. Where the two differ the fixture is wrong.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DruidDriver } from '@/lib/datasources/druid';
import { druidStore } from '@/lib/ingest/druid-store';
import { startDruidFixture, type DruidFixture } from '../fixtures/druid/server';
import { DRUID_URL } from './druid/cluster';
import { windowKey, windowRows } from './demo-window';
import { eventually } from './eventually';
import { comparable } from './tier';

const missing = inject('servicesMissing');
/** The broker's request log (`druid.request.logging.type=file`): one line per query, with its outcome. */
const REQUEST_LOGS = path.resolve(import.meta.dirname, 'druid/var/druid/request-logs');

/** A datasource of edge values: 30,000 rows in one hour, then one row whose `k` is 0, an hour later. */
const EDGE = 'e2e_edge';
const EDGE_TASK = 'e2e_edge_v1';

async function ingestEdge(driver: DruidDriver): Promise<void> {
  const start = Date.UTC(2024, 0, 2);
  const lines: string[] = [];
  for (let i = 0; i < 30_000; i++) {
    const ts = new Date(start + i * 100).toISOString();
    lines.push(`{"ts":"${ts}","k":${1 + (i % 7)},"big":${9007199254740993n + BigInt(i)}}`);
  }
  lines.push('{"ts":"2024-01-02T05:00:00.000Z","k":0,"big":9223372036854775807}');
  const res = await driver.client.request('/druid/indexer/v1/task', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'index_parallel',
      id: EDGE_TASK,
      spec: {
        dataSchema: {
          dataSource: EDGE,
          timestampSpec: { column: 'ts', format: 'iso' },
          dimensionsSpec: {
            dimensions: [
              { type: 'long', name: 'k' },
              { type: 'long', name: 'big' },
            ],
          },
          granularitySpec: { segmentGranularity: 'hour', queryGranularity: 'none', rollup: false },
        },
        ioConfig: {
          type: 'index_parallel',
          inputSource: { type: 'inline', data: lines.join('\n') },
          inputFormat: { type: 'json' },
        },
        tuningConfig: { type: 'index_parallel', awaitSegmentAvailabilityTimeoutMillis: 60_000 },
      },
    }),
  });
  const text = await res.text();
  // A rerun on the same cluster finds the task (and its rows) there already.
  if (!res.ok && !/already exists/.test(text)) throw new Error(`edge task: HTTP ${res.status} ${text}`);
  await eventually(`${EDGE}: 30,001 rows queryable`, 120_000, async () => {
    const f = await driver.query(`SELECT COUNT(*) AS n FROM ${EDGE}`);
    return f.fields[0].values[0] === 30_001 ? true : undefined;
  });
}

/** The error a query ends with, as the panel would show it: status, code and message with hosts and ids masked. */
async function failure(driver: DruidDriver, sql: string, params: unknown[] = [], signal?: AbortSignal) {
  try {
    await driver.query(sql, params, { signal });
  } catch (err) {
    const e = err as { status?: number; code?: string; message: string };
    const message = e.message
      .replace(/Druid at [\w.:-]+/g, 'Druid at <host>')
      .replace(/pulseboard-[0-9a-f-]{36}/g, '<sqlQueryId>');
    return { status: e.status, code: e.code, message };
  }
  throw new Error(`expected ${sql} to fail`);
}

/** Request-log lines (the SQL ones: `{"query": …, "context": …}` last) whose SQL contains `marker`. */
function loggedSql(marker: string): { stats: Record<string, unknown>; context: Record<string, unknown> }[] {
  if (!fs.existsSync(REQUEST_LOGS)) return [];
  return fs
    .readdirSync(REQUEST_LOGS)
    .flatMap((f) => fs.readFileSync(path.join(REQUEST_LOGS, f), 'utf8').split('\n'))
    .filter((line) => line.includes(marker))
    .map((line) => line.split('\t'))
    .map((cols) => ({ stats: JSON.parse(cols[cols.length - 2]), sql: JSON.parse(cols[cols.length - 1]) }))
    .filter((l) => typeof l.sql.query === 'string')
    .map((l) => ({ stats: l.stats, context: l.sql.context ?? {} }));
}

describe.skipIf(missing !== '')('errors, parameters and big integers on a real Druid', () => {
  let fx: DruidFixture;
  let real: DruidDriver;
  let fake: DruidDriver;

  beforeAll(async () => {
    fx = await startDruidFixture({ port: 0, backfillHours: 1, taskDelayMs: 10 });
    real = new DruidDriver({ url: DRUID_URL, queryTimeoutMs: 30_000 });
    fake = new DruidDriver({ url: fx.url, queryTimeoutMs: 30_000 });
    // The demo window gives the slow query below its 12,600 orders to join (replayed if already there).
    await druidStore('druid', real).insert('sales', windowRows().sales, windowKey('sales'));
    await ingestEdge(real);
  }, 300_000);

  afterAll(async () => {
    await fx?.close();
  });

  it.each([
    ['a syntax error after a clause keyword', 'SELECT count(*) AS n\nFROM sales\nWHERE __time > 0 AND > 1'],
    ['a syntax error at an operator', 'SELECT amount\nFROM sales\nWHERE amount > > 1'],
    ['a misplaced reserved word', 'DROP TABLE sales'],
    ['a statement that ends too soon', 'SELECT * FROM sales ORDER BY'],
    ['two statements', 'SELECT 1; SELECT 2'],
    ['an unknown table', 'SELECT * FROM nope'],
    ['an unknown column', "SELECT count(*) AS n\nFROM sales\nWHERE city = 'Lima' AND nope > 1"],
    ['a function Druid lacks', 'SELECT FROM_UNIXTIME(1) FROM sales'],
    ['a scan ordered by a non-time column', 'SELECT city, order_id FROM sales ORDER BY city, order_id LIMIT 5'],
    ['the time column compared with a number', 'SELECT count(*) AS n FROM sales WHERE __time > 0'],
    [
      'epoch seconds, as Grafana renders $__unixEpochFilter',
      'SELECT count(*) AS n\nFROM sales s\nWHERE s.__time >= 1700000000 AND s.__time <= 1800000000',
    ],
    [
      'epoch milliseconds in BETWEEN',
      'SELECT count(*) AS n FROM sales WHERE __time BETWEEN 1700000000000 AND 1800000000000',
    ],
    ['too few parameters', 'SELECT COUNT(*) AS n FROM sales WHERE quantity > ?'],
  ])('%s: the same error, word for word, on both', async (_, sql) => {
    const [onReal, onFake] = await Promise.all([failure(real, sql), failure(fake, sql)]);
    expect(onReal.status, onReal.message).toBe(400);
    expect(onFake).toEqual(onReal);
  });

  it('context.timeout: Druid stops the query itself and answers 504 naming it', async () => {
    const slow = 'SELECT COUNT(*) AS n FROM sales a JOIN sales b ON a.city = b.city /* druid-fixture:slow=5000 */';
    const short = (url: string) => new DruidDriver({ url, queryTimeoutMs: 200, retries: 0 });
    const [onReal, onFake] = await Promise.all([failure(short(DRUID_URL), slow), failure(short(fx.url), slow)]);
    expect(onReal).toEqual({
      status: 504,
      code: 'timeout',
      message: 'Druid at <host> timed the query out (HTTP 504 TIMEOUT): Query [<sqlQueryId>] timed out!',
    });
    expect(onFake).toEqual(onReal);
  });

  it("an aborted query is cancelled in Druid: the broker's request log shows it failed, cancelled", async () => {
    const marker = `cancel-${randomUUID()}`;
    const slow = `SELECT COUNT(*) AS n FROM sales a JOIN sales b ON a.city = b.city JOIN sales c ON b.city = c.city /* ${marker} druid-fixture:slow=20000 */`;
    for (const driver of [real, fake]) {
      const abort = new AbortController();
      const started = Date.now();
      const pending = failure(driver, slow, [], abort.signal);
      await sleep(700);
      abort.abort();
      expect((await pending).message).toMatch(/abort|cancel/i);
      expect(Date.now() - started).toBeLessThan(5000);
    }
    // Druid 33 has no list of running queries (GET /druid/v2/sql/queries answers 405); its request log has the
    // query's end. The fixture records the DELETE.
    const logged = await expect
      .poll(() => loggedSql(marker), { timeout: 15_000 })
      .toHaveLength(1)
      .then(() => loggedSql(marker)[0]);
    expect(logged.context.sqlQueryId).toMatch(/^pulseboard-/);
    expect(logged.stats.success).toBe(false);
    expect(String(logged.stats.exception)).toMatch(/cancel/i);
    const id = fx.requests.find((r) => r.query?.includes(marker))?.sqlQueryId;
    await expect.poll(() => fx.cancels, { timeout: 5000 }).toContain(id);
  });

  it('a response cut mid-stream is an error, never a short result', async () => {
    // 30,000 rows stream out before Druid reaches the row that divides by zero in the next hour's segment: the
    // status is already 200, so Druid can only stop writing. The fixture's marker does the same.
    const cut = await failure(real, `SELECT __time, k, 1000 / k AS x FROM ${EDGE} ORDER BY __time`);
    const fakeCut = await failure(
      fake,
      'SELECT __time, amount FROM sales ORDER BY __time /* druid-fixture:truncate */',
    );
    expect(cut).toMatchObject({
      status: 502,
      code: 'truncated',
      message: expect.stringMatching(/not showing a partial/),
    });
    const rowsMasked = (e: typeof cut) => ({ ...e, message: e.message.replace(/after \d+ row/, 'after <n> row') });
    expect(rowsMasked(fakeCut)).toEqual(rowsMasked(cut));
  });

  it('binds each parameter type the same way on both', async () => {
    const sql = "SELECT ? AS l, ? AS d, ? AS s, ? AS t, ? AS b, COALESCE(?, 'none') AS n";
    const params = [5, 1.5, "O'Brien", new Date('2024-03-01T10:00:00Z'), true, null];
    const [onReal, onFake] = await Promise.all([real.query(sql, params), fake.query(sql, params)]);
    expect(comparable(onReal)).toEqual([
      ['l', 'number', [5]],
      ['d', 'number', [1.5]],
      ['s', 'string', ["O'Brien"]],
      ['t', 'time', [Date.parse('2024-03-01T10:00:00Z')]],
      ['b', 'boolean', [true]],
      ['n', 'string', ['none']],
    ]);
    expect(comparable(onFake)).toEqual(comparable(onReal));
  });

  it('keeps integers beyond 2^53 exact, as rows and as parameters', async () => {
    const extremes = await real.query(`SELECT MIN(big) AS lo, MAX(big) AS hi FROM ${EDGE}`);
    expect(extremes.fields.map((f) => f.values[0])).toEqual(['9007199254740993', '9223372036854775807']);
    const match = await real.query(`SELECT COUNT(*) AS n FROM ${EDGE} WHERE big = ?`, [9007199254740995n]);
    expect(match.fields[0].values).toEqual([1]);
    // (`next` would be a reserved word to Calcite)
    const sql = 'SELECT ? + 1 AS after, CAST(9007199254740993 AS BIGINT) AS lit';
    const [onReal, onFake] = await Promise.all([
      real.query(sql, [9007199254740993n]),
      fake.query(sql, [9007199254740993n]),
    ]);
    expect(comparable(onReal)).toEqual([
      ['after', 'number', ['9007199254740994']],
      ['lit', 'number', ['9007199254740993']],
    ]);
    expect(comparable(onFake)).toEqual(comparable(onReal));
  });
});
