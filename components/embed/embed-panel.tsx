'use client';

import { Suspense, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'next/navigation';
import { decodeJwt } from 'jose';
import type { VarValues } from '@/lib/query/protocol';
import { DashboardPanel } from '@/components/dashboard/dashboard-panel';
import { parseUrlState, toVarValues } from '@/components/dashboard/url-state';
import type { DashboardView } from '@/components/dashboard/view-model';
import { EmbedMessage } from './embed-message';

export interface EmbedPanelProps {
  dashboard: DashboardView;
  panelId: number;
  token?: string;
  /** Token expiry, epoch ms. */
  expiresAt?: number;
  /** Variable values the token locks; URL parameters cannot override them. */
  locked: VarValues;
}

const RENEW_MARGIN_MS = 30_000;

/** Renew through the embedding site's `renew` URL before expiry; the state turns `expired` if that fails. */
function useToken(initial: string | undefined, initialExp: number | undefined, renewUrl: string | null) {
  const [token, setToken] = useState(initial);
  const [expiresAt, setExpiresAt] = useState(initialExp);
  const [expired, setExpired] = useState(false);
  useEffect(() => {
    if (!token || !expiresAt) return;
    const left = expiresAt - Date.now();
    const expire = setTimeout(() => setExpired(true), Math.max(0, left));
    if (!renewUrl) return () => clearTimeout(expire);
    const renew = setTimeout(
      async () => {
        try {
          const res = await fetch(renewUrl, { credentials: 'omit', cache: 'no-store' });
          const next = ((await res.json()) as { token?: string }).token;
          const exp = next ? decodeJwt(next).exp : undefined;
          if (!res.ok || !next || !exp) return;
          setToken(next);
          setExpiresAt(exp * 1000);
        } catch {
          // The expiry timer shows the expired state if no fresh token came.
        }
      },
      Math.max(left - RENEW_MARGIN_MS, left * 0.8),
    );
    return () => {
      clearTimeout(expire);
      clearTimeout(renew);
    };
  }, [token, expiresAt, renewUrl]);
  return { token, expired };
}

function EmbedBody({ dashboard, panelId, token: initial, expiresAt, locked }: EmbedPanelProps) {
  const params = useSearchParams();
  const state = useMemo(() => parseUrlState(params, dashboard), [params, dashboard]);
  const { token, expired } = useToken(initial, expiresAt, params.get('renew'));
  const panel = dashboard.panels.find((p) => p.id === panelId)!;
  const vars = useMemo(() => ({ ...toVarValues(state.vars), ...locked }), [state.vars, locked]);
  if (expired) {
    return (
      <EmbedMessage
        state="expired"
        title="Embed expired"
        message="This embedded panel's access token has expired. Reload the page that shows it to get a new one."
      />
    );
  }
  return (
    <div data-embed-state="ok" className="flex h-screen w-screen p-1">
      <DashboardPanel
        dashboardUid={dashboard.uid}
        panel={panel}
        range={state.range}
        vars={vars}
        refresh={params.has('refresh') ? state.refresh : 'live'}
        embedToken={token}
        hideTitle={params.get('title') === 'off'}
        shareable={false}
        className="h-full w-full"
      />
    </div>
  );
}

/** One panel, no chrome, filling its iframe and kept live. */
export function EmbedPanel(props: EmbedPanelProps) {
  return (
    <Suspense>
      <EmbedBody {...props} />
    </Suspense>
  );
}
