/**
 * Freshness, with the simulator off so the only writes are ours: one sensor row POSTed to `/api/ingest`, then
 *  - ws: the delta carrying that row's bucket and value reaches a WebSocket client in this process;
 *  - pixel: the temperature panel's `data-last-time` in Chromium reaches the row's bucket, taken at the next
 *    animation frame after the attribute changes (ECharts draws on its own animation frame).
 * Times are wall-clock ms on one machine: POST start in this process, receipt here and in the page.
 */
import WebSocket from 'ws';
import type { Browser, Page } from '@playwright/test';
import type { LiveServerMessage, QueryRequest } from '../../lib/query/protocol';
import { calculateInterval } from '../../lib/sql/time-range';
import { BENCH_AUTH, dashboardRequests, sleep } from '../lib';
import { pct, round } from '../stats';
import type { BenchContext } from './context';

const RANGE = { from: 'now-15m', to: 'now' };
const RANGE_MS = 15 * 60_000;
const PANEL = '[data-panel-id="1"]';

/** Temperature rows seen in deltas of the WebSocket subscription: bucket time → value, when they arrived. */
async function subscribeWs(
  ctx: BenchContext,
  req: QueryRequest,
): Promise<{ ws: WebSocket; waitFor(time: number, value: number): Promise<number> }> {
  const ws = new WebSocket(`${ctx.base.replace('http', 'ws')}/api/live`);
  const arrivals = new Map<string, number>();
  let notify = () => {};
  ws.on('message', (data: Buffer) => {
    const at = Date.now();
    const msg = JSON.parse(data.toString()) as LiveServerMessage;
    if (msg.type !== 'delta') return;
    for (const { frame } of msg.changes) {
      const [time, sensor, value] = ['time', 'sensor_id', 'temperature'].map(
        (n) => frame.fields.find((f) => f.name === n)?.values ?? [],
      );
      time.forEach((t, i) => sensor[i] === 'sensor-1' && arrivals.set(`${t}|${value[i]}`, at));
    }
    notify();
  });
  await new Promise((r) => ws.once('open', r));
  ws.send(JSON.stringify({ type: 'subscribe', id: 'fresh', ...req }));
  const waitFor = async (time: number, value: number) => {
    const key = `${time}|${value}`;
    const deadline = Date.now() + 10_000;
    while (!arrivals.has(key)) {
      if (Date.now() > deadline) throw new Error(`no delta with ${key}`);
      await new Promise<void>((r) => {
        notify = r;
        setTimeout(r, 100);
      });
    }
    return arrivals.get(key)!;
  };
  return { ws, waitFor };
}

/** Arm the page to record (wall clock) the first animation frame where the panel's newest time reaches `time`. */
async function armPixel(page: Page, time: number): Promise<void> {
  await page.evaluate(
    ({ sel, time }) => {
      const w = window as unknown as { __pixelAt?: number };
      w.__pixelAt = undefined;
      const el = document.querySelector(sel)!;
      const obs = new MutationObserver(() => {
        if (Number(el.getAttribute('data-last-time')) < time) return;
        obs.disconnect();
        requestAnimationFrame(() => {
          w.__pixelAt = Date.now();
        });
      });
      obs.observe(el, { attributes: true, attributeFilter: ['data-last-time'] });
    },
    { sel: PANEL, time },
  );
}

async function pixelAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => (window as unknown as { __pixelAt?: number }).__pixelAt, undefined, {
    timeout: 10_000,
  });
  return (await handle.jsonValue()) as number;
}

export async function freshness(ctx: BenchContext, browser: Browser): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`${ctx.base}/d/iot-sensors?from=${RANGE.from}&to=${RANGE.to}&refresh=live`);
  await page.waitForSelector(`${PANEL}[data-state="ready"], ${PANEL}[data-state="nodata"]`);
  const [req] = await dashboardRequests(ctx.base, 'iot-sensors', RANGE);
  const sub = await subscribeWs(ctx, req);
  const { intervalMs } = calculateInterval(RANGE_MS, req.maxDataPoints!);
  const ws: number[] = [];
  const pixel: number[] = [];
  const samples = ctx.quick ? 8 : 30;
  for (let i = 0; i < samples + 2; i++) {
    // A new bucket of the panel each time, at a random point in it.
    await sleep(intervalMs - (Date.now() % intervalMs) + Math.random() * intervalMs);
    const ts = Date.now();
    const bucket = Math.floor(ts / intervalMs) * intervalMs;
    const temperature = round(10 + i / 100, 2);
    await armPixel(page, bucket);
    const t0 = Date.now();
    const res = await fetch(`${ctx.base}/api/ingest/sensor_data`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...BENCH_AUTH },
      body: JSON.stringify([{ sensor_id: 'sensor-1', temperature, humidity: 50, ts }]),
    });
    if (!res.ok) throw new Error(`ingest failed: ${res.status} ${await res.text()}`);
    const [wsAt, pxAt] = await Promise.all([sub.waitFor(bucket, temperature), pixelAt(page)]);
    if (i >= 2) {
      ws.push(wsAt - t0);
      pixel.push(pxAt - t0);
    } // two to warm up
  }
  sub.ws.close();
  await page.close();
  ctx.results['freshness.ws.p50Ms'] = Math.round(pct(ws, 50));
  ctx.results['freshness.ws.p95Ms'] = Math.round(pct(ws, 95));
  ctx.results['freshness.pixel.p50Ms'] = Math.round(pct(pixel, 50));
  ctx.results['freshness.pixel.p95Ms'] = Math.round(pct(pixel, 95));
}
