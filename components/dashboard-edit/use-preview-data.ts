'use client';

import { useMemo } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DataFrame } from '@/lib/frames/types';
import type { AdHocQueryRequest, QueryError, VarValues } from '@/lib/query/protocol';
import { parseIntervalMs } from '@/lib/format/time';
import { apiFetch } from '@/components/account/api';
import { panelStatus, type PanelStatus } from '@/components/dashboard/panel-status';

/** A target as the panel editor holds it (the panel JSON's `targets[]`). */
export interface DraftTarget {
  refId: string;
  rawSql: string;
  format?: 'time_series' | 'table';
  datasource?: { uid: string; type?: string };
}

/** An engine error with the place in the typed SQL it points at (1-based), when the engine said. */
type PreviewError = QueryError & { position?: { line: number; column?: number } };

interface AdHocResponse {
  frames: DataFrame[];
  errors?: PreviewError[];
  /** What was sent per target: macros expanded, variables interpolated. */
  queries: { refId: string; datasourceUid: string; sql: string }[];
  ms: number;
}

export interface PreviewArgs {
  dashboardUid: string;
  /** The panel's datasource, used by targets without their own. */
  datasourceUid?: string;
  targets: readonly DraftTarget[];
  range: { from: string; to: string };
  vars: VarValues;
  /** `live` re-runs every second while the editor is open; an interval re-runs at that pace; `''` runs once. */
  refresh: string;
  maxDataPoints?: number;
  interval?: string;
  enabled?: boolean;
}

export interface PreviewData {
  frames: DataFrame[];
  errors: PreviewError[];
  status: PanelStatus;
  error?: string;
  isFetching: boolean;
  response?: AdHocResponse;
  /** When the shown answer arrived (epoch ms). */
  updatedAt: number;
  /** Run the same request again (Run with unchanged SQL). */
  refetch: () => Promise<unknown>;
}

/** How often a live dashboard's editor preview re-runs: the ad hoc path is HTTP, not the shared live channel. */
const LIVE_PREVIEW_MS = 1000;

/**
 * A panel's frames from SQL that is not saved yet (`POST /api/ds/query`, editors only): edit mode draws every panel
 * from its current targets, and the panel editor's Run shows the result of what was typed.
 */
export function usePreviewData(args: PreviewArgs): PreviewData {
  const { dashboardUid, datasourceUid, targets, range, vars, refresh, maxDataPoints, interval, enabled = true } = args;
  const request = useMemo<AdHocQueryRequest>(
    () => ({
      dashboardUid,
      range: { from: range.from, to: range.to },
      vars,
      maxDataPoints,
      interval: interval || undefined,
      queries: targets
        .filter((t) => t.rawSql.trim())
        .map((t) => ({
          refId: t.refId,
          rawSql: t.rawSql,
          format: t.format,
          datasource: { uid: t.datasource?.uid ?? datasourceUid ?? 'duckdb' },
        })),
    }),
    [dashboardUid, datasourceUid, targets, range.from, range.to, vars, maxDataPoints, interval],
  );
  const runnable = enabled && request.queries.length > 0;
  const query = useQuery({
    queryKey: ['panel-preview', request],
    // A newer Run aborts the request in flight, and the server cancels its SQL.
    queryFn: ({ signal }) => apiFetch<AdHocResponse>('/api/ds/query', 'POST', request, signal),
    enabled: runnable,
    placeholderData: keepPreviousData,
    refetchInterval: refresh === 'live' ? LIVE_PREVIEW_MS : (parseIntervalMs(refresh) ?? false),
    refetchIntervalInBackground: false,
    retry: false,
  });
  const frames = query.data?.frames ?? [];
  const errors = query.data?.errors ?? [];
  const failure = !runnable ? 'The panel has no SQL to run' : query.isError ? query.error.message : undefined;
  return {
    frames,
    errors,
    ...panelStatus(frames, errors, runnable && query.isPending, failure),
    isFetching: query.isFetching,
    response: query.data,
    updatedAt: query.dataUpdatedAt,
    refetch: query.refetch,
  };
}
