import type { PanelType } from '@/lib/dashboards/schema';
import type { PanelView } from '@/components/dashboard/view-model';
import { BarPanel } from './bar-panel';
import { GaugePanel } from './gauge-panel';
import { PiePanel } from './pie-panel';
import { StatPanel } from './stat-panel';
import { TablePanel } from './table-panel';
import { TextPanel } from './text-panel';
import { TimeseriesPanel } from './timeseries-panel';
import type { PanelPlugin } from './types';
import { loadCharts } from './use-echarts';

/** Panel types drawn by a plugin: every type but `row`, which the grid draws as a header. */
export type PluginType = Exclude<PanelType, 'row'>;

/** Panel plugins `{id, name, component, defaults}` keyed by panel `type`, like Grafana's `PanelPlugin` modules. */
export const panelRegistry: Record<PluginType, PanelPlugin> = {
  timeseries: {
    id: 'timeseries',
    name: 'Time series',
    component: TimeseriesPanel,
    charts: ['line'],
    defaults: {
      options: {
        legend: { showLegend: true, placement: 'bottom' },
        lineWidth: 1.5,
        fillOpacity: 0,
        showPoints: 'never',
      },
    },
  },
  gauge: { id: 'gauge', name: 'Gauge', component: GaugePanel, charts: ['gauge'], defaults: { options: {} } },
  stat: {
    id: 'stat',
    name: 'Stat',
    component: StatPanel,
    charts: ['line'],
    defaults: { options: { colorMode: 'value', graphMode: 'area', orientation: 'auto' } },
  },
  bar: {
    id: 'bar',
    name: 'Bar chart',
    component: BarPanel,
    charts: ['bar'],
    defaults: { options: { orientation: 'vertical', stacking: 'none' } },
  },
  table: { id: 'table', name: 'Table', component: TablePanel, charts: [], defaults: { options: {} } },
  pie: {
    id: 'pie',
    name: 'Pie chart',
    component: PiePanel,
    charts: ['pie'],
    defaults: { options: { pieType: 'donut', legend: { showLegend: true, placement: 'right' } } },
  },
  text: {
    id: 'text',
    name: 'Text',
    component: TextPanel,
    charts: [],
    defaults: { options: { mode: 'markdown', content: '' } },
    noQuery: true,
  },
};

/**
 * The plugin for a panel type, or undefined for types this build does not know. In the browser, looking a plugin
 * up starts downloading the chart code it draws with, so that arrives while the panel's data loads.
 */
export function getPanelPlugin(type: string): PanelPlugin | undefined {
  const plugin = Object.hasOwn(panelRegistry, type) ? panelRegistry[type as PluginType] : undefined;
  if (plugin && typeof window !== 'undefined') void loadCharts(plugin.charts);
  return plugin;
}

/** A panel with its plugin's default options and field config underneath its own. */
export function withPanelDefaults(panel: PanelView, plugin: PanelPlugin): PanelView {
  return {
    ...panel,
    options: { ...plugin.defaults.options, ...panel.options },
    fieldConfig: { defaults: { ...plugin.defaults.fieldConfig, ...panel.fieldConfig.defaults } },
  };
}
