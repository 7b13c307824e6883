import { expect, type Page } from '@playwright/test';

/** Open a dashboard and wait until every panel is `ready` with at least one row; returns the panel count. */
export async function expectEveryPanelReady(page: Page, url: string): Promise<number> {
  await page.goto(url);
  const panels = page.locator('[data-panel-id]');
  await expect(panels.first()).toBeVisible();
  const n = await panels.count();
  for (let i = 0; i < n; i++) {
    const p = panels.nth(i);
    const id = await p.getAttribute('data-panel-id');
    await expect(p, `panel ${id}`).toHaveAttribute('data-state', 'ready');
    expect(Number(await p.getAttribute('data-rows')), `panel ${id} rows`).toBeGreaterThan(0);
  }
  return n;
}
