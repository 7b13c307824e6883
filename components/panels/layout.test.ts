import { describe, expect, it } from 'vitest';
import { bestColumns } from './layout';

describe('bestColumns', () => {
  it.each([
    { n: 5, w: 700, h: 230, aspect: 1, want: 5 },
    { n: 4, w: 400, h: 400, aspect: 1, want: 2 },
    { n: 6, w: 300, h: 900, aspect: 1, want: 2 },
    { n: 6, w: 200, h: 900, aspect: 1, want: 1 },
    { n: 1, w: 300, h: 200, aspect: 1, want: 1 },
    { n: 0, w: 300, h: 200, aspect: 1, want: 1 },
    { n: 3, w: 0, h: 0, aspect: 1, want: 3 },
    { n: 4, w: 600, h: 200, aspect: 1.5, want: 4 },
  ])('$n cells in $w×$h (aspect $aspect) → $want columns', ({ n, w, h, aspect, want }) => {
    expect(bestColumns(n, w, h, aspect)).toBe(want);
  });
});

describe('bestColumns prefers one row when nearly as large', () => {
  it('5 gauges in 650×280 stay on one row', () => {
    expect(bestColumns(5, 650, 280)).toBe(5);
  });
});
