/**
 * Load generator, the polling baseline: `clients` plain HTTP clients that each POST `/api/query` for every
 * request in `requests` every `periodMs` (Grafana's shortest SQL refresh is 5 s), at phases spread evenly over the
 * period as viewers who opened the page at different times. A client whose previous refresh has not finished skips
 * to the next period, as a dashboard does not stack refreshes. Like a browser, each client accepts gzip and keeps
 * at most 6 keep-alive connections to the origin (HTTP/1.1); it gives up on a request after 30 s (Grafana's
 * default data proxy timeout). Bytes are counted as they travel, compressed.
 */
import http from 'node:http';
import type { QueryRequest } from '../../lib/query/protocol';
import { httpRequest } from '../http';
import { serveParent } from './child';

export interface PollersConfig {
  base: string;
  clients: number;
  periodMs: number;
  requests: QueryRequest[];
}

export interface PollersReport {
  seconds: number;
  requests: number;
  errors: number;
  /** Errors by cause: HTTP status or socket error code. */
  errorKinds: Record<string, number>;
  /** Refreshes skipped because the previous one was still running. */
  skipped: number;
  /** Response body bytes on the wire (gzipped). */
  bytes: number;
  /** Response time of every request in the window (ms). */
  latencies: number[];
}

let running = true;
const fresh = () => ({
  t0: performance.now(),
  requests: 0,
  errors: 0,
  errorKinds: {} as Record<string, number>,
  skipped: 0,
  bytes: 0,
  latencies: [] as number[],
});
let window = fresh();

function fail(kind: string): void {
  window.errors++;
  window.errorKinds[kind] = (window.errorKinds[kind] ?? 0) + 1;
}

const TIMEOUT_MS = 30_000;

async function post(agent: http.Agent, url: URL, body: string): Promise<void> {
  const t0 = performance.now();
  try {
    const { status, bytes } = await httpRequest(url, { agent, body, gzip: true, timeoutMs: TIMEOUT_MS });
    window.bytes += bytes;
    window.latencies.push(performance.now() - t0);
    window.requests++;
    if (status !== 200) fail(`HTTP ${status}`);
  } catch (err) {
    fail((err as { code?: string }).code ?? (err as Error).message);
  }
}

async function poll(cfg: PollersConfig, bodies: string[], phaseMs: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  const url = new URL('/api/query', cfg.base);
  let due = performance.now() + phaseMs;
  while (running) {
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    await Promise.all(bodies.map((b) => post(agent, url, b)));
    due += cfg.periodMs;
    while (due < performance.now()) {
      due += cfg.periodMs;
      window.skipped++;
    }
  }
}

serveParent<PollersConfig>({
  async start(cfg) {
    const bodies = cfg.requests.map((r) => JSON.stringify(r));
    for (let i = 0; i < cfg.clients; i++) void poll(cfg, bodies, (i / cfg.clients) * cfg.periodMs);
  },
  mark() {
    window = fresh();
  },
  report(): PollersReport {
    const { t0, ...counts } = window;
    return { seconds: (performance.now() - t0) / 1000, ...counts };
  },
  stop() {
    running = false;
  },
});
