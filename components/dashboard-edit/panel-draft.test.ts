import { describe, expect, it } from 'vitest';
import {
  addTarget,
  nextRefId,
  removeTarget,
  setFieldDefault,
  setOption,
  setPanelType,
  setThresholds,
  thresholdsOf,
  toPanelViewDraft,
  updateTarget,
  type DraftPanel,
} from './panel-draft';
import { MACRO_USAGES } from '@/lib/sql/macros';
import { MACRO_HELP, markerRange, sqlModeOf } from './sql-help';
import { tablesNamedIn } from './schema-cache';

const panel: DraftPanel = {
  id: 3,
  type: 'stat',
  title: 'Orders',
  gridPos: { x: 0, y: 0, w: 6, h: 4 },
  targets: [{ refId: 'A', rawSql: 'SELECT 1', format: 'time_series' }],
  fieldConfig: { defaults: { unit: 'short' } },
  options: { colorMode: 'value' },
  custom: { kept: true },
};

describe('panel draft', () => {
  it('sets and removes field defaults without touching the rest', () => {
    const withDecimals = setFieldDefault(panel, 'decimals', 2);
    expect(withDecimals.fieldConfig).toEqual({ defaults: { unit: 'short', decimals: 2 } });
    expect(setFieldDefault(withDecimals, 'unit', '').fieldConfig).toEqual({ defaults: { decimals: 2 } });
    expect(withDecimals.custom).toEqual({ kept: true });
    expect(panel.fieldConfig).toEqual({ defaults: { unit: 'short' } });
  });

  it('sets and removes options', () => {
    expect(setOption(panel, 'graphMode', 'none').options).toEqual({ colorMode: 'value', graphMode: 'none' });
    expect(setOption(panel, 'colorMode', undefined).options).toEqual({});
  });

  it('keeps thresholds sorted with the base first and drops half-typed values', () => {
    const next = setThresholds(panel, [
      { color: 'green', value: 5 },
      { color: 'red', value: 80 },
      { color: 'orange', value: 50 },
      { color: 'blue', value: Number.NaN },
    ]);
    expect(thresholdsOf(next)).toEqual([
      { color: 'green', value: null },
      { color: 'orange', value: 50 },
      { color: 'red', value: 80 },
    ]);
    expect(thresholdsOf(setThresholds(next, []))).toEqual([]);
  });

  it('numbers queries A, B, … and keeps one', () => {
    expect(nextRefId([{ refId: 'A' }, { refId: 'C' }])).toBe('B');
    const all = Array.from({ length: 26 }, (_, i) => ({ refId: String.fromCharCode(65 + i) }));
    expect(nextRefId(all)).toBe('A1');
    const two = addTarget(panel, 'SELECT 2');
    expect(two.targets).toEqual([
      { refId: 'A', rawSql: 'SELECT 1', format: 'time_series' },
      { refId: 'B', rawSql: 'SELECT 2', format: 'time_series' },
    ]);
    expect(removeTarget(removeTarget(two, 'A'), 'B').targets).toEqual([
      { refId: 'B', rawSql: 'SELECT 2', format: 'time_series' },
    ]);
    expect(updateTarget(two, 'B', { rawSql: 'SELECT 3' }).targets).toMatchObject([{}, { rawSql: 'SELECT 3' }]);
  });

  it('changes the visualization keeping every option', () => {
    const gauge = setPanelType(setOption(panel, 'legend', { showLegend: false }), 'gauge');
    expect(gauge.type).toBe('gauge');
    expect(setPanelType(gauge, 'stat').options).toEqual({ colorMode: 'value', legend: { showLegend: false } });
  });

  it('gives the view model without SQL', () => {
    const view = toPanelViewDraft(panel);
    expect(view.targets).toEqual([{ refId: 'A', format: 'time_series' }]);
    expect(JSON.stringify(view)).not.toContain('SELECT');
  });
});

describe('editor helpers', () => {
  const sql = 'SELECT 1\nFROM sales\nWHERE nosuchcol > 1';

  it('places a marker on the word at a line and column', () => {
    const r = markerRange(sql, { line: 3, column: 7 });
    expect(sql.slice(r.from, r.to)).toBe('nosuchcol');
    const whole = markerRange(sql, { line: 2 });
    expect(sql.slice(whole.from, whole.to)).toBe('FROM sales');
  });

  it('clamps positions beyond the text', () => {
    const r = markerRange(sql, { line: 9, column: 99 });
    expect(r.to).toBeLessThanOrEqual(sql.length);
    expect(r.from).toBeLessThanOrEqual(r.to);
    expect(markerRange('', { line: 1, column: 1 })).toEqual({ from: 0, to: 0 });
  });

  it('documents every macro the server renders, as it is called there, and nothing else', () => {
    const help = Object.fromEntries(MACRO_HELP.map((m) => [m.usage.replace(/^\$|\(.*$/g, ''), m.usage]));
    expect(help).toEqual(Object.fromEntries(Object.entries(MACRO_USAGES)));
    for (const m of MACRO_HELP) expect(m.usage.startsWith(m.name.replace(/\($/, '('))).toBe(true);
  });

  it('picks the dialect per engine', () => {
    expect(sqlModeOf('starrocks')).toBe('mysql');
    expect(sqlModeOf('mysql')).toBe('mysql');
    expect(sqlModeOf('druid')).toBe('standard');
    expect(sqlModeOf('duckdb')).toBe('postgres');
  });

  it('finds the tables a query names', () => {
    expect(tablesNamedIn('SELECT * FROM sales s JOIN "sensor_data" d ON 1=1 WHERE x IN (SELECT y FROM sales)')).toEqual(
      ['sales', 'sensor_data'],
    );
  });
});
