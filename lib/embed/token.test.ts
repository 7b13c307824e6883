import { describe, expect, it } from 'vitest';
import { issueEmbedToken, verifyEmbedToken } from './token';
import { authorizeEmbed, withLockedVars } from './access';
import { DashboardStore, parseDashboard } from '../dashboards/store';
import { issueEmbed } from './issue';

const SECRET = 'unit-test-secret-0123456789';
const dash = (uid: string, isPublic = false) =>
  parseDashboard({
    uid,
    title: uid,
    public: isPublic,
    panels: [1, 2].map((id) => ({
      id,
      type: 'stat',
      title: `p${id}`,
      gridPos: { x: 0, y: 0, w: 6, h: 4 },
      targets: [{ refId: 'A', rawSql: 'SELECT 1' }],
    })),
  });
const store = new DashboardStore([dash('sales'), dash('open', true)]);

describe('embed tokens', () => {
  it('round-trips dashboard, panels, locked vars and expiry', async () => {
    const { token, expiresAt } = await issueEmbedToken(SECRET, {
      dashboardUid: 'sales',
      panelIds: [2],
      vars: { city: 'Lima' },
      ttlSeconds: 60,
    });
    const c = await verifyEmbedToken(SECRET, token);
    expect(c).toMatchObject({ dashboardUid: 'sales', panelIds: [2], vars: { city: 'Lima' } });
    expect(c.exp * 1000).toBe(expiresAt);
  });

  it('refuses a tampered, foreign or expired token with the reason', async () => {
    const { token } = await issueEmbedToken(SECRET, { dashboardUid: 'sales', panelIds: [2], ttlSeconds: 60 });
    const [h, p, sig] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), pan: [1, 2] }),
    ).toString('base64url');
    await expect(verifyEmbedToken(SECRET, `${h}.${forged}.${sig}`)).rejects.toMatchObject({
      reason: 'invalid',
      status: 401,
    });
    await expect(verifyEmbedToken(SECRET, `${h}.${p}.${sig.slice(0, -2)}xx`)).rejects.toMatchObject({
      reason: 'invalid',
    });
    await expect(verifyEmbedToken('another-secret-0123456789', token)).rejects.toMatchObject({ reason: 'invalid' });
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    await expect(verifyEmbedToken(SECRET, none)).rejects.toMatchObject({ reason: 'invalid' });
    const old = await issueEmbedToken(SECRET, { dashboardUid: 'sales', panelIds: [2], ttlSeconds: 1 });
    await new Promise((r) => setTimeout(r, 2100));
    await expect(verifyEmbedToken(SECRET, old.token)).rejects.toMatchObject({ reason: 'expired', message: /expired/ });
  });

  it('refuses weak secrets', async () => {
    await expect(issueEmbedToken('short', { dashboardUid: 'x', panelIds: [1] })).rejects.toMatchObject({ status: 503 });
  });
});

describe('authorizeEmbed', () => {
  it('grants a token its panels only, public dashboards anyone, and nothing else', async () => {
    const { token } = await issueEmbedToken(SECRET, { dashboardUid: 'sales', panelIds: [2], vars: { city: 'Lima' } });
    await expect(authorizeEmbed(store, SECRET, 'sales', 2, token)).resolves.toMatchObject({
      claims: { panelIds: [2] },
    });
    await expect(authorizeEmbed(store, SECRET, 'sales', 1, token)).rejects.toMatchObject({
      reason: 'forbidden',
      status: 403,
    });
    await expect(authorizeEmbed(store, SECRET, 'open', 2, token)).rejects.toMatchObject({ reason: 'forbidden' });
    await expect(authorizeEmbed(store, SECRET, 'sales', 2)).rejects.toMatchObject({
      reason: 'unauthorized',
      status: 401,
    });
    await expect(authorizeEmbed(store, SECRET, 'open', 1)).resolves.toMatchObject({ dashboard: { uid: 'open' } });
    await expect(authorizeEmbed(store, SECRET, 'sales', 9, token)).rejects.toMatchObject({
      reason: 'not_found',
      status: 404,
    });
    await expect(authorizeEmbed(store, undefined, 'sales', 2, token)).rejects.toMatchObject({ reason: 'unauthorized' });
  });

  it('locks variables over requested values', () => {
    expect(
      withLockedVars(
        { city: 'Quito', other: 'x' },
        { dashboardUid: 'd', panelIds: [1], vars: { city: 'Lima' }, exp: 0 },
      ),
    ).toEqual({ city: 'Lima', other: 'x' });
  });

  it('issues a url and an escaped iframe snippet', async () => {
    const e = await issueEmbed(store, SECRET, 'http://host:3000/', { dashboardUid: 'sales', panelId: 2 });
    expect(e.url).toBe(`http://host:3000/embed/sales/2?token=${e.token}`);
    expect(e.iframe).toMatch(
      /^<iframe src="http:\/\/host:3000\/embed\/sales\/2\?token=[^"]+" width="600" height="300" style="border:0" title="p2"><\/iframe>$/,
    );
    await expect(issueEmbed(store, undefined, 'http://h', { dashboardUid: 'sales', panelId: 2 })).rejects.toMatchObject(
      { status: 503 },
    );
    await expect(issueEmbed(store, SECRET, 'http://h', { dashboardUid: 'sales', panelId: 7 })).rejects.toMatchObject({
      status: 404,
    });
  });
});
