'use client';

import { useMemo } from 'react';
import { toSlices } from './frame-data';
import { EChart, type ChartOption, type TooltipParam } from './use-echarts';
import { escapeHtml, option, valueFormatter } from './field-format';
import type { PanelProps } from './types';

/** Donut of one value per name. */
export function PiePanel({ panel, frames }: PanelProps) {
  const defaults = panel.fieldConfig.defaults;
  const chartOption = useMemo((): ChartOption => {
    const slices = toSlices(frames);
    const format = valueFormatter(defaults, slices[0]?.unit);
    const legend = option<{ showLegend?: boolean; placement?: string }>(panel.options, 'legend', {});
    const showLegend = legend.showLegend !== false;
    const right = legend.placement !== 'bottom';
    const donut = option(panel.options, 'pieType', 'donut') === 'donut';
    return {
      tooltip: {
        trigger: 'item',
        confine: true,
        formatter: (raw: unknown) => {
          const p = raw as TooltipParam;
          return `${p.marker ?? ''}${escapeHtml(p.name ?? '')}: <b>${escapeHtml(format(p.value))}</b> (${(p.percent ?? 0).toFixed(1)}%)`;
        },
      },
      legend: {
        show: showLegend,
        type: 'scroll',
        ...(right
          ? { orient: 'vertical', right: 4, top: 'middle' }
          : { orient: 'horizontal', bottom: 0, left: 'center' }),
      },
      series: [
        {
          id: 'pie',
          type: 'pie',
          radius: donut ? ['45%', '72%'] : [0, '72%'],
          center: showLegend && right ? ['40%', '50%'] : ['50%', '46%'],
          avoidLabelOverlap: true,
          label: { show: false },
          itemStyle: { borderWidth: 1, borderColor: 'rgba(128,128,128,0.25)' },
          data: slices.map((s) => ({ name: s.name, value: s.value })),
        },
      ],
    };
  }, [frames, defaults, panel.options]);

  return <EChart option={chartOption} />;
}
