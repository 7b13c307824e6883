import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { E2E_AUTH } from '../playwright.config';

/**
 * Convergence on screen: a row written late into a minute the panel has already drawn changes that minute in
 * place, without a reload. The minute is older than the newest one drawn, so a tail that re-read only the newest
 * bucket would never see it; the lateness window (2 min by default) does.
 */
const CITY = 'E2E-Late';

async function order(request: APIRequestContext, ts: number, n = 1): Promise<void> {
  const rows = Array.from({ length: n }, () => ({
    ts,
    city: CITY,
    lat: -12,
    lon: -77,
    product: 'Late',
    category: 'Test',
    quantity: 1,
    unit_price: 1,
  }));
  const res = await request.post('/api/ingest/sales', { data: rows, headers: E2E_AUTH });
  expect(res.ok(), await res.text()).toBe(true);
}

/** The table's rows as [time text, orders], oldest first. */
async function minutes(page: Page): Promise<string[][]> {
  return page
    .locator('[data-panel-id="1"] tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')));
}

test('a row written late into an already-drawn minute changes that minute on screen without a reload', async ({
  page,
  request,
}, info) => {
  const now = Date.now() - 100;
  const current = Math.floor(now / 60_000) * 60_000;
  const previous = current - 60_000;
  await order(request, previous + 5_000, 1); // one order in the minute before
  await order(request, now, 3); // three in the current minute: the newest bucket drawn

  await page.goto('/d/e2e-late?from=now-10m&to=now&refresh=live');
  const table = page.locator('[data-panel-id="1"]');
  await expect(table).toHaveAttribute('data-state', 'ready');
  await expect
    .poll(() => minutes(page))
    .toEqual([
      [expect.any(String), '1'],
      [expect.any(String), '3'],
    ]);
  await page.evaluate(() => ((window as unknown as { __mark: number }).__mark = 1));
  const [before] = await minutes(page);

  await order(request, previous + 30_000, 1); // late: into the minute before, already on screen
  await expect
    .poll(() => minutes(page), { timeout: 5000, intervals: [100] })
    .toEqual([
      [before[0], '2'],
      [expect.any(String), '3'],
    ]);
  expect(await page.evaluate(() => (window as unknown as { __mark?: number }).__mark)).toBe(1);

  await page.locator('[data-panel-id="2"]').screenshot({ path: info.outputPath('late-row.png') });
});
