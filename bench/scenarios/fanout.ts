/**
 * Fan-out: N = 1, 100, 1,000 viewers of every iot-sensors panel (dashboard range, now-1h) while the simulator
 * writes, once as plain clients polling `/api/query` every 5 s and once as live WebSocket subscribers, each mode
 * on a freshly started server. Load generators run in their own processes; engine queries come from the server's
 * `/metrics`, CPU and RSS of the server process from /proc.
 */
import { LoadProcess, dashboardRequests, log, sleep } from '../lib';
import { MetricsReader } from '../http';
import { ProcSampler, type ProcUsage } from '../proc';
import { pct, ratio, round } from '../stats';
import type { PollersReport } from '../load/pollers';
import type { WsClientsReport } from '../load/ws-clients';
import type { BenchContext } from './context';
import type { Results } from '../report';

const FANOUT_CLIENTS = [1, 100, 1000];
const POLL_PERIOD_MS = 5000;

interface Window<R> {
  report: R;
  /** Engine queries per second over the whole window. */
  queriesPerSec: number;
  /** Median of the per-second counts: one second with a burst (two simulator writes landing in the same second) does not move it. */
  queriesPerSecMedian: number;
  server: ProcUsage;
  client: ProcUsage;
}

interface FanoutContext extends BenchContext {
  metrics: MetricsReader;
}

/** Sleep until half-way between two whole seconds, where the simulator writes. */
const toHalfSecond = () => sleep(1500 - (Date.now() % 1000));

/**
 * Count engine queries (each second) and sample server and generator CPU/RSS over one window of whole `seconds`.
 * The window opens and closes half-way between the simulator's writes (on whole seconds), so it holds a whole
 * number of the ticks those writes wake.
 */
async function measure<R>(
  ctx: FanoutContext,
  load: LoadProcess<R>,
  source: 'live' | 'http',
  seconds: number,
): Promise<Window<R>> {
  const server = new ProcSampler(ctx.serverPid);
  const client = new ProcSampler(load.pid);
  await toHalfSecond();
  let last = await ctx.metrics.engineQueries(source);
  const t0 = performance.now();
  server.start();
  client.start();
  await load.mark();
  const perSecond: number[] = [];
  for (let i = 0; i < seconds; i++) {
    await sleep(1000 - ((Date.now() + 500) % 1000));
    const q = await ctx.metrics.engineQueries(source);
    perSecond.push(q - last);
    last = q;
  }
  const elapsed = (performance.now() - t0) / 1000;
  const report = await load.report();
  const total = perSecond.reduce((a, b) => a + b, 0);
  return {
    report,
    queriesPerSec: round(total / elapsed, 2),
    queriesPerSecMedian: pct(perSecond, 50),
    server: server.stop(),
    client: client.stop(),
  };
}

function record(ctx: FanoutContext, prefix: string, figures: Record<string, number>): void {
  for (const [k, v] of Object.entries(figures)) ctx.results[`${prefix}.${k}`] = v;
}

/** Wait until the server has run no `/api/query` engine query for a second (queued polls drained). */
async function settle(ctx: FanoutContext): Promise<void> {
  const t0 = performance.now();
  let last = -1;
  for (let i = 0; i < 30; i++) {
    const q = await ctx.metrics.engineQueries('http');
    if (q === last) break;
    last = q;
    await sleep(1000);
  }
  log(`fan-out: server idle again after ${Math.round((performance.now() - t0) / 1000)} s`);
}

async function pollRun(ctx: FanoutContext, n: number, requests: unknown[], last: boolean): Promise<void> {
  log(`fan-out: ${n} polling clients`);
  const load = await LoadProcess.start<PollersReport>('bench/load/pollers.ts', {
    base: ctx.base,
    clients: n,
    periodMs: POLL_PERIOD_MS,
    requests,
  });
  try {
    await sleep(POLL_PERIOD_MS); // every client has started polling
    const w = await measure(ctx, load, 'http', ctx.quick ? POLL_PERIOD_MS / 1000 : 30);
    const r = w.report;
    if (r.errors) log(`fan-out: ${n} polling clients: ${r.errors} failed requests ${JSON.stringify(r.errorKinds)}`);
    record(ctx, `fanout.poll.n${n}`, {
      queriesPerSec: w.queriesPerSec,
      offeredRequestsPerSec: round((n * requests.length * 1000) / POLL_PERIOD_MS, 1),
      requestsPerSec: round(r.requests / r.seconds, 1),
      responseP50Ms: round(pct(r.latencies, 50)),
      responseP99Ms: round(pct(r.latencies, 99)),
      bytesPerSec: Math.round(r.bytes / r.seconds),
      errors: r.errors,
      skippedRefreshes: r.skipped,
      serverCpuPct: w.server.cpuPct,
      serverRssMB: w.server.rssPeakMB,
      clientCpuPct: w.client.cpuPct,
    });
  } finally {
    await load.stop();
  }
  if (!last) await settle(ctx);
}

async function liveRun(ctx: FanoutContext, n: number, requests: unknown[]): Promise<void> {
  log(`fan-out: ${n} live clients`);
  const load = await LoadProcess.start<WsClientsReport>('bench/load/ws-clients.ts', {
    url: `${ctx.base.replace('http', 'ws')}/api/live`,
    clients: n,
    requests,
  });
  try {
    const w = await measure(ctx, load, 'live', ctx.quick ? 5 : 30);
    const r = w.report;
    record(ctx, `fanout.live.n${n}`, {
      queriesPerSec: w.queriesPerSec,
      queriesPerSecMedian: w.queriesPerSecMedian,
      messagesPerSec: round(r.messages / r.seconds, 1),
      deliveryP50Ms: round(pct(r.latencies, 50)),
      deliveryP99Ms: round(pct(r.latencies, 99)),
      bytesPerSec: Math.round(r.bytes / r.seconds),
      serverCpuPct: w.server.cpuPct,
      serverRssMB: w.server.rssPeakMB,
      clientCpuPct: w.client.cpuPct,
    });
  } finally {
    await load.stop();
  }
  await sleep(1000);
}

/** N polling clients for each N; engine queries counted as `source="http"`. */
export async function pollFanout(bench: BenchContext): Promise<void> {
  await withMetrics(bench, async (ctx, requests) => {
    for (const n of FANOUT_CLIENTS) await pollRun(ctx, n, requests, n === FANOUT_CLIENTS.at(-1));
  });
}

/** N live clients for each N; engine queries counted as `source="live"`. */
export async function liveFanout(bench: BenchContext): Promise<void> {
  await withMetrics(bench, async (ctx, requests) => {
    for (const n of FANOUT_CLIENTS) await liveRun(ctx, n, requests);
  });
}

async function withMetrics(
  bench: BenchContext,
  fn: (ctx: FanoutContext, requests: unknown[]) => Promise<void>,
): Promise<void> {
  const requests = await dashboardRequests(bench.base, 'iot-sensors', { from: 'now-1h', to: 'now' });
  const ctx = { ...bench, metrics: new MetricsReader(bench.base) };
  try {
    await fn(ctx, requests);
  } finally {
    ctx.metrics.close();
  }
}

/** Polling ÷ live, per N, and how live engine queries per second (median) grow from the smallest N to the largest. */
export function fanoutRatios(r: Results): void {
  for (const n of FANOUT_CLIENTS) {
    r[`fanout.ratio.n${n}.queries`] = ratio(r[`fanout.poll.n${n}.queriesPerSec`], r[`fanout.live.n${n}.queriesPerSec`]);
    r[`fanout.ratio.n${n}.bytes`] = ratio(r[`fanout.poll.n${n}.bytesPerSec`], r[`fanout.live.n${n}.bytesPerSec`]);
  }
  const [first, last] = [FANOUT_CLIENTS[0], FANOUT_CLIENTS.at(-1)];
  r['fanout.live.queriesGrowth'] = ratio(
    r[`fanout.live.n${last}.queriesPerSecMedian`],
    r[`fanout.live.n${first}.queriesPerSecMedian`],
  );
}
