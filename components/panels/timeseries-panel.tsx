'use client';

import { useMemo } from 'react';
import { framesToSeries, partialFrom, type Series } from '@/lib/frames/series';
import { SERIES_COLORS } from '@/lib/format/thresholds';
import { formatAxisValue } from '@/lib/format/units';
import { formatDateTime } from '@/lib/format/time';
import { EChart, type ChartOption, type LineSeriesOption, type TooltipParam } from './use-echarts';
import { escapeHtml, option, valueFormatter } from './field-format';
import type { PanelProps } from './types';

const MAX_TOOLTIP_ROWS = 20;

interface LegendOptions {
  showLegend?: boolean;
  placement?: 'bottom' | 'right';
}

/** Suffix of the series that draws the still-filling last bucket of a line. */
const PARTIAL = '|partial';

/**
 * A line per series; the points of buckets still filling at `now` go to a second, dashed series of the same name
 * and color (the legend toggles both), joined to the last complete point, so a filling bucket reads as partial
 * instead of as a sharp drop at the right edge.
 */
function toLineSeries(s: Series, options: Record<string, unknown>, color: string, now: number): LineSeriesOption[] {
  const data = new Array<[number, number | null]>(s.times.length);
  for (let i = 0; i < s.times.length; i++) data[i] = [s.times[i], s.values[i]];
  const fillOpacity = option(options, 'fillOpacity', 0);
  const showPoints = option<string>(options, 'showPoints', 'never');
  const width = option(options, 'lineWidth', 1.5);
  const cut = partialFrom(s.times, s.interval, now);
  const line: LineSeriesOption = {
    id: `${s.refId}|${s.name}`,
    name: s.name,
    type: 'line',
    color,
    data: data.slice(0, cut),
    showSymbol: showPoints === 'always' || (showPoints === 'auto' && data.length < 50),
    symbolSize: 4,
    sampling: 'lttb',
    lineStyle: { width },
    areaStyle: fillOpacity > 0 ? { opacity: fillOpacity / 100 } : undefined,
    emphasis: { disabled: true },
  };
  if (cut === data.length) return [line];
  const partial: LineSeriesOption = {
    ...line,
    id: `${line.id}${PARTIAL}`,
    data: data.slice(Math.max(0, cut - 1)),
    showSymbol: true,
    symbol: 'emptyCircle',
    lineStyle: { width, type: 'dashed', opacity: 0.8 },
    areaStyle: fillOpacity > 0 ? { opacity: fillOpacity / 200 } : undefined,
  };
  return [line, partial];
}

function tooltipFormatter(format: (v: unknown) => string) {
  return (raw: unknown): string => {
    const params = (Array.isArray(raw) ? raw : [raw]) as TooltipParam[];
    const time = Number((params[0]?.value as unknown[] | undefined)?.[0] ?? params[0]?.axisValue);
    // A line and its partial segment share the point where they join: show each series once, marking a
    // value whose bucket is still filling.
    const seen = new Set<string>();
    const shown = params.filter((p) => {
      const name = p.seriesName ?? '';
      if (seen.has(name)) return false;
      seen.add(name);
      return true;
    });
    const rows = shown.slice(0, MAX_TOOLTIP_ROWS).map((p) => {
      const value = (p.value as unknown[] | undefined)?.[1];
      const partial = p.seriesId?.endsWith(PARTIAL) && params.filter((q) => q.seriesName === p.seriesName).length === 1;
      const note = partial ? ' <span style="opacity:.6">(filling)</span>' : '';
      return `<div style="display:flex;gap:12px;justify-content:space-between"><span>${p.marker ?? ''}${escapeHtml(p.seriesName ?? '')}${note}</span><b>${escapeHtml(format(value))}</b></div>`;
    });
    const more = shown.length > MAX_TOOLTIP_ROWS ? `<div>… ${shown.length - MAX_TOOLTIP_ROWS} more</div>` : '';
    return `<div style="font-size:12px"><div style="margin-bottom:4px;opacity:.8">${Number.isFinite(time) ? formatDateTime(time) : ''}</div>${rows.join('')}${more}</div>`;
  };
}

/** Lines over time: one per series (long frames pivoted per string key × number field). */
export function TimeseriesPanel({ panel, frames }: PanelProps) {
  const defaults = panel.fieldConfig.defaults;
  const chartOption = useMemo((): ChartOption => {
    // Which bucket is still filling depends on the time of drawing; new frames (every tick) draw again.
    // eslint-disable-next-line react-hooks/purity
    const now = Date.now();
    const series = framesToSeries(frames)
      .filter((s) => s.times.length > 0)
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
    if (series.length === 1 && defaults.displayName) series[0] = { ...series[0], name: defaults.displayName };
    const unit = defaults.unit ?? series[0]?.unit;
    const legend = option<LegendOptions>(panel.options, 'legend', {});
    const showLegend = legend.showLegend !== false && series.length > 0;
    const right = legend.placement === 'right';
    return {
      grid: {
        left: 8,
        right: showLegend && right ? 140 : 16,
        top: 12,
        bottom: showLegend && !right ? 32 : 8,
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
      tooltip: { trigger: 'axis', confine: true, formatter: tooltipFormatter(valueFormatter(defaults, unit)) },
      legend: {
        show: showLegend,
        type: 'scroll',
        ...(right ? { orient: 'vertical', right: 0, top: 8 } : { orient: 'horizontal', left: 0, bottom: 0 }),
        icon: 'roundRect',
        itemWidth: 12,
        itemHeight: 4,
      },
      xAxis: { type: 'time', axisLabel: { hideOverlap: true }, splitLine: { show: false } },
      yAxis: {
        type: 'value',
        scale: defaults.min === undefined && defaults.max === undefined,
        min: defaults.min,
        max: defaults.max,
        axisLabel: { formatter: (v: number) => formatAxisValue(v, unit) },
        splitLine: { lineStyle: { opacity: 0.4 } },
      },
      series: series.flatMap((s, i) => toLineSeries(s, panel.options, SERIES_COLORS[i % SERIES_COLORS.length], now)),
    };
  }, [frames, defaults, panel.options]);

  return <EChart option={chartOption} />;
}
