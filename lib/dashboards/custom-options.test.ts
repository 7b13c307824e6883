import { describe, expect, it } from 'vitest';
import { customOptions, parseCustomOptions } from './custom-options';
import { resolveVariables } from '../query/variables';
import { parseDashboard } from './store';

describe('parseCustomOptions', () => {
  it.each([
    [
      'a,b, c',
      [
        ['a', 'a'],
        ['b', 'b'],
        ['c', 'c'],
      ],
    ],
    [
      'Lima : lim, Quito : uio',
      [
        ['Lima', 'lim'],
        ['Quito', 'uio'],
      ],
    ],
    [
      'x\\,y,z',
      [
        ['x,y', 'x,y'],
        ['z', 'z'],
      ],
    ],
    ['', []],
  ])('%j', (query, want) => {
    expect(parseCustomOptions(query)).toEqual(want.map(([text, value]) => ({ text, value })));
  });

  it('prefers listed options', () => {
    expect(customOptions({ options: [{ text: 'A', value: 'a' }], query: 'x,y' })).toEqual([{ text: 'A', value: 'a' }]);
  });
});

describe('custom variables on the server', () => {
  const d = parseDashboard({
    uid: 'd',
    title: 'd',
    templating: {
      list: [{ name: 'city', type: 'custom', query: 'Lima : lim, Quito : uio', multi: true, includeAll: true }],
    },
    panels: [
      { id: 1, type: 'stat', gridPos: { x: 0, y: 0, w: 6, h: 4 }, targets: [{ refId: 'A', rawSql: 'SELECT 1' }] },
    ],
  });
  const none = async () => [];

  it('accepts the values the browser shows for `text : value` options, and expands All to them', async () => {
    expect(await resolveVariables(d, { city: ['uio'] }, none)).toEqual({ city: ['uio'] });
    expect(await resolveVariables(d, { city: '$__all' }, none)).toEqual({ city: ['lim', 'uio'] });
    await expect(resolveVariables(d, { city: 'Lima : lim' }, none)).rejects.toMatchObject({ status: 400 });
  });
});
