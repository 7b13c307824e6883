import { describe, expect, it } from 'vitest';
import { gaugeColorStops, resolveColor, thresholdColor, type ThresholdStep } from './thresholds';

const steps: ThresholdStep[] = [
  { color: 'red', value: 35 },
  { color: 'green', value: null },
  { color: 'orange', value: 30 },
];

describe('thresholdColor', () => {
  it.each([
    [10, '#73BF69'],
    [30, '#FF9830'],
    [34.9, '#FF9830'],
    [35, '#F2495C'],
    [-100, '#73BF69'],
    [null, undefined],
  ])('%s → %s', (value, want) => {
    expect(thresholdColor(value, steps)).toBe(want);
  });

  it('no steps, no color', () => {
    expect(thresholdColor(5, [])).toBeUndefined();
    expect(thresholdColor(5, undefined)).toBeUndefined();
  });

  it('passes CSS colors through', () => {
    expect(resolveColor('#123456')).toBe('#123456');
    expect(thresholdColor(1, [{ color: 'rgb(1, 2, 3)', value: null }])).toBe('rgb(1, 2, 3)');
  });
});

describe('gaugeColorStops', () => {
  it.each([
    {
      name: 'three steps over 0..50',
      min: 0,
      max: 50,
      want: [
        [0.6, '#73BF69'],
        [0.7, '#FF9830'],
        [1, '#F2495C'],
      ],
    },
    {
      name: 'steps beyond max collapse',
      min: 0,
      max: 20,
      want: [
        [1, '#73BF69'],
        [1, '#FF9830'],
        [1, '#F2495C'],
      ],
    },
    {
      name: 'steps below min are skipped',
      min: 32,
      max: 42,
      want: [
        [0.3, '#FF9830'],
        [1, '#F2495C'],
      ],
    },
  ])('$name', ({ min, max, want }) => {
    const got = gaugeColorStops(steps, min, max).map(([f, c]) => [Math.round(f * 1000) / 1000, c]);
    expect(got).toEqual(want);
  });

  it('defaults to green without steps', () => {
    expect(gaugeColorStops(undefined, 0, 100)).toEqual([[1, '#73BF69']]);
  });
});
