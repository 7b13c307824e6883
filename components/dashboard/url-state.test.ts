import { describe, expect, it } from 'vitest';
import { applyParams, parseUrlState, resolveVariable } from './url-state';
import type { DashboardView, VariableView } from './view-model';

const city: VariableView = { name: 'city', type: 'query', multi: true, includeAll: true, options: [] };
const sensor: VariableView = {
  name: 'sensor',
  type: 'custom',
  multi: false,
  includeAll: false,
  current: 'sensor-2',
  options: [
    { text: 'sensor-1', value: 'sensor-1' },
    { text: 'sensor-2', value: 'sensor-2' },
  ],
};
const secret: VariableView = { name: 'table', type: 'constant', multi: false, includeAll: false, options: [] };

const dashboard: DashboardView = {
  uid: 'iot',
  title: 'IoT',
  tags: [],
  time: { from: 'now-6h', to: 'now' },
  refresh: 'live',
  variables: [city, sensor, secret],
  panels: [],
};

describe('parseUrlState', () => {
  it.each([
    {
      name: 'defaults',
      search: '',
      want: { range: { from: 'now-6h', to: 'now' }, refresh: 'live', vars: { city: undefined, sensor: 'sensor-2' } },
    },
    {
      name: 'URL wins, multi-values repeat',
      search: 'from=now-1h&to=now&refresh=5s&var-city=Lima&var-city=Quito&var-sensor=sensor-1',
      want: {
        range: { from: 'now-1h', to: 'now' },
        refresh: '5s',
        vars: { city: ['Lima', 'Quito'], sensor: 'sensor-1' },
      },
    },
    {
      name: 'refresh= and refresh=off turn refresh off; epoch ranges pass through',
      search: 'from=1700000000000&to=1700003600000&refresh=',
      want: {
        range: { from: '1700000000000', to: '1700003600000' },
        refresh: '',
        vars: { city: undefined, sensor: 'sensor-2' },
      },
    },
    {
      name: 'refresh=off',
      search: 'refresh=off&var-city=$__all',
      want: { range: { from: 'now-6h', to: 'now' }, refresh: '', vars: { city: ['$__all'], sensor: 'sensor-2' } },
    },
  ])('$name', ({ search, want }) => {
    expect(parseUrlState(new URLSearchParams(search), dashboard)).toEqual(want);
  });
});

describe('resolveVariable', () => {
  it.each([
    { name: 'keeps a value', v: sensor, value: 'x', options: [], want: 'x' },
    { name: 'All when allowed', v: city, value: undefined, options: [{ value: 'Lima' }], want: ['$__all'] },
    { name: 'empty multi falls back', v: city, value: [], options: [], want: ['$__all'] },
    {
      name: 'first option otherwise',
      v: { ...sensor, current: undefined },
      value: undefined,
      options: [{ value: 'a' }],
      want: 'a',
    },
    {
      name: 'undefined while options load',
      v: { ...sensor, current: undefined },
      value: undefined,
      options: [],
      want: undefined,
    },
    {
      name: 'textbox defaults to empty',
      v: { ...sensor, type: 'textbox' as const },
      value: undefined,
      options: [],
      want: '',
    },
  ])('$name', ({ v, value, options, want }) => {
    expect(resolveVariable(v, value, options)).toEqual(want);
  });
});

describe('applyParams', () => {
  it.each<{ search: string; changes: Record<string, string | string[] | null>; want: string }>([
    { search: '?from=now-6h&to=now', changes: { from: 'now-1h' }, want: '?from=now-1h&to=now' },
    { search: '?var-city=Lima', changes: { 'var-city': ['$__all'] }, want: '?var-city=$__all' },
    { search: '', changes: { 'var-city': ['São Paulo', 'Lima'] }, want: '?var-city=S%C3%A3o%20Paulo&var-city=Lima' },
    { search: '?refresh=5s&x=1', changes: { refresh: null }, want: '?x=1' },
    { search: '?refresh=5s', changes: { refresh: null }, want: '' },
  ])('$search + $changes → $want', ({ search, changes, want }) => {
    expect(applyParams(search, changes)).toBe(want);
  });
});
