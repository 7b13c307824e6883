'use client';

import { useMemo } from 'react';
import type { FieldDefaults } from '@/lib/dashboards/schema';
import { lastValues, type LastValue } from '@/lib/frames/series';
import { isPercentUnit, niceCeil } from '@/lib/format/units';
import { gaugeColorStops, resolveColor, thresholdColor } from '@/lib/format/thresholds';
import { EChart, type ChartOption } from './use-echarts';
import { useElementSize } from './use-element-size';
import { bestColumns } from './layout';
import { valueFormatter } from './field-format';
import type { PanelProps } from './types';

function gaugeRange(defaults: FieldDefaults, values: LastValue[]): { min: number; max: number } {
  const min = defaults.min ?? 0;
  if (defaults.max !== undefined) return { min, max: defaults.max };
  const unit = defaults.unit ?? values[0]?.unit;
  if (isPercentUnit(unit)) return { min, max: 100 };
  const stepValues = (defaults.thresholds?.steps ?? []).map((s) => s.value ?? 0);
  const peak = Math.max(...values.map((v) => v.value ?? 0), ...stepValues, min + 1);
  return { min, max: niceCeil(peak * 1.1) };
}

function gaugeOption(
  v: LastValue,
  defaults: FieldDefaults,
  range: { min: number; max: number },
  size: number,
): ChartOption {
  const color = thresholdColor(v.value, defaults.thresholds?.steps) ?? resolveColor('green');
  const text = valueFormatter(defaults, v.unit)(v.value);
  const width = Math.max(6, Math.round(size / 14));
  const common = { type: 'gauge' as const, ...range, startAngle: 210, endAngle: -30, center: ['50%', '58%'] };
  return {
    series: [
      {
        ...common,
        id: 'band',
        radius: '92%',
        axisLine: {
          lineStyle: {
            width: Math.max(2, width / 3),
            color: gaugeColorStops(defaults.thresholds?.steps, range.min, range.max),
          },
        },
        pointer: { show: false },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        detail: { show: false },
        title: { show: false },
        data: [],
      },
      {
        ...common,
        id: 'value',
        radius: '82%',
        axisLine: { lineStyle: { width, color: [[1, 'rgba(128,128,128,0.18)']] } },
        progress: { show: true, width, itemStyle: { color } },
        pointer: { show: false },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        anchor: { show: false },
        detail: {
          valueAnimation: false,
          offsetCenter: [0, '5%'],
          // Fit the formatted value inside the arc: about one character per size/len pixels.
          fontSize: Math.max(11, Math.min(40, Math.round((size * 0.95) / Math.max(4, text.length)))),
          fontWeight: 600,
          color,
          formatter: () => text,
        },
        title: { offsetCenter: [0, '62%'], fontSize: Math.max(10, Math.min(14, Math.round(size / 12))) },
        data: [{ value: v.value ?? range.min, name: v.name }],
      },
    ],
  };
}

function Gauge({
  value,
  defaults,
  range,
}: {
  value: LastValue;
  defaults: FieldDefaults;
  range: { min: number; max: number };
}) {
  const [ref, size] = useElementSize<HTMLDivElement>();
  const side = Math.min(size.width, size.height);
  const chartOption = useMemo(() => gaugeOption(value, defaults, range, side), [value, defaults, range, side]);
  return (
    <div ref={ref} className="min-h-0 min-w-0" data-series={value.name}>
      {side > 0 && <EChart option={chartOption} />}
    </div>
  );
}

/** One gauge per series showing its last value, colored by the thresholds. */
export function GaugePanel({ panel, frames }: PanelProps) {
  const defaults = panel.fieldConfig.defaults;
  const values = useMemo(() => lastValues(frames), [frames]);
  const range = useMemo(() => gaugeRange(defaults, values), [defaults, values]);
  const [ref, box] = useElementSize<HTMLDivElement>();
  const cols = bestColumns(values.length, box.width, box.height);
  const rows = Math.max(1, Math.ceil(values.length / cols));
  return (
    <div
      ref={ref}
      className="grid h-full w-full"
      style={{
        gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`,
        gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`,
      }}
    >
      {values.map((v) => (
        <Gauge key={`${v.refId}:${v.name}`} value={v} defaults={defaults} range={range} />
      ))}
    </div>
  );
}
