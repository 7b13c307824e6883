/**
 * Query overhead: `/api/query` for the 24 h temperature panel against the DuckDB driver called directly in this
 * process with the same rendered SQL, on a copy of the server's database file taken while the server is stopped
 * (DuckDB lets one process open a file read-write). The range is absolute, so both run the same SQL on the same rows.
 *  - cold: the first request after a server start (route module load, empty DuckDB buffer pool, variable options
 *    not cached yet) against the first query of a freshly opened driver;
 *  - warm: sequential requests, alternating API and raw driver;
 *  - dedup: 50 identical concurrent requests and the engine executions they caused;
 *  - auth: the same warm request with no credential (anonymous viewing), a session cookie and an API token, in
 *    turn: what the access check adds per request (a session costs two store reads, a token one).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { ChildProcess } from 'node:child_process';
import { Runtime } from '../../lib/runtime';
import { preparePanelQuery } from '../../lib/query/prepare';
import type { QueryRequest } from '../../lib/query/protocol';
import { BENCH_ADMIN_PASSWORD, BENCH_AUTH, startServer, stopServer } from '../lib';
import { MetricsReader, httpRequest, type HttpResult } from '../http';
import { pct, ratio, round } from '../stats';
import type { Results } from '../report';

export interface ServerSpec {
  port: number;
  dataDir: string;
  env: Record<string, string | undefined>;
}

const DAY_MS = 86_400_000;

function temperatureRequest(to: number): QueryRequest {
  return {
    dashboardUid: 'iot-sensors',
    panelId: 1,
    range: { from: String(to - DAY_MS), to: String(to) },
    vars: {},
    maxDataPoints: 800,
  };
}

const runtimeOn = (dataDir: string) =>
  new Runtime({
    env: { ...process.env, PULSEBOARD_DATA_DIR: dataDir, PULSEBOARD_SIMULATOR: 'off' },
    defaultMetrics: false,
    log: () => {},
  });

/** The SQL the server renders for `req` (absolute range: the same whenever it is rendered). */
async function renderSql(dataDir: string, req: QueryRequest): Promise<string> {
  const rt = runtimeOn(dataDir);
  const p = await preparePanelQuery(rt.prepareDeps, req);
  await rt.close();
  return p.targets[0].render(p.range).sql;
}

/** The driver the server's runtime creates, opened fresh in this process on `dataDir` (a copy: the server holds the original). */
function openRaw(dataDir: string, sql: string) {
  const rt = runtimeOn(dataDir);
  const { driver, config } = rt.datasources.get('duckdb');
  return { run: () => driver.query(sql, [], { maxRows: config.maxRows }), close: () => rt.close() };
}

/** Time `fn`, then check its answer (outside the timing). */
async function timed<T>(fn: () => Promise<T>, check: (r: T) => void = () => {}): Promise<number> {
  const t0 = performance.now();
  const r = await fn();
  const ms = performance.now() - t0;
  check(r);
  return ms;
}

/** A browser's requests: gzip accepted, connection kept alive; timed until the whole body has arrived. */
function apiClient(base: string, body: string, headers: Record<string, string> = {}) {
  const url = new URL('/api/query', base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const post = (other = body) => httpRequest(url, { agent, body: other, gzip: true, headers });
  const check = (r: HttpResult) => {
    const json = JSON.parse(r.text()) as { errors?: unknown };
    if (r.status !== 200 || json.errors) throw new Error(`query failed: ${r.status} ${r.text().slice(0, 300)}`);
  };
  return { post, check, close: () => agent.destroy() };
}

function recordPair(results: Results, prefix: string, api: number[], raw: number[]): void {
  results[`${prefix}.apiP50Ms`] = round(pct(api, 50));
  results[`${prefix}.apiP95Ms`] = round(pct(api, 95));
  results[`${prefix}.rawP50Ms`] = round(pct(raw, 50));
  results[`${prefix}.rawP95Ms`] = round(pct(raw, 95));
  results[`${prefix}.ratioP50`] = ratio(pct(api, 50), pct(raw, 50));
  results[`${prefix}.ratioP95`] = ratio(pct(api, 95), pct(raw, 95));
}

/** First request after each of several server starts, against the first query of a freshly opened driver. */
async function cold(
  spec: ServerSpec,
  env: Record<string, string | undefined>,
  body: string,
  sql: string,
  samples: number,
  results: Results,
): Promise<ChildProcess> {
  const base = `http://127.0.0.1:${spec.port}`;
  const apiMs: number[] = [];
  const rawMs: number[] = [];
  let server: ChildProcess | undefined;
  for (let i = 0; i < samples; i++) {
    if (server) await stopServer(server);
    server = await startServer(spec.port, env);
    const api = apiClient(base, body);
    apiMs.push(await timed(api.post, api.check));
    api.close();
    const raw = openRaw(`${spec.dataDir}-raw`, sql);
    rawMs.push(await timed(raw.run));
    await raw.close();
  }
  recordPair(results, 'overhead.cold', apiMs, rawMs);
  return server!;
}

/** Sequential requests, alternating API and raw driver so both see the same machine noise. */
async function warm(
  base: string,
  body: string,
  sql: string,
  rawDir: string,
  samples: number,
  results: Results,
): Promise<void> {
  const raw = openRaw(rawDir, sql);
  const api = apiClient(base, body);
  const apiMs: number[] = [];
  const rawMs: number[] = [];
  for (let i = 0; i < samples + 2; i++) {
    const a = await timed(api.post, api.check);
    const r = await timed(raw.run);
    if (i >= 2) {
      apiMs.push(a);
      rawMs.push(r);
    }
  }
  await raw.close();
  api.close();
  recordPair(results, 'overhead.warm', apiMs, rawMs);
}

/**
 * 50 identical requests at once, for a range no request has used yet, from 50 clients already connected (as 50
 * open dashboards are: opening 50 TCP connections at once would spread the requests over the accept queue);
 * engine runs from `/metrics`.
 */
async function dedup(base: string, results: Results): Promise<void> {
  const to = Math.floor(Date.now() / 1000) * 1000;
  const clients = Array.from({ length: 50 }, (_, i) =>
    apiClient(base, JSON.stringify(temperatureRequest(to - 300_000 - i * 1000))),
  );
  await Promise.all(clients.map((c) => c.post()));
  const burst = JSON.stringify(temperatureRequest(to - 120_000));
  const metrics = new MetricsReader(base);
  const q0 = await metrics.engineQueries('http');
  (await Promise.all(clients.map((c) => c.post(burst)))).forEach(clients[0].check);
  results['dedup.requests'] = 50;
  results['dedup.engineRuns'] = (await metrics.engineQueries('http')) - q0;
  metrics.close();
  clients.forEach((c) => c.close());
}

/** The bench server's admin (`PULSEBOARD_ADMIN_PASSWORD` in bench/lib.ts): a session cookie and an API token. */
async function credentials(base: string): Promise<{ cookie: string; token: string }> {
  const login = await fetch(`${base}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'admin', password: BENCH_ADMIN_PASSWORD }),
  });
  if (!login.ok) throw new Error(`bench login failed: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const created = await fetch(`${base}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...BENCH_AUTH },
    body: JSON.stringify({ name: `bench-${Date.now()}`, role: 'viewer' }),
  });
  if (!created.ok) throw new Error(`bench token failed: ${created.status} ${await created.text()}`);
  const { token } = (await created.json()) as { token: { token: string } };
  return { cookie, token: token.token };
}

/** Warm requests in turn without a credential, with a session cookie and with an API token. */
async function authCost(base: string, body: string, samples: number, results: Results): Promise<void> {
  const { cookie, token } = await credentials(base);
  const clients = {
    anonymous: apiClient(base, body),
    // A browser sends its Origin with every POST; a cookie request without one is refused (cross-site check).
    session: apiClient(base, body, { cookie, origin: base }),
    token: apiClient(base, body, { authorization: `Bearer ${token}` }),
  };
  const ms: Record<keyof typeof clients, number[]> = { anonymous: [], session: [], token: [] };
  for (let i = 0; i < samples + 2; i++) {
    for (const [name, c] of Object.entries(clients) as Array<[keyof typeof clients, (typeof clients)['token']]>) {
      const t = await timed(c.post, c.check);
      if (i >= 2) ms[name].push(t);
    }
  }
  for (const [name, list] of Object.entries(ms)) results[`auth.${name}P50Ms`] = round(pct(list, 50));
  Object.values(clients).forEach((c) => c.close());

  // The same three on a route with no engine query (the dashboard list), where the check is not lost in noise.
  const url = new URL('/api/dashboards', base);
  const agent = new http.Agent({ keepAlive: true });
  const headers = { anonymous: {}, session: { cookie }, token: { authorization: `Bearer ${token}` } };
  const light: Record<keyof typeof headers, number[]> = { anonymous: [], session: [], token: [] };
  for (let i = 0; i < samples * 10 + 20; i++) {
    for (const [name, h] of Object.entries(headers) as Array<[keyof typeof headers, Record<string, string>]>) {
      const t = await timed(
        () => httpRequest(url, { agent, headers: h }),
        (r) => {
          if (r.status !== 200) throw new Error(`GET /api/dashboards as ${name}: ${r.status}`);
        },
      );
      if (i >= 20) light[name].push(t);
    }
  }
  agent.destroy();
  for (const [name, list] of Object.entries(light)) results[`auth.dashboards.${name}P50Ms`] = round(pct(list, 50), 2);
  results['auth.dashboards.sessionExtraP50Ms'] = round(pct(light.session, 50) - pct(light.anonymous, 50), 2);
  results['auth.dashboards.tokenExtraP50Ms'] = round(pct(light.token, 50) - pct(light.anonymous, 50), 2);
}

/**
 * Runs the overhead figures and returns the server it leaves running (simulator off) for the next scenarios.
 * No server may hold `spec.dataDir` when this is called.
 */
export async function overhead(spec: ServerSpec, quick: boolean, results: Results): Promise<ChildProcess> {
  const rawDir = `${spec.dataDir}-raw`;
  fs.rmSync(rawDir, { recursive: true, force: true });
  fs.cpSync(spec.dataDir, rawDir, { recursive: true });
  try {
    const req = temperatureRequest(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    const sql = await renderSql(rawDir, req);
    const env = { ...spec.env, PULSEBOARD_DATA_DIR: spec.dataDir, PULSEBOARD_SIMULATOR: 'off' };
    const server = await cold(spec, env, JSON.stringify(req), sql, quick ? 3 : 7, results);
    const base = `http://127.0.0.1:${spec.port}`;
    await warm(base, JSON.stringify(req), sql, rawDir, quick ? 20 : 60, results);
    await authCost(base, JSON.stringify(req), quick ? 20 : 60, results);
    await dedup(base, results);
    return server;
  } finally {
    fs.rmSync(rawDir, { recursive: true, force: true });
  }
}
