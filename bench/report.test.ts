import { describe, expect, it } from 'vitest';
import { checkTargets, formatNumber, formatReport, formatTable } from './report';

describe('checkTargets', () => {
  const targets = [
    { label: 'p99', key: 'a', max: 200 },
    { label: 'runs', key: 'b', equals: 1 },
  ];

  it('passes figures within their limit', () => {
    expect(checkTargets({ a: 200, b: 1 }, targets).map((t) => t.pass)).toEqual([true, true]);
    expect(checkTargets({ a: 201, b: 2 }, targets).map((t) => t.pass)).toEqual([false, false]);
  });

  it('fails a missing or NaN figure', () => {
    const r = checkTargets({ a: NaN }, targets);
    expect(r.map((t) => [t.value, t.pass])).toEqual([
      [null, false],
      [null, false],
    ]);
  });
});

describe('formatTable', () => {
  it('pads columns and right-aligns numbers', () => {
    expect(
      formatTable(
        ['figure', 'value'],
        [
          ['fanout.live.n1.queriesPerSec', 5.5],
          ['size.embedGzKB', 312.25],
        ],
      ),
    ).toBe(
      [
        'figure                        value',
        '----------------------------  ------',
        'fanout.live.n1.queriesPerSec     5.5',
        'size.embedGzKB                312.25',
      ].join('\n'),
    );
  });

  it('shows missing figures as a dash', () => {
    expect(formatNumber(NaN)).toBe('–');
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(1.23456)).toBe('1.23');
  });
});

describe('formatReport', () => {
  it('lists every figure and marks each target pass or FAIL', () => {
    const out = formatReport(
      { 'tail.ratio24h': 1.05 },
      checkTargets({ 'tail.ratio24h': 1.05 }, [{ label: 'tail', key: 'tail.ratio24h', max: 1.2 }]),
    );
    expect(out).toMatch(/^tail\.ratio24h\s+1\.05$/m);
    expect(out).toMatch(/tail\s+≤ 1.2\s+1.05\s+pass/);
  });
});
