'use client';

import { useMemo } from 'react';
import { framesToSeries, type Series } from '@/lib/frames/series';
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

function toLineSeries(s: Series, options: Record<string, unknown>): LineSeriesOption {
  const data = new Array<[number, number | null]>(s.times.length);
  for (let i = 0; i < s.times.length; i++) data[i] = [s.times[i], s.values[i]];
  const fillOpacity = option(options, 'fillOpacity', 0);
  const showPoints = option<string>(options, 'showPoints', 'never');
  return {
    id: `${s.refId}|${s.name}`,
    name: s.name,
    type: 'line',
    data,
    showSymbol: showPoints === 'always' || (showPoints === 'auto' && data.length < 50),
    symbolSize: 4,
    sampling: 'lttb',
    lineStyle: { width: option(options, 'lineWidth', 1.5) },
    areaStyle: fillOpacity > 0 ? { opacity: fillOpacity / 100 } : undefined,
    emphasis: { disabled: true },
  };
}

function tooltipFormatter(format: (v: unknown) => string) {
  return (raw: unknown): string => {
    const params = (Array.isArray(raw) ? raw : [raw]) as TooltipParam[];
    const time = Number((params[0]?.value as unknown[] | undefined)?.[0] ?? params[0]?.axisValue);
    const rows = params.slice(0, MAX_TOOLTIP_ROWS).map((p) => {
      const value = (p.value as unknown[] | undefined)?.[1];
      return `<div style="display:flex;gap:12px;justify-content:space-between"><span>${p.marker ?? ''}${escapeHtml(p.seriesName ?? '')}</span><b>${escapeHtml(format(value))}</b></div>`;
    });
    const more = params.length > MAX_TOOLTIP_ROWS ? `<div>… ${params.length - MAX_TOOLTIP_ROWS} more</div>` : '';
    return `<div style="font-size:12px"><div style="margin-bottom:4px;opacity:.8">${Number.isFinite(time) ? formatDateTime(time) : ''}</div>${rows.join('')}${more}</div>`;
  };
}

/** Lines over time: one per series (long frames pivoted per string key × number field). */
export function TimeseriesPanel({ panel, frames }: PanelProps) {
  const defaults = panel.fieldConfig.defaults;
  const chartOption = useMemo((): ChartOption => {
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
      series: series.map((s) => toLineSeries(s, panel.options)),
    };
  }, [frames, defaults, panel.options]);

  return <EChart option={chartOption} />;
}
