import { describe, expect, it } from 'vitest';
import { DashboardSchema } from '@/lib/dashboards/schema';
import type { EditDoc } from './model';
import {
  addVariable,
  deleteVariable,
  moveVariable,
  updateVariable,
  variableProblems,
  variablesOf,
  withVariables,
  type VariableDoc,
} from './variables-model';

const v = (name: string, extra: Partial<VariableDoc> = {}): VariableDoc => ({
  name,
  type: 'custom',
  query: 'a,b',
  ...extra,
});

const doc: EditDoc = { uid: 'd', title: 'D', panels: [] };

describe('the variables of a document', () => {
  it('reads none from a document without templating, and writes a list the schema takes', () => {
    expect(variablesOf(doc)).toEqual([]);
    const next = withVariables({ ...doc, templating: { other: 1, list: [] } }, [v('region')]);
    expect(next.templating).toEqual({ other: 1, list: [v('region')] });
    expect(variablesOf(next)).toEqual([v('region')]);
    expect(DashboardSchema.safeParse(withVariables(doc, addVariable([]))).success).toBe(true);
  });
});

describe('add', () => {
  it('appends a query variable named var<n> by its position, or the next free n', () => {
    expect(addVariable([])).toEqual([{ name: 'var1', type: 'query', query: '', multi: false, includeAll: false }]);
    const list = [v('var2'), v('x')];
    expect(addVariable(list, 'custom').map((x) => x.name)).toEqual(['var2', 'x', 'var3']);
    expect(addVariable([v('var2')], 'interval')[1]).toMatchObject({ name: 'var3', type: 'interval' });
  });
});

describe('rename and update', () => {
  it('renames one variable and leaves the others', () => {
    const list = [v('a'), v('b')];
    const next = updateVariable(list, 1, { name: 'region' });
    expect(next.map((x) => x.name)).toEqual(['a', 'region']);
    expect(next[0]).toBe(list[0]);
    expect(list[1].name).toBe('b');
  });

  it('removes fields set to undefined (an emptied label)', () => {
    expect(updateVariable([v('a', { label: 'A' })], 0, { label: undefined })[0]).not.toHaveProperty('label');
  });

  it('new custom values drop the listed options and a default that is no longer one of them', () => {
    const imported = v('a', { options: [{ text: 'x', value: 'x' }], current: { value: 'a' } });
    const kept = updateVariable([imported], 0, { query: 'a,c' })[0];
    expect(kept).not.toHaveProperty('options');
    expect(kept.current).toEqual({ value: 'a' });
    expect(updateVariable([imported], 0, { query: 'c,d' })[0]).not.toHaveProperty('current');
    expect(updateVariable([v('m', { current: { value: ['a', 'b'] } })], 0, { query: 'a' })[0]).not.toHaveProperty(
      'current',
    );
  });

  it('a new type drops the default and options; only query variables keep a datasource', () => {
    const q = v('q', { type: 'query', query: 'SELECT 1', datasource: { uid: 'duckdb' }, current: { value: '1' } });
    const next = updateVariable([q], 0, { type: 'custom' })[0];
    expect(next).toMatchObject({ type: 'custom', query: 'SELECT 1' });
    expect(next).not.toHaveProperty('current');
    expect(next).not.toHaveProperty('datasource');
  });

  it('ignores an index past the end', () => {
    expect(updateVariable([v('a')], 3, { name: 'b' })).toEqual([v('a')]);
  });
});

describe('reorder and delete', () => {
  const list = [v('a'), v('b'), v('c')];
  it('moves up, down, and clamps at the ends', () => {
    expect(moveVariable(list, 2, 0).map((x) => x.name)).toEqual(['c', 'a', 'b']);
    expect(moveVariable(list, 0, 1).map((x) => x.name)).toEqual(['b', 'a', 'c']);
    expect(moveVariable(list, 1, 9).map((x) => x.name)).toEqual(['a', 'c', 'b']);
    expect(moveVariable(list, 0, -1).map((x) => x.name)).toEqual(['a', 'b', 'c']);
    expect(moveVariable(list, 5, 0)).toEqual(list);
  });

  it('deletes by index', () => {
    expect(deleteVariable(list, 1).map((x) => x.name)).toEqual(['a', 'c']);
  });
});

describe('validate', () => {
  it.each([
    ['region', undefined],
    ['_x1', undefined],
    ['1region', 'variable names are letters, digits and _'],
    ['my-var', 'variable names are letters, digits and _'],
    ['', 'variable names are letters, digits and _'],
    ['x'.repeat(65), 'variable names are letters, digits and _'],
    ['__interval', 'names starting with __ are kept for macros ($__interval…)'],
  ])('name %j', (name, problem) => {
    expect(variableProblems([v(name)], 0).name).toBe(problem);
  });

  it('names must be unique', () => {
    const list = [v('a'), v('b'), v('a')];
    expect(variableProblems(list, 0).name).toBe('another variable is named "a"');
    expect(variableProblems(list, 1)).toEqual({});
  });

  it('checks what each type needs in its query field', () => {
    expect(variableProblems([v('q', { type: 'query', query: '  ' })], 0).query).toMatch(/needs SQL/);
    expect(variableProblems([v('c', { query: ' , ' })], 0).query).toBe('list at least one value');
    expect(variableProblems([v('i', { type: 'interval', query: '1m, 5m, 1h' })], 0)).toEqual({});
    expect(variableProblems([v('i', { type: 'interval', query: '1m, soon' })], 0).query).toMatch(/"soon" is not an/);
    expect(variableProblems([v('k', { type: 'constant', query: '' })], 0)).toEqual({});
    expect(variableProblems([v('t', { type: 'textbox', query: '' })], 0)).toEqual({});
  });
});
