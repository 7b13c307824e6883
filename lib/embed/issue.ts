import type { DashboardStore } from '../dashboards/store';
import { PulseboardError } from '../errors';
import type { VarValues } from '../query/protocol';
import { issueEmbedToken } from './token';

export interface IssuedEmbed {
  token: string;
  url: string;
  iframe: string;
  /** Epoch ms. */
  expiresAt: number;
}

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Token, absolute embed URL and a ready-to-paste iframe snippet for one panel. */
export async function issueEmbed(
  dashboards: DashboardStore,
  secret: string | undefined,
  origin: string,
  req: { dashboardUid: string; panelId: number; vars?: VarValues; ttlSeconds?: number },
): Promise<IssuedEmbed> {
  if (!secret)
    throw new PulseboardError(
      'Embed tokens are not configured: set PULSEBOARD_EMBED_SECRET',
      503,
      'embed_not_configured',
    );
  const panel = dashboards.get(req.dashboardUid)?.panels.find((p) => p.id === req.panelId);
  if (!panel)
    throw new PulseboardError(
      `Panel ${req.panelId} of dashboard "${req.dashboardUid}" does not exist`,
      404,
      'not_found',
    );
  const { token, expiresAt } = await issueEmbedToken(secret, {
    dashboardUid: req.dashboardUid,
    panelIds: [req.panelId],
    vars: req.vars,
    ttlSeconds: req.ttlSeconds,
  });
  const url = `${origin.replace(/\/$/, '')}/embed/${encodeURIComponent(req.dashboardUid)}/${req.panelId}?token=${token}`;
  const iframe = `<iframe src="${escapeAttr(url)}" width="600" height="300" style="border:0" title="${escapeAttr(panel.title || 'Pulseboard panel')}"></iframe>`;
  return { token, url, iframe, expiresAt };
}
