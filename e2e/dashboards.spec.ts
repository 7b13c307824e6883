import { expect, test, type Page } from '@playwright/test';
import { expectEveryPanelReady } from './helpers';

async function lastTime(page: Page, panelId: number): Promise<number> {
  return Number(await page.locator(`[data-panel-id="${panelId}"]`).getAttribute('data-last-time'));
}

test('the home page lists the three demo dashboards', async ({ page }) => {
  await page.goto('/');
  for (const title of ['IoT sensors', 'Sales', 'Overview']) {
    await expect(page.getByRole('link', { name: new RegExp(title) }).first()).toBeVisible();
  }
});

test('every IoT panel renders data and updates live without a reload', async ({ page }, info) => {
  expect(await expectEveryPanelReady(page, '/d/iot-sensors')).toBeGreaterThanOrEqual(5);
  await expect(page.locator('[data-panel-id="1"] canvas').first()).toBeVisible();

  // Mark the document: a reload would lose the mark. Keep the chart's canvas: a re-mount would detach it.
  await page.evaluate(() => ((window as unknown as { __mark: number }).__mark = 1));
  const canvas = await page.locator('[data-panel-id="1"] canvas').first().elementHandle();
  const t1 = await lastTime(page, 1);
  expect(t1).toBeGreaterThan(Date.now() - 60_000);
  await expect.poll(() => lastTime(page, 1), { timeout: 5000, intervals: [200] }).toBeGreaterThan(t1);
  expect(await page.evaluate(() => (window as unknown as { __mark?: number }).__mark)).toBe(1);
  expect(await canvas!.evaluate((el) => el.isConnected)).toBe(true);

  await page.screenshot({ path: info.outputPath('iot-sensors.png'), fullPage: true });
});

test('changing from in the URL changes what is shown', async ({ page }) => {
  await page.goto('/d/sales?from=now-6h&to=now&refresh=');
  const orders = page.locator('[data-panel-id="1"]');
  await expect(orders).toHaveAttribute('data-state', 'ready');
  const wide = Number(await orders.getAttribute('data-value'));
  await page.goto('/d/sales?from=now-5m&to=now&refresh=');
  await expect(orders).toHaveAttribute('data-state', 'ready');
  await expect.poll(async () => Number(await orders.getAttribute('data-value'))).toBeLessThan(wide / 10);
  await expect(page.getByLabel('Time range')).toContainText(/5 minutes|5m/i);
});

test('a failing panel shows its error and the others still render', async ({ page }) => {
  await page.goto('/d/e2e-broken');
  await expect(page.locator('[data-panel-id="1"]')).toHaveAttribute('data-state', 'ready');
  const broken = page.locator('[data-panel-id="2"]');
  await expect(broken).toHaveAttribute('data-state', 'error');
  await expect(broken).toContainText(/no_such_table/);
});

test('an unknown dashboard shows a not-found page', async ({ page }) => {
  const res = await page.goto('/d/does-not-exist');
  expect(res?.status()).toBe(404);
});
