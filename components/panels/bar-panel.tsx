'use client';

import { useMemo } from 'react';
import { formatAxisValue } from '@/lib/format/units';
import { toBarData } from './frame-data';
import { EChart, type BarSeriesOption, type ChartOption } from './use-echarts';
import { option, valueFormatter } from './field-format';
import type { PanelProps } from './types';

/** Bars per category; `options.orientation` horizontal|vertical, `options.stacking` normal|none. */
export function BarPanel({ panel, frames }: PanelProps) {
  const defaults = panel.fieldConfig.defaults;
  const chartOption = useMemo((): ChartOption => {
    const { categories, bars, partial } = toBarData(frames);
    const horizontal = option<string>(panel.options, 'orientation', 'vertical') === 'horizontal';
    const stacked = option<string>(panel.options, 'stacking', 'none') === 'normal';
    const unit = defaults.unit ?? bars[0]?.unit;
    const format = valueFormatter(defaults, unit);
    const categoryAxis = {
      type: 'category' as const,
      data: categories,
      inverse: horizontal,
      axisLabel: { hideOverlap: true, width: 120, overflow: 'truncate' as const },
      axisTick: { alignWithLabel: true },
    };
    const valueAxis = {
      type: 'value' as const,
      min: defaults.min,
      max: defaults.max,
      axisLabel: { formatter: (v: number) => formatAxisValue(v, unit), hideOverlap: true },
      splitLine: { lineStyle: { opacity: 0.4 } },
    };
    const series: BarSeriesOption[] = bars.map((b) => ({
      id: b.name,
      name: b.name,
      type: 'bar',
      // A time bucket still filling is drawn lighter: it is not a drop, it is not over yet.
      data: b.values.map((value, i) => (partial[i] ? { value, itemStyle: { opacity: 0.45 } } : value)),
      stack: stacked ? 'total' : undefined,
      barMaxWidth: 48,
      itemStyle: { borderRadius: horizontal ? [0, 2, 2, 0] : [2, 2, 0, 0] },
    }));
    return {
      grid: {
        left: 8,
        right: 16,
        top: 12,
        bottom: bars.length > 1 ? 32 : 8,
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true, valueFormatter: (v) => format(v) },
      legend: { show: bars.length > 1, bottom: 0, left: 0, type: 'scroll' },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series,
    };
  }, [frames, defaults, panel.options]);

  return <EChart option={chartOption} />;
}
