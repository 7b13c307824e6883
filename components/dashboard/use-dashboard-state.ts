'use client';

import { useCallback, useMemo, useState } from 'react';
import { usePathname, useSearchParams } from 'next/navigation';
import { applyParams, parseUrlState, type DashboardUrlState } from './url-state';
import type { DashboardView } from './view-model';

export interface DashboardStateApi extends DashboardUrlState {
  setRange: (range: { from: string; to: string }) => void;
  /** `''` for off, `live`, or an interval. */
  setRefresh: (refresh: string) => void;
  setVariable: (name: string, value: string | string[]) => void;
}

/**
 * Dashboard state lives in the URL (Grafana parameters), so links reproduce a view. Reads `useSearchParams`
 * (callers sit inside <Suspense>). Writes with `history.replaceState`, which Next's router picks up (useSearchParams
 * updates): unlike `router.replace` it needs no server round trip for the page, so a new range or variable value
 * applies at once, even while the server is busy with queries. The state argument must be null: Next skips
 * syncing calls whose state carries its own markers.
 */
export function useDashboardState(dashboard: DashboardView): DashboardStateApi {
  const params = useSearchParams();
  const pathname = usePathname();
  const paramsKey = params.toString();
  // Next applies replaceState to useSearchParams in a transition; until it lands, controls show what was just
  // picked (a controlled checkbox would otherwise flip back for a frame). Dropped as soon as the params change.
  const [pending, setPending] = useState<{ base: string; search: string } | null>(null);
  const effective = pending && pending.base === paramsKey ? pending.search : paramsKey;
  const state = useMemo(() => parseUrlState(new URLSearchParams(effective), dashboard), [effective, dashboard]);

  const update = useCallback(
    (changes: Record<string, string | string[] | null>) => {
      const search = applyParams(window.location.search, changes);
      window.history.replaceState(null, '', `${pathname}${search}${window.location.hash}`);
      setPending({ base: paramsKey, search: new URLSearchParams(search).toString() });
    },
    [pathname, paramsKey],
  );

  return {
    ...state,
    setRange: useCallback(
      (range: { from: string; to: string }) => update({ from: range.from, to: range.to }),
      [update],
    ),
    setRefresh: useCallback((refresh: string) => update({ refresh: refresh === '' ? 'off' : refresh }), [update]),
    setVariable: useCallback((name: string, value: string | string[]) => update({ [`var-${name}`]: value }), [update]),
  };
}
