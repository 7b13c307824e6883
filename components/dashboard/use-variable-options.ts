'use client';

import { keepPreviousData, useQueries } from '@tanstack/react-query';
import type { VariableView } from './view-model';

export interface VariableOption {
  text: string;
  value: string;
}

export interface VariableOptionsState {
  options: VariableOption[];
  /** Options are known (static, fetched, or the fetch failed). */
  settled: boolean;
  error?: string;
}

async function fetchOptions(uid: string, name: string, range: { from: string; to: string }, signal: AbortSignal): Promise<VariableOption[]> {
  const qs = new URLSearchParams({ from: range.from, to: range.to });
  const res = await fetch(`/api/dashboards/${encodeURIComponent(uid)}/variables/${encodeURIComponent(name)}?${qs}`, { signal });
  const body = (await res.json().catch(() => undefined)) as { options?: VariableOption[]; error?: string } | undefined;
  if (!res.ok) throw new Error(body?.error || `Could not load options (HTTP ${res.status})`);
  return Array.isArray(body?.options) ? body.options : [];
}

/**
 * Options per variable: custom ones from the dashboard JSON, query ones from
 * `GET /api/dashboards/<uid>/variables/<name>?from&to` (the server runs the SQL).
 */
export function useVariableOptions(
  uid: string,
  variables: VariableView[],
  range: { from: string; to: string },
): Record<string, VariableOptionsState> {
  const queryVars = variables.filter((v) => v.type === 'query');
  const results = useQueries({
    queries: queryVars.map((v) => ({
      queryKey: ['variable-options', uid, v.name, range.from, range.to],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchOptions(uid, v.name, range, signal),
      placeholderData: keepPreviousData,
      staleTime: 60_000,
    })),
  });

  const out: Record<string, VariableOptionsState> = {};
  for (const v of variables) out[v.name] = { options: v.options, settled: true };
  queryVars.forEach((v, i) => {
    const r = results[i];
    out[v.name] = {
      options: r.data ?? [],
      settled: r.data !== undefined || r.isError,
      error: r.isError ? r.error.message : undefined,
    };
  });
  return out;
}
