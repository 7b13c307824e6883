import { expect, test, type FrameLocator, type Locator, type Page } from '@playwright/test';
import { issueEmbedToken } from '../lib/embed/token';
import { startHostServer, type HostServer } from './fixtures/host-server';

/**
 * Panel embedding across origins. The app runs on 127.0.0.1:3199 with PULSEBOARD_EMBED_ORIGINS naming only
 * http://127.0.0.1:3299; two embedding sites run inside this test process: 3299 (allowed) and 3298 (not).
 * Tokens are signed here with the secret the e2e server was started with.
 */
const APP = `http://127.0.0.1:${Number(process.env.E2E_PORT || 3199)}`;
const SECRET = 'e2e-embed-secret-0123456789abcdef';
const ADMIN_TOKEN = 'e2e-admin-token';
const ALLOWED_PORT = 3299;
const BLOCKED_PORT = 3298;

type Vars = Record<string, string | string[]>;

async function token(
  dashboardUid: string,
  panelIds: number[],
  opts: { vars?: Vars; ttlSeconds?: number } = {},
): Promise<string> {
  const issued = await issueEmbedToken(SECRET, {
    dashboardUid,
    panelIds,
    vars: opts.vars ?? {},
    ttlSeconds: opts.ttlSeconds ?? 600,
  });
  return issued.token;
}

/** `/embed/<uid>/<panelId>?token=…&theme=dark&from=now-1h&to=now&refresh=live` plus extra parameters. */
function embedUrl(uid: string, panelId: number, jwt: string | null, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (jwt !== null) params.set('token', jwt);
  params.set('theme', 'dark');
  params.set('from', 'now-1h');
  params.set('to', 'now');
  params.set('refresh', 'live');
  for (const [k, v] of Object.entries(extra)) params.append(k, v);
  return `${APP}/embed/${uid}/${panelId}?${params}`;
}

/** Change one character in the middle of the signature (the last one may only carry padding bits). */
function tamper(jwt: string): string {
  const [header, payload, signature] = jwt.split('.');
  const i = Math.floor(signature.length / 2);
  const flipped = signature[i] === 'A' ? 'B' : 'A';
  return `${header}.${payload}.${signature.slice(0, i)}${flipped}${signature.slice(i + 1)}`;
}

/** The directive's sources from a Content-Security-Policy header, or undefined when absent. */
function cspSources(header: string | undefined, directive: string): string[] | undefined {
  if (!header) return undefined;
  for (const part of header.split(/[;,]/)) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name?.toLowerCase() === directive) return sources;
  }
  return undefined;
}

let allowed: HostServer;
let blocked: HostServer;

test.beforeAll(async () => {
  allowed = await startHostServer({
    port: ALLOWED_PORT,
    // The embedding site's renew endpoint: a fresh short token for the panel the renew test shows.
    renew: async () => ({ token: await token('sales', [5], { ttlSeconds: 8 }) }),
  });
  blocked = await startHostServer({ port: BLOCKED_PORT });
});

test.afterAll(async () => {
  await allowed?.close();
  await blocked?.close();
});

async function openOn(page: Page, host: HostServer, url: string): Promise<FrameLocator> {
  await page.goto(host.pageUrl(url));
  return page.frameLocator('#embed');
}

function okPanel(frame: FrameLocator, panelId: number): Locator {
  return frame.locator(`[data-embed-state="ok"] [data-panel-id="${panelId}"]`);
}

/** `data-last-time` and `data-value` together: a 1-minute-bucket panel moves its value long before its time. */
async function panelSnapshot(panel: Locator): Promise<string> {
  return `${await panel.getAttribute('data-last-time')}|${await panel.getAttribute('data-value')}`;
}

async function expectRefused(frame: FrameLocator, reason: string): Promise<void> {
  const refused = frame.locator('[data-embed-state="refused"]');
  await expect(refused).toBeVisible();
  await expect(refused).toHaveAttribute('data-reason', reason);
  // Visible words, not a blank frame.
  expect((await refused.innerText()).trim().length).toBeGreaterThan(10);
  await expect(frame.locator('[data-panel-id]')).toHaveCount(0);
}

test.describe('embedding a panel on another site', () => {
  test('a valid token renders the panel alone, filling the iframe, and it updates live', async ({ page }) => {
    const frame = await openOn(page, allowed, embedUrl('sales', 5, await token('sales', [5])));
    const panel = okPanel(frame, 5);
    await expect(panel).toHaveAttribute('data-state', 'ready');
    expect(Number(await panel.getAttribute('data-rows'))).toBeGreaterThan(0);
    await expect(panel.locator('canvas').first()).toBeVisible();

    // No chrome: one panel, no toolbar, no share button; theme=dark applies.
    await expect(frame.locator('[data-panel-id]')).toHaveCount(1);
    await expect(frame.getByRole('button', { name: 'Share panel' })).toHaveCount(0);
    await expect(frame.getByRole('button', { name: 'Reload' })).toHaveCount(0);
    await expect(frame.locator('html')).toHaveClass(/\bdark\b/);

    const embedded = await (await page.locator('#embed').elementHandle())!.contentFrame();
    expect(embedded).not.toBeNull();
    const fill = await embedded!.evaluate(() => {
      const r = document.querySelector('[data-panel-id]')!.getBoundingClientRect();
      const doc = document.scrollingElement ?? document.documentElement;
      return {
        w: r.width / window.innerWidth,
        h: r.height / window.innerHeight,
        overflow: doc.scrollHeight - window.innerHeight,
      };
    });
    expect(fill.w, 'panel width / iframe width').toBeGreaterThan(0.9);
    expect(fill.h, 'panel height / iframe height').toBeGreaterThan(0.85);
    expect(fill.overflow, 'no vertical scrolling inside the iframe').toBeLessThanOrEqual(1);

    // Live: the panel changes with no reload of the embedded document.
    await embedded!.evaluate(() => ((window as unknown as { __mark: number }).__mark = 1));
    const before = await panelSnapshot(panel);
    await expect.poll(() => panelSnapshot(panel), { timeout: 10_000, intervals: [250] }).not.toBe(before);
    expect(await embedded!.evaluate(() => (window as unknown as { __mark?: number }).__mark)).toBe(1);
  });

  test('a tampered token is refused visibly', async ({ page }) => {
    const frame = await openOn(page, allowed, embedUrl('sales', 5, tamper(await token('sales', [5]))));
    await expectRefused(frame, 'invalid');
  });

  test('an expired token shows the embed-expired state', async ({ page }) => {
    const jwt = await token('sales', [5], { ttlSeconds: 1 });
    await page.waitForTimeout(2_100);
    const frame = await openOn(page, allowed, embedUrl('sales', 5, jwt));
    const expired = frame.locator('[data-embed-state="expired"]');
    await expect(expired).toBeVisible();
    await expect(expired).toContainText(/Embed expired/i);
    await expect(frame.locator('[data-panel-id]')).toHaveCount(0);
  });

  test('without a renew URL an open embed turns to embed-expired when its token runs out', async ({ page }) => {
    const frame = await openOn(page, allowed, embedUrl('sales', 5, await token('sales', [5], { ttlSeconds: 5 })));
    await expect(okPanel(frame, 5)).toHaveAttribute('data-state', 'ready');
    const expired = frame.locator('[data-embed-state="expired"]');
    await expect(expired).toBeVisible({ timeout: 20_000 });
    await expect(expired).toContainText(/Embed expired/i);
  });

  test('a token for another panel is refused as forbidden', async ({ page }) => {
    const frame = await openOn(page, allowed, embedUrl('sales', 5, await token('sales', [6])));
    await expectRefused(frame, 'forbidden');
  });

  test('a token for another dashboard is refused as forbidden', async ({ page }) => {
    const frame = await openOn(page, allowed, embedUrl('sales', 5, await token('iot-sensors', [5])));
    await expectRefused(frame, 'forbidden');
  });

  test('no token on a private dashboard is refused as unauthorized', async ({ page }) => {
    const frame = await openOn(page, allowed, embedUrl('sales', 5, null));
    await expectRefused(frame, 'unauthorized');
  });

  test('a host origin not on PULSEBOARD_EMBED_ORIGINS cannot frame the embed', async ({ page, request }) => {
    const url = embedUrl('sales', 5, await token('sales', [5]));
    const res = await request.get(url);
    const ancestors = cspSources(res.headers()['content-security-policy'], 'frame-ancestors');
    expect(ancestors, `CSP: ${res.headers()['content-security-policy']}`).toBeDefined();
    expect(ancestors).toContain(allowed.origin);
    expect(ancestors).not.toContain(blocked.origin);
    expect(ancestors).not.toContain('*');
    expect(res.headers()['x-frame-options'], 'X-Frame-Options would block the allowed origin too').toBeUndefined();

    // Chromium replaces the blocked frame with its own "refused to connect" page: the panel never renders.
    const response = page.waitForResponse((r) => r.url().startsWith(`${APP}/embed/sales/5`));
    await page.goto(blocked.pageUrl(url));
    await response;
    const iframe = await page.locator('#embed').elementHandle();
    await expect.poll(async () => (await iframe!.contentFrame())?.url(), { timeout: 10_000 }).toMatch(/^chrome-error:/);
    await page.waitForTimeout(1_000);
    await expect(page.frameLocator('#embed').locator('[data-embed-state]')).toHaveCount(0);
  });

  test('a locked variable cannot be overridden through the URL', async ({ page }) => {
    const jwt = await token('iot-sensors', [3], { vars: { sensor: 'sensor-2' } });
    const frame = await openOn(page, allowed, embedUrl('iot-sensors', 3, jwt, { 'var-sensor': 'sensor-4' }));
    const panel = okPanel(frame, 3);
    await expect(panel).toHaveAttribute('data-state', 'ready');
    await expect(panel).toHaveAttribute('data-rows', '1');
    // The gauge names its series on the canvas; each gauge carries its series name as data-series.
    await expect
      .poll(() => panel.locator('[data-series]').evaluateAll((els) => els.map((e) => e.getAttribute('data-series'))))
      .toEqual(['sensor-2']);
    await expect(panel).not.toContainText('sensor-4');
  });

  test('the main app refuses to be framed', async ({ page, request }) => {
    for (const path of ['/', '/d/sales']) {
      const headers = (await request.get(`${APP}${path}`)).headers();
      const xfo = headers['x-frame-options']?.toUpperCase();
      const ancestors = cspSources(headers['content-security-policy'], 'frame-ancestors');
      expect(
        xfo === 'DENY' || (ancestors?.length === 1 && ancestors[0] === "'none'"),
        `${path}: x-frame-options=${xfo} csp=${headers['content-security-policy']}`,
      ).toBe(true);
    }
    await page.goto(allowed.pageUrl(`${APP}/d/sales`));
    const iframe = await page.locator('#embed').elementHandle();
    await expect.poll(async () => (await iframe!.contentFrame())?.url(), { timeout: 10_000 }).toMatch(/^chrome-error:/);
    await expect(page.frameLocator('#embed').locator('[data-panel-id]')).toHaveCount(0);
  });

  test('with a renew URL the embed renews its token before expiry and stays live', async ({ page }) => {
    const calls = allowed.renewCalls();
    const jwt = await token('sales', [5], { ttlSeconds: 8 });
    const frame = await openOn(page, allowed, embedUrl('sales', 5, jwt, { renew: `${allowed.origin}/renew` }));
    const panel = okPanel(frame, 5);
    await expect(panel).toHaveAttribute('data-state', 'ready');
    await page.waitForTimeout(12_000);
    // Renewed (8 s tokens: at least once in 12 s), but not in a loop: one call per token lifetime or so.
    const renewed = allowed.renewCalls() - calls;
    expect(renewed, 'renew endpoint calls in 12 s').toBeGreaterThan(0);
    expect(renewed, 'renew endpoint calls in 12 s').toBeLessThanOrEqual(6);
    await expect(frame.locator('[data-embed-state="expired"]')).toHaveCount(0);
    await expect(panel).toHaveAttribute('data-state', 'ready');
    // Still live on the renewed token.
    const before = await panelSnapshot(panel);
    await expect.poll(() => panelSnapshot(panel), { timeout: 10_000, intervals: [250] }).not.toBe(before);
  });

  test("Grafana's /d-solo/<uid>/<slug>?panelId=N shows the embed", async ({ page }) => {
    const jwt = await token('sales', [5]);
    const frame = await openOn(
      page,
      allowed,
      `${APP}/d-solo/sales/sales?panelId=5&theme=dark&from=now-1h&to=now&token=${encodeURIComponent(jwt)}`,
    );
    await expect(okPanel(frame, 5)).toHaveAttribute('data-state', 'ready');
  });
});

test.describe('POST /api/embed-tokens', () => {
  const endpoint = `${APP}/api/embed-tokens`;
  const auth = { Authorization: `Bearer ${ADMIN_TOKEN}` };

  test('needs the admin token', async ({ request }) => {
    expect((await request.post(endpoint, { data: { dashboardUid: 'sales', panelId: 5 } })).status()).toBe(401);
    const wrong = await request.post(endpoint, {
      data: { dashboardUid: 'sales', panelId: 5 },
      headers: { Authorization: 'Bearer nope' },
    });
    expect(wrong.status()).toBe(401);
    expect(typeof (await wrong.json()).error).toBe('string');
  });

  test('names a bad field and an unknown dashboard or panel', async ({ request }) => {
    const bad = await request.post(endpoint, { data: { dashboardUid: 'sales', panelId: 'five' }, headers: auth });
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error).toMatch(/panelId/);
    expect(
      (await request.post(endpoint, { data: { dashboardUid: 'sales', panelId: 999 }, headers: auth })).status(),
    ).toBe(404);
    expect(
      (
        await request.post(endpoint, { data: { dashboardUid: 'no-such-dashboard', panelId: 1 }, headers: auth })
      ).status(),
    ).toBe(404);
  });

  test('issues a token whose url and iframe snippet embed the panel', async ({ request, page }) => {
    const res = await request.post(endpoint, {
      data: { dashboardUid: 'sales', panelId: 5, ttlSeconds: 600 },
      headers: auth,
    });
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { token: string; url: string; iframe: string; expiresAt: string | number };
    expect(body.token.split('.')).toHaveLength(3);
    expect(body.url.startsWith(`${APP}/embed/sales/5?`), body.url).toBe(true);
    expect(body.url).toContain(body.token);
    expect(body.iframe).toMatch(/^<iframe\s[^>]*src="[^"]+"[^>]*><\/iframe>$/);
    expect(body.iframe).toContain(body.url.replace(/&/g, '&amp;').split('?')[0]);
    const expires = typeof body.expiresAt === 'number' ? body.expiresAt : Date.parse(body.expiresAt);
    const expiresMs = expires < 1e12 ? expires * 1000 : expires;
    expect(expiresMs).toBeGreaterThan(Date.now() + 500_000);
    expect(expiresMs).toBeLessThan(Date.now() + 700_000);

    const frame = await openOn(page, allowed, body.url);
    await expect(okPanel(frame, 5)).toHaveAttribute('data-state', 'ready');
  });
});

test.describe('share dialog', () => {
  test('a panel shares its link and, with the admin token, an embed with a live preview', async ({ page }) => {
    await page.goto('/d/sales?from=now-1h&to=now&var-city=Lima');
    const panel = page.locator('[data-panel-id="5"]');
    await expect(panel).toHaveAttribute('data-state', 'ready');
    await panel.getByRole('button', { name: 'Share panel' }).click();

    const dialog = page.getByRole('dialog', { name: 'Share Orders per minute' });
    await expect(dialog).toBeVisible();
    const link = await dialog.getByLabel('Dashboard link').inputValue();
    const linkUrl = new URL(link);
    expect(linkUrl.origin + linkUrl.pathname).toBe(`${APP}/d/sales`);
    expect(linkUrl.searchParams.get('from')).toBe('now-1h');
    expect(linkUrl.searchParams.get('to')).toBe('now');
    expect(linkUrl.searchParams.getAll('var-city')).toEqual(['Lima']);
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    await expect(dialog.getByRole('button', { name: 'Copy link' })).toHaveText('Copied');

    // Wrong admin token: the server's message, no snippet.
    await dialog.getByLabel('API token').fill('wrong-token');
    await dialog.getByRole('button', { name: /Generate embed/ }).click();
    await expect(dialog.getByRole('alert')).toBeVisible();
    await expect(dialog.getByRole('textbox', { name: 'Embed snippet', exact: true })).toHaveCount(0);

    await dialog.getByLabel('API token').fill(ADMIN_TOKEN);
    await dialog.getByRole('button', { name: /Generate embed/ }).click();
    const snippet = dialog.getByRole('textbox', { name: 'Embed snippet', exact: true });
    // The host part is the server's to choose (POST /api/embed-tokens is checked for it above).
    await expect(snippet).toHaveValue(/^<iframe\s[^>]*src="https?:\/\/[^/"]+\/embed\/sales\/5\?[^"]*token=[^"]*"/);
    // The viewer's range goes into the embed URL; the variables travel locked in the token.
    await expect(snippet).toHaveValue(/[?&]amp;from=now-1h|[?&]from=now-1h/);
    await expect(dialog.getByRole('alert')).toHaveCount(0);
    // The admin token stays in the tab's session storage, never in a cookie.
    expect((await page.context().cookies()).some((c) => c.value.includes(ADMIN_TOKEN))).toBe(false);

    const preview = dialog.frameLocator('iframe[title^="Embed preview"]');
    await expect(preview.locator('[data-embed-state="ok"] [data-panel-id="5"]')).toHaveAttribute('data-state', 'ready');

    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(panel.getByRole('button', { name: 'Share panel' })).toBeFocused();
  });
});
