import { describe, expect, it } from 'vitest';
import { nudge } from './keyboard';
import type { GridItem } from './model';

const layout: GridItem[] = [
  { i: '1', x: 0, y: 0, w: 12, h: 8 },
  { i: '2', x: 12, y: 0, w: 12, h: 8 },
  { i: '3', x: 0, y: 8, w: 24, h: 6 },
];
const at = (l: GridItem[] | null, id: string) => l!.find((i) => i.i === id)!;

describe('keyboard nudge', () => {
  it('ignores keys that are not arrows', () => {
    expect(nudge(layout, '1', 'Enter', false)).toBeNull();
  });

  it('moves one column and pushes what it lands on out of the way', () => {
    const next = nudge(layout, '1', 'ArrowRight', false);
    expect(at(next, '1')).toMatchObject({ x: 1, y: 0, w: 12, h: 8 });
    expect(at(next, '2').y).toBeGreaterThanOrEqual(8);
  });

  it('stays inside the 24 columns', () => {
    expect(at(nudge(layout, '2', 'ArrowRight', false), '2')).toMatchObject({ x: 12, y: 0 });
    expect(at(nudge(layout, '1', 'ArrowLeft', false), '1')).toMatchObject({ x: 0, y: 0 });
    expect(at(nudge(layout, '2', 'ArrowRight', true), '2')).toMatchObject({ w: 12 });
  });

  it('resizes with Shift', () => {
    expect(at(nudge(layout, '1', 'ArrowDown', true), '1')).toMatchObject({ x: 0, y: 0, w: 12, h: 9 });
    expect(at(nudge(layout, '1', 'ArrowLeft', true), '1')).toMatchObject({ w: 11 });
  });

  it('moves down past the panel below, and back up', () => {
    const down = nudge(layout, '1', 'ArrowDown', false)!;
    expect(at(down, '1').y).toBeGreaterThan(at(down, '3').y);
    const up = nudge(down, '1', 'ArrowUp', false)!;
    expect(at(up, '1').y).toBeLessThan(at(up, '3').y);
  });
});
