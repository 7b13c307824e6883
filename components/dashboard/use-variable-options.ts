'use client';

import { useCallback, useMemo } from 'react';
import { keepPreviousData, useQueries, type UseQueryResult } from '@tanstack/react-query';
import type { VarValues } from '@/lib/query/protocol';
import { resolveVariable, toVarValues } from './url-state';
import type { VariableView } from './view-model';

interface VariableOption {
  text: string;
  value: string;
}

export interface VariableOptionsState {
  options: VariableOption[];
  /** Options are known (static, fetched, or the fetch failed). */
  settled: boolean;
  error?: string;
}

async function fetchOptions(
  uid: string,
  name: string,
  range: { from: string; to: string },
  signal: AbortSignal,
): Promise<VariableOption[]> {
  const qs = new URLSearchParams({ from: range.from, to: range.to });
  const res = await fetch(`/api/dashboards/${encodeURIComponent(uid)}/variables/${encodeURIComponent(name)}?${qs}`, {
    signal,
  });
  const body = (await res.json().catch(() => undefined)) as { options?: VariableOption[]; error?: string } | undefined;
  if (!res.ok) throw new Error(body?.error || `Could not load options (HTTP ${res.status})`);
  return Array.isArray(body?.options) ? body.options : [];
}

function toStates(
  variables: VariableView[],
  results: UseQueryResult<VariableOption[]>[],
): Record<string, VariableOptionsState> {
  const out: Record<string, VariableOptionsState> = {};
  let i = 0;
  for (const v of variables) {
    if (v.type !== 'query') {
      out[v.name] = { options: v.options, settled: true };
      continue;
    }
    const r = results[i++];
    out[v.name] = {
      options: r.data ?? [],
      settled: r.data !== undefined || r.isError,
      error: r.isError ? r.error.message : undefined,
    };
  }
  return out;
}

/**
 * Options per variable: custom ones from the dashboard JSON, query ones from
 * `GET /api/dashboards/<uid>/variables/<name>?from&to` (the server runs the SQL).
 */
function useVariableOptions(
  uid: string,
  variables: VariableView[],
  range: { from: string; to: string },
): Record<string, VariableOptionsState> {
  const combine = useCallback(
    (results: UseQueryResult<VariableOption[]>[]) => toStates(variables, results),
    [variables],
  );
  return useQueries({
    queries: variables
      .filter((v) => v.type === 'query')
      .map((v) => ({
        queryKey: ['variable-options', uid, v.name, range.from, range.to],
        queryFn: ({ signal }: { signal: AbortSignal }) => fetchOptions(uid, v.name, range, signal),
        placeholderData: keepPreviousData,
        staleTime: 60_000,
      })),
    // A stable combine keeps its result while the query results do not change, so consumers can memoize on it.
    combine,
  });
}

export interface ResolvedVariables {
  options: Record<string, VariableOptionsState>;
  /** Value per (non-constant) variable: URL, default, All, or first option once loaded. */
  values: Record<string, string | string[] | undefined>;
  /** What panels send as `vars`. */
  vars: VarValues;
  /** Every variable has a value or has finished loading its options: panels may query. */
  ready: boolean;
}

/** Variable options plus the values panels query with. */
export function useResolvedVariables(
  uid: string,
  variables: VariableView[],
  fromUrl: Record<string, string | string[] | undefined>,
  range: { from: string; to: string },
): ResolvedVariables {
  const options = useVariableOptions(uid, variables, range);
  return useMemo(() => {
    const values: Record<string, string | string[] | undefined> = {};
    for (const v of variables) {
      if (v.type !== 'constant') values[v.name] = resolveVariable(v, fromUrl[v.name], options[v.name]?.options ?? []);
    }
    const ready = variables.every(
      (v) => v.type === 'constant' || values[v.name] !== undefined || options[v.name]?.settled,
    );
    return { options, values, vars: toVarValues(values), ready };
  }, [variables, fromUrl, options]);
}
