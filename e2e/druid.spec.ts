import { expect, test } from '@playwright/test';
import { DRUID_FIXTURE_PORT, DRUID_PORT, E2E_AUTH } from '../playwright.config';
import { startDruidFixture, type DruidFixture } from './fixtures/druid/server';
import { expectEveryPanelReady } from './helpers';

/**
 * The demo dashboards on Apache Druid through the `druid` datasource, against the protocol-faithful fixture server
 * (no real Druid runs here). The fixture runs in this test process so the tests can see what it received; the
 * Pulseboard server on DRUID_PORT was started with DRUID_URL pointing at it and the simulator off, so every new
 * row comes from these tests through `POST /api/ingest`, which writes Druid batch tasks.
 */
const base = `http://127.0.0.1:${DRUID_PORT}`;
let fx: DruidFixture;

test.beforeAll(async () => {
  fx = await startDruidFixture({ port: DRUID_FIXTURE_PORT, backfillHours: 24, taskDelayMs: 100 });
});

test.afterAll(async () => {
  await fx?.close();
});

test.describe('on Druid (fixture server)', () => {
  for (const uid of ['sales', 'iot-sensors', 'overview']) {
    test(`${uid}: every panel renders data`, async ({ page }) => {
      await expectEveryPanelReady(page, `${base}/d/${uid}`);
    });
  }

  test('Sales updates live as orders are ingested into Druid', async ({ page, request }) => {
    // A fixed start, so the order count only grows by what this test ingests (nothing slides out of the range).
    await page.goto(`${base}/d/sales?from=${Date.now() - 15 * 60_000}&to=now&refresh=live`);
    const orders = page.locator('[data-panel-id="1"]');
    const perMinute = page.locator('[data-panel-id="5"]');
    await expect(orders).toHaveAttribute('data-state', 'ready');
    await expect(perMinute).toHaveAttribute('data-state', 'ready');
    await page.evaluate(() => ((window as unknown as { __mark: number }).__mark = 1));
    const queriesBefore = fx.requests.length;
    for (let i = 0; i < 3; i++) {
      const before = Number(await orders.getAttribute('data-value'));
      const ts = Date.now();
      const res = await request.post(`${base}/api/ingest/sales`, {
        headers: E2E_AUTH,
        data: [
          {
            ts,
            city: 'Lima',
            lat: -12.05,
            lon: -77.04,
            product: 'Ceviche',
            category: 'Food',
            quantity: 1,
            unit_price: 12.9,
          },
        ],
      });
      expect(res.status(), await res.text()).toBe(201);
      await expect
        .poll(async () => Number(await orders.getAttribute('data-value')), { timeout: 5000, intervals: [100] })
        .toBe(before + 1);
      await expect
        .poll(async () => Number(await orders.getAttribute('data-last-time')), { timeout: 5000, intervals: [100] })
        .toBe(ts);
      await expect
        .poll(async () => Number(await perMinute.getAttribute('data-last-time')), { timeout: 5000, intervals: [100] })
        .toBe(Math.floor(ts / 60_000) * 60_000);
    }
    // Live updates came over the socket without a reload, as Druid SQL the fixture answered.
    expect(await page.evaluate(() => (window as unknown as { __mark?: number }).__mark)).toBe(1);
    expect(fx.requests.slice(queriesBefore).some((r) => r.path.startsWith('/druid/indexer/v1/task'))).toBe(true);
    expect(fx.requests.slice(queriesBefore).some((r) => r.query?.includes('TIME_FLOOR(__time'))).toBe(true);
  });

  test('every Druid error class reaches its panel as a readable message', async ({ page }) => {
    await page.goto(`${base}/d/e2e-druid-errors`);
    const expected: Record<string, RegExp> = {
      'Parse error (400)': /rejected the query \(HTTP 400 INVALID_INPUT\)/,
      'Pre-27 parse error (400)': /rejected the query \(HTTP 400 INVALID_INPUT\)/,
      'Unauthorized (401, HTML)': /refused the credentials; check the datasource user and password \(HTTP 401/,
      'Forbidden (403)': /lacks READ permission .*\(HTTP 403 FORBIDDEN\)/,
      'Capacity (429)': /is at query capacity; try again shortly \(HTTP 429 CAPACITY_EXCEEDED\)/,
      'Runtime failure (500)': /failed while running the query \(HTTP 500 UNCATEGORIZED\): \/ by zero/,
      'Cancelled (500)': /cancelled the query \(HTTP 500 CANCELED\)/,
      'Unsupported (501)': /does not support this query \(HTTP 501 UNSUPPORTED\)/,
      'Proxy error (502, not JSON)': /answered HTTP 502 without a Druid error body/,
      'Unavailable (503)': /is unavailable; try again shortly \(HTTP 503 SERVICE_UNAVAILABLE\)/,
      'Timeout (504)': /timed the query out \(HTTP 504 TIMEOUT\)/,
      'Truncated stream (200, cut)': /cut the result off after \d+ row\(s\).*not showing a partial result/,
      'Unknown table (400, real)': /rejected the query \(HTTP 400 INVALID_INPUT\): .*no_such_table/,
    };
    for (const [title, message] of Object.entries(expected)) {
      const panel = page.locator('[data-panel-id]', { has: page.getByText(title, { exact: true }) });
      await expect(panel, title).toHaveAttribute('data-state', 'error');
      await expect(panel.locator('[data-panel-error]'), title).toHaveText(message);
    }
  });

  test('the connection test answers for Druid, and the datasource list carries no URL or credentials', async ({
    request,
  }) => {
    const health = await request.get(`${base}/api/datasources/druid/health`);
    expect(health.status()).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      message: expect.stringMatching(/^Apache Druid \(druid\) answered in \d+ ms$/),
    });
    expect(fx.requests.some((r) => r.path === '/status/health')).toBe(true);
    const list = await (await request.get(`${base}/api/datasources`)).text();
    expect(list).toContain('"uid":"druid"');
    expect(list).not.toContain(String(DRUID_FIXTURE_PORT));
    expect((await request.get(`${base}/api/datasources/nope/health`)).status()).toBe(400);
  });

  test('closing the tab mid-query cancels the query in Druid', async ({ context }) => {
    const page = await context.newPage();
    const cancelsBefore = fx.cancels.length;
    await page.goto(`${base}/d/e2e-druid-slow`);
    await expect
      .poll(() => fx.requests.filter((r) => r.query?.includes('tab-close-probe')).length, { timeout: 10_000 })
      .toBeGreaterThan(0);
    const sent = fx.requests.filter((r) => r.query?.includes('tab-close-probe')).at(-1)!;
    const id = (sent.body as { context: { sqlQueryId: string } }).context.sqlQueryId;
    expect(fx.running()).toContain(id);
    await page.close();
    await expect.poll(() => fx.cancels.slice(cancelsBefore), { timeout: 10_000 }).toContain(id);
    await expect.poll(() => fx.running(), { timeout: 5000 }).not.toContain(id);
  });
});
