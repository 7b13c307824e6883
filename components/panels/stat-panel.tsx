'use client';

import { useMemo } from 'react';
import { framesToSeries, type Series } from '@/lib/frames/series';
import { thresholdColor } from '@/lib/format/thresholds';
import { EChart, type ChartOption } from './use-echarts';
import { option, valueFormatter } from './field-format';
import { bestColumns } from './layout';
import { useElementSize } from './use-element-size';
import type { PanelProps } from './types';

interface StatItem {
  key: string;
  name: string;
  value: number | null;
  unit?: string;
  series: Series;
}

function lastNonNull(s: Series): number | null {
  for (let i = s.values.length - 1; i >= 0; i--) if (s.values[i] !== null) return s.values[i];
  return null;
}

function sparklineOption(s: Series, color: string): ChartOption {
  const data = s.times.map((t, i) => [t, s.values[i]]);
  return {
    grid: { left: 0, right: 0, top: 0, bottom: 0 },
    xAxis: { type: 'time', show: false },
    yAxis: { type: 'value', show: false, scale: true },
    tooltip: { show: false },
    series: [
      {
        id: 'spark',
        type: 'line',
        data,
        showSymbol: false,
        sampling: 'lttb',
        silent: true,
        lineStyle: { width: 1.5, color },
        areaStyle: { color, opacity: 0.15 },
      },
    ],
  };
}

function Sparkline({ series, color }: { series: Series; color: string }) {
  const chartOption = useMemo(() => sparklineOption(series, color), [series, color]);
  return <EChart option={chartOption} />;
}

function StatBox({
  item,
  format,
  color,
  colorMode,
  graph,
  showName,
}: {
  item: StatItem;
  format: (v: unknown) => string;
  color?: string;
  colorMode: string;
  graph: boolean;
  showName: boolean;
}) {
  const background = colorMode === 'background' && color ? color : undefined;
  const textColor = colorMode === 'value' ? color : background ? '#fff' : undefined;
  return (
    <div
      className="relative flex min-h-0 min-w-0 flex-col overflow-hidden rounded [container-type:size]"
      style={{ backgroundColor: background }}
      data-series={item.name}
    >
      {graph && item.series.times.length > 1 && (
        <div className="pointer-events-none absolute inset-x-0 bottom-0 h-1/2 opacity-90">
          <Sparkline series={item.series} color={background ? 'rgba(255,255,255,0.8)' : (color ?? '#5794F2')} />
        </div>
      )}
      <div className="relative z-10 flex h-full flex-col items-center justify-center px-2 text-center">
        {showName && (
          <div
            className="max-w-full truncate text-[length:clamp(10px,10cqh,14px)] text-gray-600 dark:text-gray-400"
            style={background ? { color: '#fff' } : undefined}
          >
            {item.name}
          </div>
        )}
        <div
          className="max-w-full truncate font-semibold leading-tight tabular-nums text-[length:clamp(14px,min(34cqh,18cqw),72px)]"
          style={{ color: textColor }}
          data-value={item.value ?? ''}
        >
          {format(item.value)}
        </div>
      </div>
    </div>
  );
}

/** Big number per series: the last value, colored by thresholds, with an optional sparkline. */
export function StatPanel({ panel, frames }: PanelProps) {
  const defaults = panel.fieldConfig.defaults;
  const items = useMemo<StatItem[]>(
    () =>
      framesToSeries(frames).map((s, i, all) => ({
        key: `${s.refId}:${s.name}`,
        name: all.length === 1 && defaults.displayName ? defaults.displayName : s.name,
        value: lastNonNull(s),
        unit: s.unit,
        series: s,
      })),
    [frames, defaults.displayName],
  );
  const colorMode = option<string>(panel.options, 'colorMode', 'value');
  const graph = option<string>(panel.options, 'graphMode', 'area') !== 'none';
  const vertical = option<string>(panel.options, 'orientation', 'auto') === 'vertical';
  const [ref, box] = useElementSize<HTMLDivElement>();
  const cols = vertical ? 1 : bestColumns(items.length, box.width, box.height, 1.6);
  return (
    <div
      ref={ref}
      className="grid h-full w-full gap-1"
      style={{ gridTemplateColumns: `repeat(${Math.max(cols, 1)}, minmax(0, 1fr))`, gridAutoRows: 'minmax(0, 1fr)' }}
    >
      {items.map((item) => (
        <StatBox
          key={item.key}
          item={item}
          format={valueFormatter(defaults, item.unit)}
          color={thresholdColor(item.value, defaults.thresholds?.steps)}
          colorMode={colorMode}
          graph={graph}
          // One value under the panel title needs no name of its own, as in Grafana.
          showName={items.length > 1 || !!defaults.displayName}
        />
      ))}
    </div>
  );
}
