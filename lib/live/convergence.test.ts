/**
 * Convergence, the live contract, as a property: after any schedule of writes (in order, in the last 100 ms of a
 * bucket, committed after the tick that covered their time, late inside and outside the lateness window, through
 * Pulseboard or by an external writer), socket drops with resume and paused readers, every live subscription
 * ends equal to the HTTP answer for the same request:
 *  - after every tick, when no row later than the lateness is waiting for its reconciliation: the channel's state
 *    (what every new subscriber's snapshot holds) equals `/api/query` at that instant;
 *  - after every tick, each connected client that is reading holds exactly the channel's state once delivered;
 *  - a paused reader catches up within about a second of reading again, with no new data;
 *  - at the end, one reconciliation later, everything equals the HTTP answer.
 * The real runtime (macros, executor, hub), the real WebSocket server and the browser's LiveClient over `ws`, on
 * DuckDB (writes through ingest and straight into the engine) and on MariaDB (external INSERTs). Time is a fake
 * clock the runtime reads; ticks run when the schedule says. Fixed seed (`PULSEBOARD_PROPERTY_SEED` to vary it);
 * fast-check prints the seed and the shrunk schedule on failure.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import mysql from 'mysql2/promise';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '../runtime';
import { createLiveServer } from './attach-ws';
import { LiveClient, type LiveSocket } from '../../components/live/live-client';
import { insertDuckDbRows } from '../ingest/duckdb-writer';
import { preparePanelQuery } from '../query/prepare';
import type { DuckDbDriver } from '../datasources/duckdb';
import type { MySqlDriver } from '../datasources/mysql';
import type { DataFrame } from '../frames/types';
import type { QueryRequest } from '../query/protocol';
import type { SalesRow } from '../ingest/tables';
import { utcDateTimeText } from '../ingest/tables';
import { mysqlUnavailable } from '../testing/mysql-server';

const SEED = Number(process.env.PULSEBOARD_PROPERTY_SEED ?? 20261130);
const LATENESS_MS = 30_000;
const RECONCILE_MS = 20_000;
const BUCKET_MS = 10_000;
const RANGE = { from: 'now-3m', to: 'now' };
const MYSQL_URL = process.env.PULSEBOARD_TEST_MYSQL_URL || 'mysql://root@127.0.0.1:3306/pulseboard_convergence';

/** Every kind of live panel: filled buckets, per-series $__interval buckets, raw rows, latest rows (LIMIT), totals. */
const DASHBOARD = {
  uid: 'conv',
  title: 'Convergence',
  time: RANGE,
  panels: [
    [
      "SELECT $__timeGroupAlias(ts, '10s', 0), count(*) AS orders FROM sales WHERE $__timeFilter(ts) GROUP BY 1 ORDER BY 1",
      'time_series',
    ],
    [
      'SELECT $__timeGroupAlias(ts, $__interval), city, sum(amount) AS revenue FROM sales WHERE $__timeFilter(ts) GROUP BY 1, 2 ORDER BY 1, 2',
      'time_series',
    ],
    ['SELECT ts AS time, city, quantity FROM sales WHERE $__timeFilter(ts) ORDER BY ts', 'time_series'],
    [
      'SELECT ts AS time, order_id, city, amount FROM sales WHERE $__timeFilter(ts) ORDER BY ts DESC, order_id DESC LIMIT 5',
      'table',
    ],
    ['SELECT count(*) AS orders, sum(quantity) AS units FROM sales WHERE $__timeFilter(ts)', 'table'],
  ].map(([rawSql, format], i) => ({
    id: i + 1,
    type: 'table',
    title: `p${i + 1}`,
    gridPos: { x: 0, y: i, w: 24, h: 1 },
    datasource: { uid: '${PULSEBOARD_DEMO_DATASOURCE}' },
    maxDataPoints: 36,
    targets: [{ refId: 'A', rawSql, format }],
  })),
};
const REQUESTS: QueryRequest[] = DASHBOARD.panels.map((p) => ({
  dashboardUid: 'conv',
  panelId: p.id,
  range: RANGE,
  maxDataPoints: 36,
}));

/* ---------------- schedules ---------------- */

type When = 'now' | 'edge' | 'lateIn' | 'lateOut' | 'beforeRange';
type Step =
  | { kind: 'write'; via: 'pulseboard' | 'external'; when: When; back: number; city: number; n: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'toEdge'; before: number }
  | { kind: 'drop'; client: number }
  | { kind: 'pause'; client: number }
  | { kind: 'resume'; client: number }
  | { kind: 'join' };

function stepArb(viaPulseboard: boolean): fc.Arbitrary<Step> {
  return fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('write' as const),
        via: viaPulseboard
          ? fc.constantFrom('pulseboard' as const, 'external' as const)
          : fc.constant('external' as const),
        when: fc.constantFrom<When>('now', 'edge', 'lateIn', 'lateIn', 'lateOut', 'beforeRange'),
        back: fc.double({ min: 0, max: 1, noNaN: true }),
        city: fc.integer({ min: 0, max: 2 }),
        n: fc.integer({ min: 1, max: 3 }),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 6000 }) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('toEdge' as const), before: fc.integer({ min: 0, max: 100 }) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('drop' as const), client: fc.integer({ min: 0, max: 1 }) }) },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('pause' as const), client: fc.integer({ min: 0, max: 1 }) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('resume' as const), client: fc.integer({ min: 0, max: 1 }) }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'join' as const }) },
  );
}

/** The row time a write step stands for, at clock `now`. */
function rowTime(s: Extract<Step, { kind: 'write' }>, now: number): number {
  const span = (lo: number, hi: number) => Math.round(now - lo - s.back * (hi - lo));
  switch (s.when) {
    case 'now':
      return span(0, 1000);
    // The last 100 ms of the bucket that just ended: a row committed after the tick that covered its time.
    case 'edge':
      return Math.floor(now / BUCKET_MS) * BUCKET_MS - 1 - Math.round(s.back * 99);
    case 'lateIn':
      return span(1000, LATENESS_MS - 1000);
    case 'lateOut':
      return span(LATENESS_MS + 1000, 170_000);
    case 'beforeRange':
      return span(185_000, 600_000);
  }
}

/* ---------------- comparing frames ---------------- */

const num = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(10)) : v);

/** Frames as comparable values: columns by name and type, rows in time order for time-series frames, numbers to 10 digits. */
function canonical(frames: DataFrame[], timeSeries: boolean): unknown {
  return [...frames]
    .sort((a, b) => a.refId.localeCompare(b.refId))
    .map((f) => {
      let rows = Array.from({ length: f.length }, (_, i) => f.fields.map((x) => num(x.values[i])));
      if (timeSeries)
        rows = rows
          .map((r) => JSON.stringify(r))
          .sort()
          .map((r) => JSON.parse(r) as unknown[]);
      return { refId: f.refId, fields: f.fields.map((x) => `${x.name}:${x.type}`), rows };
    });
}

/* ---------------- the harness ---------------- */

interface Harness {
  rt: Runtime;
  clock: { now: number };
  url: string;
  /** Server-side socket of a client connection, by the client's local port. */
  serverSocket(localPort: number): Socket | undefined;
  write(rows: SalesRow[], via: 'pulseboard' | 'external'): Promise<void>;
  clear(): Promise<void>;
  close(): Promise<void>;
}

async function startHarness(engine: 'duckdb' | 'mysql'): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pulseboard-conv-${engine}-`));
  fs.mkdirSync(path.join(dir, 'provisioning', 'dashboards'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'provisioning', 'dashboards', 'conv.json'), JSON.stringify(DASHBOARD));
  const clock = { now: Date.UTC(2026, 0, 1, 12, 0, 0) };
  const rt = new Runtime({
    env: {
      PULSEBOARD_DATA_DIR: path.join(dir, 'data'),
      PULSEBOARD_PROVISIONING_DIR: path.join(dir, 'provisioning'),
      PULSEBOARD_SIMULATOR: 'off',
      PULSEBOARD_DEMO_DATASOURCE: engine,
      PULSEBOARD_LIVE_TICK_MS: '3600000',
      PULSEBOARD_LIVE_LATENESS: `${LATENESS_MS / 1000}s`,
      PULSEBOARD_LIVE_RECONCILE: `${RECONCILE_MS / 1000}s`,
      ...(engine === 'mysql' ? { MYSQL_URL } : {}),
    },
    defaultMetrics: false,
    log: () => {},
    now: () => clock.now,
  });
  await rt.start();
  let writer: mysql.Connection | undefined;
  if (engine === 'mysql') {
    await (rt.datasources.get('mysql').driver as MySqlDriver).ensureDatabase();
    await rt.demo.ensureSchema();
    writer = await mysql.createConnection({ uri: MYSQL_URL, timezone: 'Z' });
  }
  const live = createLiveServer(rt.hub, undefined, { maxBufferedBytes: 1500, heartbeatMs: 1000, drainCheckMs: 20 });
  const sockets = new Set<Socket>();
  const server = http.createServer();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('upgrade', (req, socket, head) => {
    if (!live.handleUpgrade(req, socket, head)) socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const duck = rt.datasources.get('duckdb').driver as DuckDbDriver;
  return {
    rt,
    clock,
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/live`,
    serverSocket: (port) => [...sockets].find((s) => s.remotePort === port),
    async write(rows, via) {
      if (via === 'pulseboard') {
        await rt.ingest('sales', rows);
      } else if (writer) {
        const cols = ['ts', 'city', 'lat', 'lon', 'product', 'category', 'quantity', 'unit_price', 'amount'];
        const values = rows.map((r) => [
          utcDateTimeText(r.ts as number),
          r.city,
          r.lat,
          r.lon,
          r.product,
          r.category,
          r.quantity,
          r.unit_price,
          r.quantity * r.unit_price,
        ]);
        await writer.query(`INSERT INTO sales (${cols.join(', ')}) VALUES ?`, [values]);
      } else {
        await insertDuckDbRows(duck, 'sales', rows); // straight into the engine: nothing wakes the live hub
      }
    },
    async clear() {
      rt.hub.close();
      if (writer) await writer.query('DELETE FROM sales');
      else await duck.write((conn) => conn.run('DELETE FROM sales'));
    },
    async close() {
      live.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await writer?.query('DROP DATABASE IF EXISTS pulseboard_convergence').catch(() => undefined);
      await writer?.end();
      await rt.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A browser tab: the real LiveClient over `ws`, subscribed to every panel. */
class Tab {
  states: DataFrame[][] = REQUESTS.map(() => []);
  snapshots = REQUESTS.map(() => false);
  socket?: WebSocket;
  paused = false;
  private client: LiveClient;

  constructor(url: string) {
    this.client = new LiveClient(url, (u) => {
      const ws = new WebSocket(u);
      this.socket = ws;
      const sock: LiveSocket = {
        get readyState() {
          return ws.readyState;
        },
        onopen: null,
        onmessage: null,
        onclose: null,
        send: (d) => ws.send(d),
        close: () => ws.close(),
      };
      ws.on('open', () => sock.onopen?.());
      ws.on('close', () => sock.onclose?.());
      ws.on('error', () => undefined);
      ws.on('message', (d) => sock.onmessage?.({ data: d.toString() }));
      return sock;
    });
    REQUESTS.forEach((req, i) =>
      this.client.subscribe(req, (s) => {
        if (!s.hasSnapshot) return;
        this.states[i] = s.frames;
        this.snapshots[i] = true;
      }),
    );
  }

  close(): void {
    this.client.close();
  }
}

async function until(what: () => string | undefined, ms: number): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const why = what();
    if (!why) return;
    if (Date.now() - t0 > ms) throw new Error(why);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function runSchedule(h: Harness, steps: Step[], t0: number): Promise<void> {
  await h.clear();
  h.clock.now = t0;
  const tabs = [new Tab(h.url), new Tab(h.url)];
  const keys = await Promise.all(
    REQUESTS.map(async (r) => (await preparePanelQuery(h.rt.prepareDeps, r, h.clock.now)).key),
  );
  const channel = (i: number) => h.rt.hub.framesOf(keys[i]) ?? [];
  const timeSeries = (i: number) => DASHBOARD.panels[i].targets[0].format === 'time_series';
  /** Clock at which every row written later than the lateness so far is guaranteed read by a reconciliation. */
  let settledAt = -Infinity;
  let written: Array<{ ts: number }> = [];
  let orderNo = 0;

  const httpAnswer = async (i: number) => (await h.rt.query(REQUESTS[i])).frames;
  const clientsAgree = async (timeoutMs: number) => {
    for (const [n, tab] of tabs.entries()) {
      if (tab.paused || tab.socket?.readyState !== WebSocket.OPEN) continue;
      await until(() => {
        const bad = REQUESTS.findIndex(
          (_, i) =>
            JSON.stringify(canonical(tab.states[i], timeSeries(i))) !==
            JSON.stringify(canonical(channel(i), timeSeries(i))),
        );
        return bad < 0
          ? undefined
          : `tab ${n} panel ${bad + 1} differs from its channel:\n${JSON.stringify(canonical(tab.states[bad], timeSeries(bad)))}\nvs\n${JSON.stringify(canonical(channel(bad), timeSeries(bad)))}`;
      }, timeoutMs);
    }
  };
  const tick = async () => {
    const now = h.clock.now;
    // Rows written since the last tick that this tick's tail cannot reach wait for a reconciliation.
    if (written.some((r) => r.ts < now - LATENESS_MS)) settledAt = Math.max(settledAt, now + RECONCILE_MS);
    written = [];
    await h.rt.hub.tickAll();
    if (now >= settledAt) {
      for (let i = 0; i < REQUESTS.length; i++) {
        expect(canonical(channel(i), timeSeries(i)), `panel ${i + 1} at ${new Date(now).toISOString()}`).toEqual(
          canonical(await httpAnswer(i), timeSeries(i)),
        );
      }
    }
    await clientsAgree(3000);
  };

  try {
    await until(() => (tabs.every((t) => t.snapshots.every(Boolean)) ? undefined : 'no first snapshot'), 5000);
    await tick();
    for (const s of steps) {
      if (s.kind === 'write') {
        const rows = Array.from({ length: s.n }, (): SalesRow => {
          const q = 1 + (orderNo++ % 4);
          return {
            ts: rowTime(s, h.clock.now),
            city: ['Lima', 'Quito', 'Bogotá'][s.city],
            lat: 0,
            lon: 0,
            product: 'P',
            category: 'C',
            quantity: q,
            unit_price: 2.5,
          };
        });
        await h.write(rows, s.via);
        written.push(...rows.map((r) => ({ ts: r.ts as number })));
      } else if (s.kind === 'advance') {
        h.clock.now += s.ms;
        await tick();
      } else if (s.kind === 'toEdge') {
        const edge = Math.ceil((h.clock.now + 1) / BUCKET_MS) * BUCKET_MS - s.before;
        h.clock.now = edge > h.clock.now ? edge : edge + BUCKET_MS; // time never runs backwards
        await tick();
      } else if (s.kind === 'drop') {
        const port = (tabs[s.client].socket as unknown as { _socket?: Socket })?._socket?.localPort;
        if (port) h.serverSocket(port)?.destroy();
        tabs[s.client].paused = false;
        await new Promise((r) => setTimeout(r, 50));
        await until(() => (tabs[s.client].socket?.readyState === WebSocket.OPEN ? undefined : 'no reconnect'), 5000);
      } else if (s.kind === 'pause') {
        const port = (tabs[s.client].socket as unknown as { _socket?: Socket })?._socket?.localPort;
        const sock = port ? h.serverSocket(port) : undefined;
        if (sock && !tabs[s.client].paused) {
          sock.cork();
          tabs[s.client].paused = true;
        }
      } else if (s.kind === 'resume') {
        const port = (tabs[s.client].socket as unknown as { _socket?: Socket })?._socket?.localPort;
        if (tabs[s.client].paused) {
          if (port) h.serverSocket(port)?.uncork();
          tabs[s.client].paused = false;
        }
        await clientsAgree(1500); // the catch-up snapshot, with no new data
      } else {
        tabs.push(new Tab(h.url));
        await until(() => (tabs.at(-1)!.snapshots.every(Boolean) ? undefined : 'no snapshot for a new tab'), 5000);
      }
    }
    // The end: readers read again, a reconciliation passes, and everything equals the HTTP answer.
    for (const tab of tabs) {
      const port = (tab.socket as unknown as { _socket?: Socket })?._socket?.localPort;
      if (tab.paused && port) h.serverSocket(port)?.uncork();
      tab.paused = false;
    }
    await until(
      () => (tabs.every((t) => t.socket?.readyState === WebSocket.OPEN) ? undefined : 'a tab did not reconnect'),
      5000,
    );
    h.clock.now += RECONCILE_MS;
    settledAt = -Infinity;
    written = [];
    await tick();
    // Every tab, including one that is reconnecting because it heard no heartbeat while paused (a busy machine can
    // delay them too), ends equal to the HTTP answer.
    const answers = await Promise.all(
      REQUESTS.map(async (_, i) => JSON.stringify(canonical(await httpAnswer(i), timeSeries(i)))),
    );
    await until(() => {
      for (const [n, tab] of tabs.entries()) {
        const bad = REQUESTS.findIndex(
          (_, i) => JSON.stringify(canonical(tab.states[i], timeSeries(i))) !== answers[i],
        );
        if (bad >= 0)
          return `tab ${n} panel ${bad + 1} at the end:\n${JSON.stringify(canonical(tab.states[bad], timeSeries(bad)))}\nvs HTTP\n${answers[bad]}`;
      }
      return undefined;
    }, 10_000);
  } finally {
    tabs.forEach((t) => t.close());
  }
}

function property(h: () => Harness, viaPulseboard: boolean, numRuns: number) {
  return fc.assert(
    fc.asyncProperty(
      fc.array(stepArb(viaPulseboard), { minLength: 5, maxLength: 30 }),
      fc.integer({ min: 0, max: 86_400_000 }),
      async (steps, offset) => {
        await runSchedule(h(), steps, Date.UTC(2026, 0, 1) + offset);
      },
    ),
    { seed: SEED, numRuns, endOnFailure: true },
  );
}

describe('live convergence on DuckDB (writes through ingest and straight into the engine)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('duckdb');
  });
  afterAll(async () => {
    await h?.close();
  });

  it(`every subscription equals the HTTP answer (seed ${SEED})`, async () => {
    await property(() => h, true, 25);
  }, 240_000);
});

const mysqlDown = await mysqlUnavailable(MYSQL_URL);
if (mysqlDown)
  console.warn(`[convergence.test] MariaDB SKIPPED: no MySQL-protocol server at ${MYSQL_URL}: ${mysqlDown}`);

describe.skipIf(!!mysqlDown)('live convergence on MariaDB (external INSERTs only)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('mysql');
  });
  afterAll(async () => {
    await h?.close();
  });

  it(`every subscription equals the HTTP answer (seed ${SEED})`, async () => {
    await property(() => h, false, 15);
  }, 240_000);
});
