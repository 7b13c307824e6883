/**
 * `npm run bench:embed`: the embed route's JavaScript (gzipped, every script Chromium loads, from the build's
 * static chunks) beside the dashboard route's, and the time from iframe navigation start to the first rendered
 * data, p50/p95 over 10 loads from a host page on another origin. Needs a production build.
 */
import http from 'node:http';
import type { Page } from '@playwright/test';
import { launchChromium, routeJsGzipKb, runBench, withServer, writeResults } from './lib';
import { pct } from './stats';
import { issueEmbedToken } from '../lib/embed/token';

const PORT = Number(process.env.BENCH_PORT || 3404);
const HOST_PORT = PORT + 1;
const BASE = `http://127.0.0.1:${PORT}`;
const SECRET = 'bench-embed-secret-0123456789abcdef';

/** Route sizes, then 10 timed loads of the embed inside a host page on another origin. */
async function measure(results: Record<string, number>): Promise<void> {
  const { token } = await issueEmbedToken(SECRET, { dashboardUid: 'sales', panelIds: [5], ttlSeconds: 3600 });
  const embedPath = `/embed/sales/5?token=${token}`;
  const browser = await launchChromium();
  const ready = (selector: string) => (page: Page) => page.waitForSelector(selector);
  results.embed_route_js_gzip_kb = await routeJsGzipKb(
    browser,
    BASE + embedPath,
    ready('[data-panel-id][data-state="ready"] canvas'),
  );
  results.dashboard_route_js_gzip_kb = await routeJsGzipKb(
    browser,
    `${BASE}/d/sales`,
    ready('[data-panel-id="5"][data-state="ready"] canvas'),
  );
  const times: number[] = [];
  for (let i = 0; i < 11; i++) {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${HOST_PORT}/?src=${encodeURIComponent(BASE + embedPath)}`);
    const frame = page.frames().find((f) => f.url().includes('/embed/'))!;
    await frame.waitForSelector('[data-panel-id][data-state="ready"] canvas');
    // Navigation start of the iframe's document to now (data on screen), in the frame's own clock.
    const ms = await frame.evaluate(() => performance.now());
    if (i) times.push(ms); // the first load warms the server
    await page.close();
  }
  await browser.close();
  results.embed_load_to_data_p50_ms = Math.round(pct(times, 50));
  results.embed_load_to_data_p95_ms = Math.round(pct(times, 95));
}

async function main(): Promise<void> {
  const host = http
    .createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><iframe id="embed" src="${new URL(req.url!, 'http://x').searchParams.get('src')}" width="600" height="300"></iframe>`,
      );
    })
    .listen(HOST_PORT, '127.0.0.1');
  const results: Record<string, number> = {};
  try {
    await withServer(
      PORT,
      { PULSEBOARD_EMBED_SECRET: SECRET, PULSEBOARD_EMBED_ORIGINS: `http://127.0.0.1:${HOST_PORT}` },
      () => measure(results),
    );
  } finally {
    host.close();
  }
  writeResults('embed', results);
  console.table(results);
}

runBench(main);
