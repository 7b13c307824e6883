'use client';

import { useEffect, useMemo, useRef } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { DataFrame } from '@/lib/frames/types';
import type { QueryError, QueryRequest, QueryResponse, VarValues } from '@/lib/query/protocol';
import { parseIntervalMs } from '@/lib/format/time';
import { useLiveFrames } from '@/components/live/use-live-channel';
import { panelStatus, type PanelStatus } from './panel-status';

export type { PanelStatus };

export interface PanelDataArgs {
  dashboardUid: string;
  panelId: number;
  range: { from: string; to: string };
  vars: VarValues;
  /** `''` off, `live`, or an interval such as `5s`. */
  refresh: string;
  maxDataPoints?: number;
  /** False while variables are still resolving; nothing is fetched. */
  enabled?: boolean;
  /** Embeds: the signed token sent with every query and live subscription. */
  embedToken?: string;
}

export interface PanelData {
  frames: DataFrame[];
  /** Per-target failures; other targets' frames still show. */
  errors: QueryError[];
  status: PanelStatus;
  /** Message shown when `status` is `error`. */
  error?: string;
  /** A request is in flight (background refresh included). */
  isFetching: boolean;
  /** Live mode with an open subscription. */
  liveConnected: boolean;
}

/** POST /api/query; non-2xx bodies are `{error}` and become the thrown message. */
async function fetchPanelQuery(request: QueryRequest, signal?: AbortSignal): Promise<QueryResponse> {
  const res = await fetch('/api/query', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
    signal,
  });
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const message = (body as { error?: unknown } | undefined)?.error;
    throw new Error(typeof message === 'string' && message ? message : `Query failed (HTTP ${res.status})`);
  }
  const response = body as QueryResponse | undefined;
  if (!response || !Array.isArray(response.frames)) throw new Error('Malformed query response');
  return response;
}

/**
 * A panel's frames: HTTP for the first paint and interval refresh, the live channel once its snapshot arrives
 * when `refresh` is `live`. Previous data stays on screen while a new range or variable value loads.
 */
export function usePanelData(args: PanelDataArgs): PanelData {
  const { dashboardUid, panelId, range, vars, refresh, maxDataPoints, enabled = true, embedToken } = args;
  const varsKey = JSON.stringify(vars);
  const request = useMemo<QueryRequest>(
    () => ({
      dashboardUid,
      panelId,
      range: { from: range.from, to: range.to },
      vars: JSON.parse(varsKey) as VarValues,
      maxDataPoints,
      ...(embedToken ? { embedToken } : {}),
    }),
    [dashboardUid, panelId, range.from, range.to, varsKey, maxDataPoints, embedToken],
  );
  const live = refresh === 'live';

  const query = useQuery({
    queryKey: ['panel-data', request],
    queryFn: ({ signal }) => fetchPanelQuery(request, signal),
    enabled,
    placeholderData: keepPreviousData,
    refetchInterval: live ? false : (parseIntervalMs(refresh) ?? false),
    refetchIntervalInBackground: false,
  });
  const liveState = useLiveFrames(request, live && enabled);

  // Leaving live mode: the HTTP copy is as old as the first paint, fetch a fresh one instead of jumping back.
  const wasLive = useRef(live);
  const { refetch } = query;
  useEffect(() => {
    if (wasLive.current && !live && enabled) void refetch();
    wasLive.current = live;
  }, [live, enabled, refetch]);

  const showLive = live && enabled && liveState.hasSnapshot;
  const frames = showLive ? liveState.frames : (query.data?.frames ?? []);
  const liveRefused = live && enabled && liveState.error ? [{ refId: 'live', message: liveState.error }] : [];
  const errors = [...(showLive ? (liveState.errors ?? []) : (query.data?.errors ?? [])), ...liveRefused];
  const failure = !showLive && query.isError ? query.error.message : undefined;
  const pending = !showLive && query.isPending;

  return {
    frames,
    errors,
    ...panelStatus(frames, errors, pending, failure),
    isFetching: query.isFetching,
    liveConnected: live && liveState.connected,
  };
}
