import type { ComponentType } from 'react';
import type { DataFrame } from '@/lib/frames/types';
import type { FieldDefaults, PanelType } from '@/lib/dashboards/schema';
import type { PanelView } from '@/components/dashboard/view-model';
import type { ChartType } from './use-echarts';

/** What every panel component receives: the panel (options merged with the plugin defaults) and its frames. */
export interface PanelProps {
  panel: PanelView;
  /** The panel's frames; rendered only when they hold at least one row in total (else "No data"). */
  frames: DataFrame[];
}

/** A registry entry, keyed by panel `type` (Grafana `PanelPlugin`). */
export interface PanelPlugin {
  id: PanelType;
  name: string;
  component: ComponentType<PanelProps>;
  /** ECharts chart types the panel draws; their code loads on demand. */
  charts: ChartType[];
  /** Merged under the panel's own `options` / `fieldConfig.defaults`. */
  defaults: { options: Record<string, unknown>; fieldConfig?: FieldDefaults };
  /** Drawn from its options alone (text): no query is sent, nothing is subscribed. */
  noQuery?: boolean;
}
