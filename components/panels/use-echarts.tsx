'use client';

import { useEffect, useLayoutEffect, useMemo, useRef, useSyncExternalStore, type RefObject } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import type { BarSeriesOption, GaugeSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { SERIES_COLORS } from '@/lib/format/thresholds';
import { useTheme } from '@/components/providers';

// The only module that touches ECharts. It keeps the chart lifecycle (init, resize, dispose, theme) itself rather
// than through echarts-for-react's core component, which measured 8.3 KB gzipped more on the embed route. Only what a
// page needs is downloaded: lines (time series and stat sparklines, most panels), axes, legend and canvas come with
// it; bar, pie and gauge are each their own chunk, loaded when a panel draws one; the tooltip loads when the pointer
// first enters a chart.
echarts.use([LineChart, GridComponent, LegendComponent, CanvasRenderer]);

/** Code that registers itself with ECharts when imported, loaded once and shared by every chart on the page. */
class LazyModule {
  private load?: Promise<void>;
  private listeners = new Set<() => void>();
  ready = false;

  constructor(private readonly importer: () => Promise<unknown>) {}

  start(): Promise<void> {
    this.load ??= this.importer().then(() => {
      this.ready = true;
      this.listeners.forEach((fn) => fn());
    });
    return this.load;
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };
}

const CHARTS = {
  line: new LazyModule(() => Promise.resolve()),
  bar: new LazyModule(() => import('echarts/lib/chart/bar')),
  pie: new LazyModule(() => import('echarts/lib/chart/pie')),
  gauge: new LazyModule(() => import('echarts/lib/chart/gauge')),
};
const TOOLTIP = new LazyModule(() => import('echarts/lib/component/tooltip'));

export type ChartType = keyof typeof CHARTS;

/** Start downloading chart types; resolves once all are registered. */
export function loadCharts(types: readonly ChartType[]): Promise<unknown> {
  return Promise.all(types.map((t) => CHARTS[t].start()));
}

/** Re-renders when `module` finishes loading; true once it has. */
function useLoaded(module: LazyModule): boolean {
  return useSyncExternalStore(
    module.subscribe,
    () => module.ready,
    () => false,
  );
}

/** Option type covering the registered charts and components. */
export type ChartOption = echarts.ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | PieSeriesOption
  | GaugeSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
>;

export type { LineSeriesOption, BarSeriesOption };

/** Tooltip `formatter` callback parameters (one entry per series under the pointer). */
export interface TooltipParam {
  seriesName?: string;
  seriesId?: string;
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

function chartModule(option: ChartOption): LazyModule | undefined {
  const series = Array.isArray(option.series) ? option.series : option.series ? [option.series] : [];
  return series.map((s) => CHARTS[s.type as ChartType]).find((m) => m && !m.ready);
}

/** The ECharts instance on `el`, created once its chart types are registered and recreated when the theme changes. */
function useChartInstance(el: RefObject<HTMLDivElement | null>, dark: boolean, ready: boolean) {
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  useLayoutEffect(() => {
    if (!ready || !el.current) return;
    const c = echarts.init(el.current, dark ? 'dark' : undefined, { renderer: 'canvas' });
    let size = `${el.current.clientWidth}x${el.current.clientHeight}`;
    // ResizeObserver also reports the size an element already has; a resize redraws the whole chart.
    const resize = new ResizeObserver(([entry]) => {
      const next = `${entry.target.clientWidth}x${entry.target.clientHeight}`;
      if (next !== size) c.resize();
      size = next;
    });
    resize.observe(el.current);
    chart.current = c;
    return () => {
      resize.disconnect();
      c.dispose();
      chart.current = undefined;
    };
  }, [el, dark, ready]);
  return chart;
}

/**
 * An ECharts chart that updates in place (merge, lazy update: drawn on the next animation frame), follows its
 * container's size, and draws on a transparent background so panels own the colors. Series are replaced by id so
 * removed series disappear.
 */
export function EChart({ option, theme, height = '100%', className }: EChartProps) {
  const { theme: appTheme } = useTheme();
  const dark = (theme ?? appTheme) === 'dark';
  const el = useRef<HTMLDivElement>(null);
  const missing = chartModule(option);
  const chartReady = useLoaded(missing ?? CHARTS.line);
  const ready = !missing || chartReady;
  const tooltip = useLoaded(TOOLTIP);
  const chart = useChartInstance(el, dark, ready);

  useEffect(() => {
    if (missing) void missing.start();
  }, [missing]);

  // After the instance effect, so a new instance (theme change) gets the option too; once the tooltip code has
  // arrived the option is applied again for ECharts to create its tooltip. A layout effect, as a class
  // component's update would be: the chart draws on the next animation frame.
  useLayoutEffect(() => {
    chart.current?.setOption(
      { animation: false, color: SERIES_COLORS, ...option, backgroundColor: 'transparent' },
      { replaceMerge: ['series'], lazyUpdate: true },
    );
  }, [chart, option, dark, ready, tooltip]);

  const style = useMemo(() => ({ height, width: '100%' }), [height]);
  return <div ref={el} className={className} style={style} onPointerEnter={() => void TOOLTIP.start()} />;
}
