import type { Dashboard } from '../dashboards/schema';
import type { DashboardStore } from '../dashboards/store';
import type { VarValues } from '../query/protocol';
import { EmbedRefusal, verifyEmbedToken, type EmbedClaims } from './token';

export interface EmbedGrant {
  dashboard: Dashboard;
  /** Present when access came from a token. */
  claims?: EmbedClaims;
}

/**
 * May this panel be shown or queried as an embed? A valid token for the dashboard and panel, or a dashboard
 * marked `public: true`. Throws an EmbedRefusal naming the reason.
 */
export async function authorizeEmbed(
  dashboards: DashboardStore,
  secret: string | undefined,
  uid: string,
  panelId: number,
  token?: string,
): Promise<EmbedGrant> {
  const dashboard = dashboards.get(uid);
  if (!dashboard || !dashboard.panels.some((p) => p.id === panelId)) {
    throw new EmbedRefusal('not_found', `Panel ${panelId} of dashboard "${uid}" does not exist`, 404);
  }
  if (token) {
    if (!secret)
      throw new EmbedRefusal('unauthorized', 'Embedding with tokens is not configured (PULSEBOARD_EMBED_SECRET)', 401);
    const claims = await verifyEmbedToken(secret, token);
    if (claims.dashboardUid !== uid || !claims.panelIds.includes(panelId)) {
      throw new EmbedRefusal('forbidden', `This embed token is not valid for panel ${panelId} of "${uid}"`, 403);
    }
    return { dashboard, claims };
  }
  if (dashboard.public) return { dashboard };
  throw new EmbedRefusal('unauthorized', 'This panel can only be embedded with an embed token', 401);
}

/** Requested variable values with the token's locked values on top: the URL cannot override them. */
export function withLockedVars(requested: VarValues | undefined, claims?: EmbedClaims): VarValues {
  return { ...(requested ?? {}), ...(claims?.vars ?? {}) };
}
