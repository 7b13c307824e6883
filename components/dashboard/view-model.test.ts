import { describe, expect, it } from 'vitest';
import { DashboardSchema } from '@/lib/dashboards/schema';
import { toDashboardView } from './view-model';

describe('toDashboardView', () => {
  const dashboard = DashboardSchema.parse({
    uid: 'iot',
    title: 'IoT',
    templating: {
      list: [
        {
          name: 'sensor',
          type: 'query',
          query: 'SELECT DISTINCT sensor_id FROM sensor_data',
          multi: true,
          includeAll: true,
          allValue: 'SELECT 1',
        },
        { name: 'unit', type: 'custom', query: 'c,f' },
        { name: 'table', type: 'constant', query: 'sensor_data', current: { value: 'sensor_data' } },
        { name: 'q', type: 'textbox', query: 'hello' },
      ],
    },
    panels: [
      {
        id: 1,
        type: 'timeseries',
        title: 'T',
        gridPos: { x: 0, y: 0, w: 12, h: 8 },
        datasource: { uid: 'duckdb' },
        targets: [{ refId: 'A', rawSql: 'SELECT secret FROM t', datasource: { uid: 'duckdb' } }],
        fieldConfig: { defaults: { unit: 'celsius' } },
      },
    ],
  });
  const view = toDashboardView(dashboard);

  it('never carries SQL or datasource references', () => {
    const json = JSON.stringify(view);
    expect(json).not.toContain('SELECT');
    expect(json).not.toContain('sensor_data');
    expect(json).not.toContain('duckdb');
  });

  it('keeps what the UI needs', () => {
    expect(view.panels[0]).toMatchObject({
      id: 1,
      type: 'timeseries',
      targets: [{ refId: 'A', format: 'time_series' }],
      fieldConfig: { defaults: { unit: 'celsius' } },
    });
    expect(view.variables.map((v) => [v.name, v.type, v.options.length, v.current])).toEqual([
      ['sensor', 'query', 0, undefined],
      ['unit', 'custom', 2, undefined],
      ['table', 'constant', 0, undefined],
      ['q', 'textbox', 0, 'hello'],
    ]);
  });
});

describe('rows in the view', () => {
  it('carries whether a row opens folded, and no targets', () => {
    const d = DashboardSchema.parse({
      uid: 'r',
      title: 'R',
      panels: [
        { id: 1, type: 'row', title: 'Sales', collapsed: true, gridPos: { x: 0, y: 0, w: 24, h: 1 } },
        { id: 2, type: 'row', title: 'Sensors', gridPos: { x: 0, y: 1, w: 24, h: 1 } },
      ],
    });
    expect(toDashboardView(d).panels.map((p) => [p.id, p.type, p.collapsed, p.targets])).toEqual([
      [1, 'row', true, []],
      [2, 'row', false, []],
    ]);
  });
});
