'use client';

import { useMemo } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, GaugeChart, LineChart, PieChart } from 'echarts/charts';
import type { BarSeriesOption, GaugeSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import { DatasetComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import type {
  DatasetComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import { SERIES_COLORS } from '@/lib/format/thresholds';
import { useTheme } from '@/components/providers';

// The only module that touches ECharts (STYLE habit 9): register just what the panels draw.
echarts.use([
  LineChart,
  BarChart,
  PieChart,
  GaugeChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  TitleComponent,
  DatasetComponent,
  CanvasRenderer,
]);

/** Option type covering the registered charts and components. */
export type ChartOption = echarts.ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | PieSeriesOption
  | GaugeSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | TitleComponentOption
  | DatasetComponentOption
>;

export type { LineSeriesOption, BarSeriesOption, PieSeriesOption, GaugeSeriesOption };

/** Tooltip `formatter` callback parameters (one entry per series under the pointer). */
export interface TooltipParam {
  seriesName?: string;
  marker?: unknown;
  value?: unknown;
  name?: string;
  axisValue?: unknown;
  percent?: number;
}

export interface EChartProps {
  option: ChartOption;
  /** Defaults to the app theme; dark uses ECharts' built-in `dark` theme. */
  theme?: 'light' | 'dark';
  /** CSS height; defaults to filling the parent. */
  height?: number | string;
  className?: string;
}

const RENDER_OPTS = { renderer: 'canvas' } as const;
// Series and datasets are replaced by id on update so removed series disappear; the rest merges in place.
const REPLACE_MERGE = ['series', 'dataset'];

/**
 * An ECharts chart that updates in place (merge, lazy update), follows its container's size, and draws on a
 * transparent background so panels own the colors.
 */
export function EChart({ option, theme, height = '100%', className }: EChartProps) {
  const { theme: appTheme } = useTheme();
  const active = theme ?? appTheme;
  const merged = useMemo(
    () => ({ animation: false, color: SERIES_COLORS, ...option, backgroundColor: 'transparent' }),
    [option],
  );
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={merged}
      theme={active === 'dark' ? 'dark' : undefined}
      notMerge={false}
      lazyUpdate
      replaceMerge={REPLACE_MERGE}
      opts={RENDER_OPTS}
      autoResize
      className={className}
      style={{ height, width: '100%' }}
    />
  );
}
