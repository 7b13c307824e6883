/**
 * `npm run bench:druid-kafka`: the seeds' pipeline measured end to end, Kafka → Druid → Pulseboard → screen, on a
 * real Druid (`$DRUID_URL`, default http://127.0.0.1:8888; `DRUID_USER`/`DRUID_PASSWORD`) fed by a real Kafka
 * (`$KAFKA_BROKERS`, default 127.0.0.1:9092, with the demo topics). Skips, saying why, when either does not answer.
 * Needs a production build (`npm run build`). Not part of `npm run bench`: it needs the cluster.
 * 1. The provisioning Kafka supervisors are ensured (as `npm run druid:supervisors` does), reading those brokers.
 * 2. The production server (`lib/server/main.ts`; simulator off, anonymous viewing) gets one more dashboard: a stat
 *    panel counting the orders of a city only this run writes, and that city's orders per minute, over 15 minutes.
 * 3. BENCH_RUNS (20) times, after two warm-ups, one order is published to topic `sales`, at a random point of the
 *    1 s tick, and timed from just before the publish (wall clock, one machine) to
 *    (a) the row counted by Druid SQL (`COUNT(*)` for the city, polled every 50 ms beside the page), and
 *    (b) the new count as text in the stat panel in Chromium, at the next animation frame.
 * 4. Live cost with 1, then 5 tabs on the dashboard, over BENCH_COST_SECONDS (20) each: Druid queries per tick per
 *    panel from the server's `/metrics` (and from Druid's own request log when it can be read here:
 *    `DRUID_REQUEST_LOG_DIR`, default the one `npm run druid:up` writes), and live reads of the tail vs the whole
 *    range per tick. Figures go to bench/results/druid-kafka.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { ensureSupervisors, formatOutcome } from '../lib/cli/druid-supervisors';
import { DruidDriver } from '../lib/datasources/druid';
import type { SalesRow } from '../lib/ingest/tables';
import { kafkaWriter } from '../lib/simulator/kafka';
import { kafkaAnswers } from '../e2e/services/kafka/broker';
import { launchChromium, log, runBench, sleep, withServer, writeResults } from './lib';
import { MetricsReader } from './http';
import { formatTable, type Results } from './report';
import { pct, promSum, round } from './stats';

const DRUID_URL = process.env.DRUID_URL || 'http://127.0.0.1:8888';
const BROKERS = (process.env.KAFKA_BROKERS || '127.0.0.1:9092')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const RUNS = Number(process.env.BENCH_RUNS || 20);
const COST_SECONDS = Number(process.env.BENCH_COST_SECONDS || 20);
const TICK_MS = Number(process.env.PULSEBOARD_LIVE_TICK_MS || 1000);
const REQUEST_LOG = process.env.DRUID_REQUEST_LOG_DIR || 'e2e/services/druid/var/druid/request-logs';
const PORT = Number(process.env.BENCH_PORT || 3410);
const BASE = `http://127.0.0.1:${PORT}`;
const UID = 'bench-druid-kafka';
/** The city only this run writes: every count below is the bench's own orders. */
const CITY = `bench-${Date.now().toString(36)}`;
const PANELS = 2;
const STAT_TEXT = 'section[data-panel-id="1"] div[data-value]';

const druid = new DruidDriver({
  url: DRUID_URL,
  user: process.env.DRUID_USER || undefined,
  password: process.env.DRUID_PASSWORD || undefined,
  queryTimeoutMs: 10_000,
});

/** The bench's dashboard: the Sales dashboard's "Orders" stat and "Orders per minute", for the bench's city. */
function benchDashboard(): Record<string, unknown> {
  const where = `$__timeFilter($__timeColumn) AND city = '${CITY}'`;
  const panel = (id: number, type: string, title: string, rawSql: string, format?: string) => ({
    id,
    type,
    title,
    gridPos: { x: (id - 1) * 12, y: 0, w: 12, h: 8 },
    datasource: { uid: 'druid' },
    targets: [{ refId: 'A', rawSql, ...(format ? { format } : {}) }],
    fieldConfig: { defaults: { decimals: 0 } },
  });
  return {
    uid: UID,
    title: 'Bench: Druid fed by Kafka',
    time: { from: 'now-15m', to: 'now' },
    refresh: 'live',
    panels: [
      panel(
        1,
        'stat',
        'Orders',
        `SELECT count(*) AS orders, max($__timeColumn) AS last_order FROM sales WHERE ${where}`,
        'table',
      ),
      panel(
        2,
        'timeseries',
        'Orders per minute',
        `SELECT $__timeGroupAlias($__timeColumn, '1m', 0), count(*) AS orders FROM sales WHERE ${where} GROUP BY 1 ORDER BY 1`,
      ),
    ],
  };
}

/** Why the bench cannot run here, or '' when Druid answers SQL and Kafka has the demo topics. */
async function unavailable(): Promise<string> {
  const sql = await druid.testConnection().then(
    () => '',
    (err: Error) => err.message,
  );
  if (sql) return `${sql} (set DRUID_URL)`;
  if (!(await kafkaAnswers(BROKERS)))
    return `no Kafka with topics sales and sensor_data at ${BROKERS.join(',')} (set KAFKA_BROKERS)`;
  return '';
}

/** The bench city's orders as Druid SQL counts them. */
async function druidCount(): Promise<number> {
  const frame = await druid.query('SELECT COUNT(*) AS n FROM sales WHERE city = ?', [CITY]);
  return Number(frame.fields[0].values[0] ?? 0);
}

/** When (epoch ms) Druid SQL first counts `expected` orders, asking every 50 ms. */
async function queryableAt(expected: number): Promise<number> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const asked = Date.now();
    if ((await druidCount()) >= expected) return Date.now();
    if (Date.now() > deadline) throw new Error(`Druid SQL did not count ${expected} orders within 60 s`);
    await sleep(Math.max(0, 50 - (Date.now() - asked)));
  }
}

/** Arm the page to record (wall clock) the first animation frame after the stat's text reads `expected`. */
async function armScreen(page: Page, expected: number): Promise<void> {
  await page.evaluate(
    ({ sel, text }) => {
      const w = window as unknown as { __shownAt?: number };
      w.__shownAt = undefined;
      const obs = new MutationObserver(() => {
        if (document.querySelector(sel)?.textContent?.trim() !== text) return;
        obs.disconnect();
        requestAnimationFrame(() => (w.__shownAt = Date.now()));
      });
      obs.observe(document.querySelector('section[data-panel-id="1"]')!, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    },
    { sel: STAT_TEXT, text: String(expected) },
  );
}

async function shownAt(page: Page): Promise<number> {
  const w = () => (window as unknown as { __shownAt?: number }).__shownAt;
  return (await (await page.waitForFunction(w, undefined, { timeout: 60_000 })).jsonValue()) as number;
}

function order(ts: number, i: number): SalesRow {
  const [lat, lon] = [-12.05, -77.04];
  return {
    order_id: ts * 100 + i,
    ts,
    city: CITY,
    lat,
    lon,
    product: 'Ceviche',
    category: 'Food',
    quantity: 1,
    unit_price: 12.5,
  };
}

/** Publish → queryable in Druid SQL and → on screen, per order, after two warm-ups. */
async function freshness(page: Page): Promise<{ sql: number[]; screen: number[] }> {
  const kafka = kafkaWriter(BROKERS);
  const out = { sql: [] as number[], screen: [] as number[] };
  try {
    for (let i = 0; i < RUNS + 2; i++) {
      await sleep(500 + Math.random() * 1000);
      await armScreen(page, i + 1);
      const t0 = Date.now();
      const queryable = queryableAt(i + 1);
      await kafka.write('sales', [order(t0, i)]);
      const [sqlAt, screenAt] = await Promise.all([queryable, shownAt(page)]);
      if (i < 2) continue;
      out.sql.push(sqlAt - t0);
      out.screen.push(screenAt - t0);
    }
  } finally {
    await kafka.close();
  }
  return out;
}

async function openTab(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${BASE}/d/${UID}`);
  await page.waitForSelector(`${STAT_TEXT}`, { timeout: 60_000 });
  return page;
}

/** Wait until the server's gauges show `tabs` sockets and two live subscriptions per tab, on two shared channels. */
async function settled(metrics: MetricsReader, tabs: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const m = await metrics.text();
    const ws = promSum(m, 'pulseboard_ws_clients');
    const subs = promSum(m, 'pulseboard_live_subscriptions');
    const channels = promSum(m, 'pulseboard_live_channels');
    if (ws === tabs && subs === PANELS * tabs && channels === PANELS) return;
    if (Date.now() > deadline)
      throw new Error(`${tabs} tabs: ${ws} sockets, ${subs} subscriptions, ${channels} channels`);
    await sleep(250);
  }
}

/** Pulseboard's SQL queries for the bench city in Druid's request log between t0 and t1, if the log is readable. */
function druidLogged(t0: number, t1: number): number | undefined {
  if (!fs.existsSync(REQUEST_LOG)) return undefined;
  let n = 0;
  for (const f of fs.readdirSync(REQUEST_LOG)) {
    if (fs.statSync(path.join(REQUEST_LOG, f)).mtimeMs < t0) continue;
    for (const line of fs.readFileSync(path.join(REQUEST_LOG, f), 'utf8').split('\n')) {
      const at = Date.parse(line.slice(0, line.indexOf('\t')));
      if (at < t0 || at >= t1 || !line.includes('"sqlQuery/time"')) continue;
      if (line.includes(CITY) && line.includes('"sqlQueryId":"pulseboard-')) n++;
    }
  }
  return n;
}

interface Cost {
  seconds: number;
  /** Engine queries the live ticks sent to Druid (`/metrics`), and the same per tick per panel. */
  queries: number;
  queriesPerTickPerPanel: number;
  /** Pulseboard's queries for the bench city in Druid's request log, when it can be read. */
  druidLogged?: number;
  druidLoggedPerTickPerPanel?: number;
  tailPerTick: number;
  wholePerTick: number;
  httpQueries: number;
}

/** One window of COST_SECONDS with `tabs` tabs open: what the live ticks cost Druid. */
async function cost(metrics: MetricsReader, tabs: number): Promise<Cost> {
  await settled(metrics, tabs);
  await sleep(2000);
  const m0 = await metrics.text();
  const t0 = Date.now();
  await sleep(COST_SECONDS * 1000);
  const m1 = await metrics.text();
  const t1 = Date.now();
  const delta = (name: string, labels: Record<string, string>) => promSum(m1, name, labels) - promSum(m0, name, labels);
  const ticks = (t1 - t0) / TICK_MS;
  const queries = delta('pulseboard_datasource_queries_total', { datasource: 'druid', source: 'live' });
  await sleep(2000); // Druid writes its request log as queries end
  const logged = druidLogged(t0, t1);
  return {
    seconds: round((t1 - t0) / 1000, 1),
    queries,
    queriesPerTickPerPanel: round(queries / ticks / PANELS, 2),
    ...(logged !== undefined
      ? { druidLogged: logged, druidLoggedPerTickPerPanel: round(logged / ticks / PANELS, 2) }
      : {}),
    tailPerTick: round(delta('pulseboard_live_reads_total', { kind: 'tail' }) / ticks, 2),
    wholePerTick: round(delta('pulseboard_live_reads_total', { kind: 'whole' }) / ticks, 2),
    httpQueries: delta('pulseboard_datasource_queries_total', { datasource: 'druid', source: 'http' }),
  };
}

async function measure(results: Results, costs: Record<number, Cost>): Promise<void> {
  const browser = await launchChromium();
  const metrics = new MetricsReader(BASE);
  try {
    const pages = [await openTab(browser)];
    await pages[0].waitForFunction((sel) => document.querySelector(sel)?.textContent?.trim() === '0', STAT_TEXT);
    log(`freshness: ${RUNS} orders (after 2 warm-ups) for city ${CITY}`);
    const fresh = await freshness(pages[0]);
    for (const [key, xs] of [
      ['publishToSql', fresh.sql],
      ['publishToScreen', fresh.screen],
    ] as const) {
      results[`druidKafka.${key}.p50Ms`] = Math.round(pct(xs, 50));
      results[`druidKafka.${key}.p95Ms`] = Math.round(pct(xs, 95));
    }
    for (const tabs of [1, 5]) {
      while (pages.length < tabs) pages.push(await openTab(browser));
      log(`live cost with ${tabs} tab(s), ${COST_SECONDS} s`);
      costs[tabs] = await cost(metrics, tabs);
      for (const [k, v] of Object.entries(costs[tabs])) results[`druidKafka.cost.tabs${tabs}.${k}`] = v;
    }
  } finally {
    metrics.close();
    await browser.close();
  }
}

function report(results: Results, costs: Record<number, Cost>): void {
  const ms = (k: string) => [results[`druidKafka.${k}.p50Ms`], results[`druidKafka.${k}.p95Ms`]];
  console.log(
    `\nKafka → Druid → Pulseboard, ${RUNS} orders (Druid ${DRUID_URL}, Kafka ${BROKERS.join(',')}, tick ${TICK_MS} ms)\n`,
  );
  console.log(
    formatTable(
      ['from publishing one order to Kafka', 'p50 ms', 'p95 ms'],
      [
        ['row counted by Druid SQL (polled every 50 ms)', ...ms('publishToSql')],
        ['new count on screen (stat panel, Chromium)', ...ms('publishToScreen')],
      ],
    ),
  );
  console.log(
    `\nLive cost on Druid, ${PANELS} panels (stat: whole range; orders per minute: tail), ${COST_SECONDS} s each\n`,
  );
  const cell = (x: number | undefined) => (x === undefined ? 'n/a' : x);
  const header = ['tabs', 's', 'Druid queries', 'per tick per panel', 'in Druid request log', 'per tick per panel'];
  console.log(
    formatTable(
      [...header, 'tail reads/tick', 'whole reads/tick', '/api/query'],
      [1, 5].map((t) => {
        const c = costs[t];
        const logged = [cell(c.druidLogged), cell(c.druidLoggedPerTickPerPanel)];
        return [
          t,
          c.seconds,
          c.queries,
          c.queriesPerTickPerPanel,
          ...logged,
          c.tailPerTick,
          c.wholePerTick,
          c.httpQueries,
        ];
      }),
    ),
  );
}

async function main(): Promise<void> {
  const why = await unavailable();
  if (why) {
    console.log(`[bench:druid-kafka] skipped: ${why}`);
    return;
  }
  const supervisors = await ensureSupervisors({
    client: druid.client,
    dir: path.resolve('provisioning/druid'),
    kafka: BROKERS.join(','),
  });
  for (const o of supervisors) log(formatOutcome(o));
  if (supervisors.some((o) => o.action === 'failed')) throw new Error('the Kafka supervisors are not running');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-bench-druid-kafka-'));
  fs.writeFileSync(path.join(dir, `${UID}.json`), JSON.stringify(benchDashboard(), null, 2));
  const results: Results = {};
  const costs: Record<number, Cost> = {};
  try {
    const env = {
      DRUID_URL,
      PULSEBOARD_DEMO_DATASOURCE: 'druid',
      PULSEBOARD_SIMULATOR: 'off',
      PULSEBOARD_ANONYMOUS: 'viewer',
      PULSEBOARD_EXTRA_DASHBOARDS: dir,
      PULSEBOARD_LIVE_TICK_MS: String(TICK_MS),
    };
    await withServer(PORT, env, () => measure(results, costs));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await druid.close();
  }
  writeResults('druid-kafka', results, { druidUrl: DRUID_URL, kafka: BROKERS.join(','), runs: RUNS, city: CITY });
  report(results, costs);
}

runBench(main);
