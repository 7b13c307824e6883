'use client';

import { useMemo } from 'react';
import type { VarValues } from '@/lib/query/protocol';
import { getPanelPlugin, withPanelDefaults } from '@/components/panels/registry';
import { PanelFrame } from './panel-frame';
import type { ShareContext } from './share-urls';
import { usePanelData, type PanelStatus } from './use-panel-data';
import type { DataFrame } from '@/lib/frames/types';
import type { QueryError } from '@/lib/query/protocol';
import type { PanelView } from './view-model';

export interface DashboardPanelProps {
  dashboardUid: string;
  panel: PanelView;
  range: { from: string; to: string };
  vars: VarValues;
  /** `''` off, `live`, or an interval. */
  refresh: string;
  /** False until every variable has a value. */
  enabled?: boolean;
  hideTitle?: boolean;
  className?: string;
  /** Embeds: the signed token the queries carry. */
  embedToken?: string;
  /** Share button in the title bar; default true except for embeds (with `embedToken` or `hideTitle`). */
  shareable?: boolean;
}

/** Default points per panel: about one per horizontal pixel of its grid width on a 1600 px screen. */
function defaultMaxDataPoints(panel: PanelView): number {
  return panel.maxDataPoints ?? Math.max(100, Math.round((panel.gridPos.w / 24) * 1600));
}

/** One panel: fetches its frames (HTTP, then live) and renders its registry plugin inside the frame. */
export function DashboardPanel({
  dashboardUid,
  panel,
  range,
  vars,
  refresh,
  enabled = true,
  hideTitle,
  className,
  embedToken,
  shareable = !embedToken,
}: DashboardPanelProps) {
  const plugin = getPanelPlugin(panel.type);
  const queries = !!plugin && !plugin.noQuery;
  const data = usePanelData({
    dashboardUid,
    panelId: panel.id,
    range,
    vars,
    refresh,
    maxDataPoints: defaultMaxDataPoints(panel),
    enabled: enabled && queries,
    embedToken,
  });
  const share = useMemo<ShareContext | undefined>(
    () => (shareable && !hideTitle ? { dashboardUid, range, vars, refresh } : undefined),
    [shareable, hideTitle, dashboardUid, range, vars, refresh],
  );
  return (
    <RenderedPanel
      panel={panel}
      data={{ ...data, live: data.liveConnected }}
      hideTitle={hideTitle}
      share={share}
      className={className}
    />
  );
}

/** What a panel shows, wherever its data came from (the view's query and live path, or edit mode's preview). */
export interface RenderedPanelData {
  frames: DataFrame[];
  errors: QueryError[];
  status: PanelStatus;
  error?: string;
  isFetching: boolean;
  live?: boolean;
}

/** A panel's registry plugin inside its frame, drawn from `data`; an unknown type is an error in the frame. */
export function RenderedPanel({
  panel,
  data,
  hideTitle,
  share,
  className,
}: {
  panel: PanelView;
  data: RenderedPanelData;
  hideTitle?: boolean;
  share?: ShareContext;
  className?: string;
}) {
  const plugin = getPanelPlugin(panel.type);
  const viewPanel = useMemo(() => (plugin ? withPanelDefaults(panel, plugin) : panel), [panel, plugin]);
  if (!plugin) {
    return (
      <PanelFrame
        panel={panel}
        status="error"
        frames={[]}
        error={`Unknown panel type "${panel.type}"`}
        share={share}
        className={className}
      >
        {null}
      </PanelFrame>
    );
  }
  const View = plugin.component;
  return (
    <PanelFrame
      panel={panel}
      status={plugin.noQuery ? 'ready' : data.status}
      frames={data.frames}
      error={data.error}
      errors={data.errors}
      isFetching={data.isFetching}
      live={!plugin.noQuery && data.live}
      hideTitle={hideTitle}
      share={share}
      className={className}
    >
      <View panel={viewPanel} frames={data.frames} />
    </PanelFrame>
  );
}
