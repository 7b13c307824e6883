/**
 * Browser bundle for the 100k-point draw figure (built by bench/scenarios/browser.ts with esbuild): the app's own
 * time series panel, ECharts setup included, drawing one frame. `window.drawSeries(points)` resolves to the ms
 * from rendering the panel with its data to ECharts' `finished` event (first frame drawn).
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import * as echarts from 'echarts/core';
import type { DataFrame } from '@/lib/frames/types';
import type { PanelView } from '@/components/dashboard/view-model';
import { panelRegistry, withPanelDefaults } from '@/components/panels/registry';
import { loadCharts } from '@/components/panels/use-echarts';

const panel: PanelView = withPanelDefaults(
  {
    id: 1,
    type: 'timeseries',
    title: 'Temperature',
    gridPos: { x: 0, y: 0, w: 24, h: 9 },
    targets: [{ refId: 'A', format: 'time_series' }],
    fieldConfig: { defaults: { unit: 'celsius', decimals: 1 } },
    options: {},
  },
  panelRegistry.timeseries,
);

function temperatureFrame(points: number): DataFrame {
  const start = Date.now() - points * 1000;
  const time = Array.from({ length: points }, (_, i) => start + i * 1000);
  const value = time.map((_, i) => 21 + 3 * Math.sin(i / 5000) + Math.sin(i / 37) * 0.4);
  return {
    refId: 'A',
    fields: [
      { name: 'time', type: 'time', values: time },
      { name: 'temperature', type: 'number', values: value },
    ],
    length: points,
  };
}

/**
 * The chart code is loaded first, as the dashboard does while the panel's data loads. The clock stops at the
 * `finished` event (frame drawn) of the instance that holds the series: found by polling each animation frame,
 * since a binding may create its instance asynchronously.
 */
async function drawSeries(points: number): Promise<number> {
  await loadCharts(panelRegistry.timeseries.charts);
  const frames = [temperatureFrame(points)];
  const el = document.getElementById('root')!;
  const root = createRoot(el);
  return new Promise((resolve) => {
    const t0 = performance.now();
    const View = panelRegistry.timeseries.component;
    flushSync(() => root.render(<View panel={panel} frames={frames} />));
    const find = () => {
      const dom = el.querySelector<HTMLElement>('[_echarts_instance_]');
      const chart = dom ? echarts.getInstanceByDom(dom) : undefined;
      const series =
        chart && !chart.isDisposed()
          ? (chart.getOption()?.series as Array<{ data?: unknown[] }> | undefined)
          : undefined;
      if (!chart || series?.[0]?.data?.length !== points) return void requestAnimationFrame(find);
      chart.on('finished', () => {
        resolve(performance.now() - t0);
        setTimeout(() => root.unmount()); // not inside ECharts' own event dispatch
      });
    };
    find();
  });
}

(window as unknown as { drawSeries: typeof drawSeries }).drawSeries = drawSeries;
