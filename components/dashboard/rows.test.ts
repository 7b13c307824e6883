import { describe, expect, it } from 'vitest';
import { rowChildren, visibleLayout } from './rows';

const at = (id: number, y: number, h: number, type = 'stat', x = 0) => ({ id, type, gridPos: { x, y, w: 12, h } });

// A panel above any row, then row 10 with two panels side by side, then row 20 with one panel.
const items = [
  at(1, 0, 4),
  at(10, 4, 1, 'row'),
  at(2, 5, 8),
  at(3, 5, 8, 'stat', 12),
  at(20, 13, 1, 'row'),
  at(4, 14, 6),
];

describe('rows', () => {
  it('gives each row the panels below it up to the next row', () => {
    const children = rowChildren(items);
    expect(children.get(10)!.map((p) => p.id)).toEqual([2, 3]);
    expect(children.get(20)!.map((p) => p.id)).toEqual([4]);
  });

  it('draws everything when nothing is collapsed', () => {
    expect(visibleLayout(items, new Set()).map((p) => [p.id, p.gridPos.y])).toEqual([
      [1, 0],
      [10, 4],
      [2, 5],
      [3, 5],
      [20, 13],
      [4, 14],
    ]);
  });

  it('hides a collapsed row’s panels and moves what follows up by its section', () => {
    expect(visibleLayout(items, new Set([10])).map((p) => [p.id, p.gridPos.y])).toEqual([
      [1, 0],
      [10, 4],
      [20, 5],
      [4, 6],
    ]);
    expect(visibleLayout(items, new Set([10, 20])).map((p) => [p.id, p.gridPos.y])).toEqual([
      [1, 0],
      [10, 4],
      [20, 5],
    ]);
    expect(visibleLayout(items, new Set([20])).map((p) => p.id)).toEqual([1, 10, 2, 3, 20]);
  });
});
