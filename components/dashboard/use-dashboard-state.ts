'use client';

import { useCallback, useMemo } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
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
 * (callers sit inside <Suspense>), writes with `router.replace` without scrolling or reloading.
 */
export function useDashboardState(dashboard: DashboardView): DashboardStateApi {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = useMemo(() => parseUrlState(params, dashboard), [params, dashboard]);

  const update = useCallback(
    (changes: Record<string, string | string[] | null>) => {
      const search = applyParams(window.location.search, changes);
      router.replace(`${pathname}${search}`, { scroll: false });
    },
    [router, pathname],
  );

  return {
    ...state,
    setRange: useCallback((range: { from: string; to: string }) => update({ from: range.from, to: range.to }), [update]),
    setRefresh: useCallback((refresh: string) => update({ refresh: refresh === '' ? 'off' : refresh }), [update]),
    setVariable: useCallback((name: string, value: string | string[]) => update({ [`var-${name}`]: value }), [update]),
  };
}
