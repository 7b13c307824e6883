/**
 * The panel editor on the server that requires a login (LOCKED): an editor makes a new dashboard, adds a panel,
 * types its SQL with completion of a table, runs it (the preview draws rows; the data tab shows the SQL sent with
 * the macros expanded), changes the visualization, resizes the panel on the grid and saves; a viewer then sees it
 * drawn, read-only. A bad column shows as a marker on the line the engine names.
 */
import { expect, test, type Page } from '@playwright/test';
import { addSessionCookie, ask, LOCKED, openAs as open, viewerAndTwoEditors } from './accounts/client';

test.describe.configure({ mode: 'serial' });

let viewer: string;
let alice: string;

/** Replace the SQL of query A in the open panel editor with `text` (inserted as typed text, no key bindings). */
async function setSql(page: Page, text: string) {
  const content = page.getByTestId('sql-editor-A').locator('.cm-content');
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Escape'); // closes any completion list (not the editor)
}

/** A dashboard made by alice through the API; its URL. */
async function create(dashboard: Record<string, unknown>): Promise<string> {
  const made = await ask('/api/dashboards', { method: 'POST', cookie: alice, body: { dashboard } });
  expect(made.status, made.body).toBe(201);
  return made.json!.url as string;
}

test.beforeAll(async () => {
  ({ viewer, alice } = await viewerAndTwoEditors());
});

test('an editor builds a panel with completion and Run, resizes it, saves; a viewer sees it', async ({ browser }) => {
  const page = await open(browser, alice, '/');
  await page.getByTestId('new-dashboard').click();
  await expect(page.getByTestId('dashboard-editor')).toBeVisible();
  const uid = new URL(page.url()).pathname.split('/')[2];
  await page.getByRole('button', { name: 'Add panel' }).click();
  await page.getByTestId('edit-panel-1').getByTestId('edit-panel-open').click();
  const editor = page.getByTestId('panel-editor');
  await expect(editor).toBeVisible();

  // Type the FROM clause's table: the completion offers `sales` from the datasource's schema.
  await setSql(page, "SELECT $__timeGroupAlias(ts, '5m', 0), count(*) AS orders\nFROM sal");
  await page.keyboard.press('Control+Space');
  const option = page.locator('.cm-tooltip-autocomplete li', { hasText: /^sales/ });
  await expect(option).toBeVisible();
  await option.click();
  await page.keyboard.insertText('\nWHERE $__timeFilter(ts)\nGROUP BY 1\nORDER BY 1');
  await expect(page.getByTestId('sql-editor-A').locator('.cm-content')).toContainText('FROM sales');

  // Ctrl+Enter runs it: the preview is the real panel with rows.
  await page.getByTestId('sql-editor-A').locator('.cm-content').press('Control+Enter');
  const preview = page.getByTestId('panel-preview').locator('[data-panel-id]');
  await expect(preview).toHaveAttribute('data-state', 'ready');
  expect(Number(await preview.getAttribute('data-rows'))).toBeGreaterThan(10);
  await expect(page.getByTestId('run-status')).toContainText(/\d+ rows in [\d.]+ ms/);

  // The data tab shows what was sent: macros expanded, none left.
  await page.getByRole('tab', { name: 'Data' }).click();
  const sent = page.getByTestId('rendered-sql-A');
  await expect(sent).toContainText('FROM sales');
  expect(await sent.textContent()).not.toContain('$__');
  await page.getByRole('tab', { name: 'Query' }).click();

  // Options: a bar chart titled "Orders (5 min)".
  await page.getByTestId('viz-bar').click();
  await expect(preview).toHaveAttribute('data-panel-type', 'bar');
  await editor.getByLabel('Title').fill('Orders (5 min)');
  await page.getByRole('button', { name: 'Back to dashboard' }).click();
  await expect(editor).toBeHidden();

  // Resize on the grid with the keyboard (Shift+arrows), then save.
  const item = page.getByTestId('edit-panel-1');
  await expect(item.getByTestId('edit-panel-pos')).toHaveText('bar · 12×8 at (0, 0)');
  await item.getByTestId('edit-panel-grip').focus();
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(item.getByTestId('edit-panel-pos')).toHaveText('bar · 14×8 at (0, 0)');
  await expect(item.locator('[data-panel-id]')).toHaveAttribute('data-state', 'ready');
  await page.getByRole('button', { name: 'Save…' }).click();
  await page.getByRole('dialog', { name: 'Save dashboard' }).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('saved-version')).toHaveText('Saved as version 2.');
  await page.context().close();

  const saved = await ask(`/api/dashboards/${uid}`, { cookie: alice });
  const panel = (saved.json!.panels as Array<Record<string, unknown>>)[0];
  expect(panel).toMatchObject({ type: 'bar', title: 'Orders (5 min)', gridPos: { x: 0, y: 0, w: 14, h: 8 } });

  const view = await open(browser, viewer, `/d/${uid}`);
  const drawn = view.locator('[data-panel-id="1"]');
  await expect(drawn).toHaveAttribute('data-state', 'ready');
  await expect(drawn.getByRole('heading', { name: 'Orders (5 min)' })).toBeVisible();
  await expect(view.getByTestId('edit-dashboard')).toHaveCount(0);
  await view.context().close();
});

test('a bad column is marked on the line the engine names', async ({ browser }) => {
  const url = await create({
    title: 'Marker',
    panels: [
      {
        id: 1,
        type: 'table',
        title: 'Rows',
        gridPos: { x: 0, y: 0, w: 12, h: 8 },
        targets: [{ refId: 'A', rawSql: 'SELECT 1 AS one', format: 'table' }],
      },
    ],
  });
  const page = await open(browser, alice, `${url}?editview=dashboard`);
  await page.getByTestId('edit-panel-1').getByTestId('edit-panel-open').click();
  await setSql(page, 'SELECT city,\n  amount\nFROM sales\nWHERE no_such_column > 1\nLIMIT 5');
  await page.getByTestId('run-query').click();
  await expect(page.getByTestId('query-error-A')).toContainText('no_such_column');
  await expect(page.getByTestId('query-error-A')).toContainText('Line 4');
  const lines = page.getByTestId('sql-editor-A').locator('.cm-line');
  await expect(lines.nth(3).locator('.cm-lintRange-error')).toHaveText('no_such_column');
  await expect(page.getByTestId('sql-editor-A').locator('.cm-lintRange-error')).toHaveCount(1);
  await page.context().close();
});

test('rows fold their panels in the view; edit mode adds, renames and folds them', async ({ browser }) => {
  const stat = (id: number, y: number, title: string) => ({
    id,
    type: 'stat',
    title,
    gridPos: { x: 0, y, w: 8, h: 4 },
    targets: [{ refId: 'A', rawSql: 'SELECT count(*) AS orders FROM sales WHERE $__timeFilter(ts)' }],
  });
  const url = await create({
    title: 'Rows',
    panels: [
      { id: 1, type: 'row', title: 'Sales', gridPos: { x: 0, y: 0, w: 24, h: 1 } },
      stat(2, 1, 'Orders'),
      { id: 3, type: 'row', title: 'More', collapsed: true, gridPos: { x: 0, y: 5, w: 24, h: 1 } },
      stat(4, 6, 'Hidden orders'),
    ],
  });

  const view = await open(browser, viewer, url);
  await expect(view.locator('[data-panel-id="2"]')).toHaveAttribute('data-state', 'ready');
  const more = view.getByRole('button', { name: /^More/ });
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await expect(more).toContainText('(1 panel)');
  await expect(view.locator('[data-panel-id="4"]')).toHaveCount(0);
  await more.click();
  await expect(view.locator('[data-panel-id="4"]')).toHaveAttribute('data-state', 'ready');
  await view.getByRole('button', { name: /^Sales/ }).click();
  await expect(view.locator('[data-panel-id="2"]')).toHaveCount(0);
  await view.context().close();

  const page = await open(browser, alice, `${url}?editview=dashboard`);
  await page.getByRole('button', { name: 'Add row' }).click();
  const row = page.getByTestId('edit-row-5');
  await row.getByLabel('Row title', { exact: true }).fill('Appendix');
  await row.getByLabel('Folded when the dashboard opens').check();
  await page.getByTestId('edit-row-3').getByLabel('Folded when the dashboard opens').uncheck();
  await page.getByRole('button', { name: 'Save…' }).click();
  await page.getByRole('dialog', { name: 'Save dashboard' }).getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('saved-version')).toHaveText('Saved as version 2.');
  await page.context().close();

  const saved = await ask(url.replace('/d/', '/api/dashboards/'), { cookie: viewer });
  const rows = (saved.json!.panels as Array<Record<string, unknown>>).filter((p) => p.type === 'row');
  expect(rows.map((r) => [r.id, r.title, r.collapsed ?? false])).toEqual([
    [1, 'Sales', false],
    [3, 'More', false],
    [5, 'Appendix', true],
  ]);
});

test('a save with two variables of the same name is stopped, saying which', async ({ browser }) => {
  const v = (name: string) => ({ name, type: 'custom', query: 'a,b' });
  const url = await create({ title: 'Vars', panels: [], templating: { list: [v('region')] } });
  const page = await open(browser, alice, `${url}?editview=dashboard`);
  await page.getByRole('button', { name: 'JSON model' }).click();
  const model = JSON.parse(await page.getByTestId('json-model').inputValue()) as Record<string, unknown>;
  model.templating = { list: [v('region'), v('region')] };
  await page.getByTestId('json-model').fill(JSON.stringify(model, null, 2));
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByRole('button', { name: 'Save…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save dashboard' });
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog.getByTestId('edit-error')).toContainText('another variable is named "region"');
  const stored = await ask(url.replace('/d/', '/api/dashboards/'), { cookie: alice });
  expect(stored.json).toMatchObject({ version: 1 });
  await page.context().close();
});

test('on a live dashboard the preview keeps updating while the editor is open', async ({ browser }) => {
  const url = await create({
    title: 'Live preview',
    refresh: 'live',
    panels: [
      {
        id: 1,
        type: 'stat',
        title: 'Orders so far',
        gridPos: { x: 0, y: 0, w: 8, h: 4 },
        targets: [{ refId: 'A', rawSql: 'SELECT count(*) AS n FROM sales', format: 'table' }],
      },
    ],
  });
  const page = await open(browser, alice, `${url}?editview=dashboard`);
  await page.getByTestId('edit-panel-1').getByTestId('edit-panel-open').click();
  await expect(page.getByTestId('preview-range')).toContainText('live');
  const preview = page.getByTestId('panel-preview').locator('[data-panel-id]');
  await expect(preview).toHaveAttribute('data-state', 'ready');
  const first = Number(await preview.getAttribute('data-value'));
  // The demo simulator writes an order every few hundred ms: without any Run, the count grows on screen.
  await expect
    .poll(async () => Number(await preview.getAttribute('data-value')), { timeout: 15_000 })
    .toBeGreaterThan(first);
  await page.context().close();
});

test('in edit mode, panels left as saved query like a viewer’s; only changed ones send their SQL', async ({
  browser,
}) => {
  const stat = (id: number, x: number) => ({
    id,
    type: 'stat',
    title: `Panel ${id}`,
    gridPos: { x, y: 0, w: 8, h: 4 },
    targets: [{ refId: 'A', rawSql: `SELECT count(*) AS p${id} FROM sales WHERE $__timeFilter(ts)` }],
  });
  const url = await create({ title: 'Paths', panels: [stat(1, 0), stat(2, 8)] });
  const context = await browser.newContext();
  await addSessionCookie(context, alice);
  const page = await context.newPage();
  const adHoc: string[] = [];
  const saved: number[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path === '/api/ds/query') adHoc.push(r.postData() ?? '');
    if (path === '/api/query') saved.push((JSON.parse(r.postData() ?? '{}') as { panelId: number }).panelId);
  });
  await page.goto(`${LOCKED}${url}?editview=dashboard`);
  for (const id of [1, 2])
    await expect(page.getByTestId(`edit-panel-${id}`).locator('[data-panel-id]')).toHaveAttribute(
      'data-state',
      'ready',
    );
  expect(adHoc).toEqual([]);
  expect(new Set(saved)).toEqual(new Set([1, 2]));

  await page.getByTestId('edit-panel-2').getByTestId('edit-panel-open').click();
  await setSql(page, 'SELECT 7 AS seven');
  await page.getByRole('button', { name: 'Back to dashboard' }).click();
  await expect(page.getByTestId('edit-panel-2').locator('[data-panel-id]')).toHaveAttribute('data-value', '7');
  expect(adHoc.some((body) => body.includes('SELECT 7 AS seven'))).toBe(true);
  // Panel 1 was never edited: it kept the viewers' path the whole time.
  expect(adHoc.every((body) => !body.includes('AS p1'))).toBe(true);
  await context.close();
});
