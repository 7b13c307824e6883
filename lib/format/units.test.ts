import { describe, expect, it } from 'vitest';
import { formatAxisValue, formatNumber, formatValue, niceCeil, shortNumber, toNumber } from './units';

describe('formatValue', () => {
  it.each([
    { value: 21.456, unit: 'celsius', decimals: 1, want: '21.5 °C' },
    { value: 21, unit: 'celsius', decimals: undefined, want: '21 °C' },
    { value: 45.25, unit: 'percent', decimals: 0, want: '45%' },
    { value: 61.5, unit: 'humidity', decimals: 1, want: '61.5%' },
    { value: 0.25, unit: 'percentunit', decimals: undefined, want: '25%' },
    { value: 1234, unit: 'currencyUSD', decimals: undefined, want: '$1.2K' },
    { value: 12.5, unit: 'currencyUSD', decimals: 2, want: '$12.50' },
    { value: -1500, unit: 'currencyUSD', decimals: undefined, want: '-$1.5K' },
    { value: 3_400_000, unit: 'short', decimals: undefined, want: '3.4M' },
    { value: 999, unit: 'short', decimals: undefined, want: '999' },
    { value: 1234.5678, unit: undefined, decimals: 2, want: '1,234.57' },
    { value: 1234.5678, unit: 'none', decimals: undefined, want: '1,235' },
    { value: 0.12345, unit: undefined, decimals: undefined, want: '0.123' },
    { value: 12, unit: 'rpm', decimals: undefined, want: '12 rpm' },
    { value: '12.50', unit: 'celsius', decimals: 1, want: '12.5 °C' },
    { value: null, unit: 'celsius', decimals: 1, want: '-' },
    { value: 'abc', unit: undefined, decimals: undefined, want: '-' },
  ])('$value $unit (decimals $decimals) → $want', ({ value, unit, decimals, want }) => {
    expect(formatValue(value, { unit, decimals })).toBe(want);
  });
});

describe('shortNumber', () => {
  it.each([
    [0, undefined, '0'],
    [1200, undefined, '1.2K'],
    [1000, undefined, '1K'],
    [123_456, undefined, '123K'],
    [3_450_000, 2, '3.45M'],
    [7.8e9, undefined, '7.8B'],
    [2.5e12, undefined, '2.5T'],
    [-2500, undefined, '-2.5K'],
  ])('%d (%s) → %s', (value, decimals, want) => {
    expect(shortNumber(value, decimals)).toBe(want);
  });
});

describe('formatNumber / toNumber / formatAxisValue', () => {
  it.each([
    [12, undefined, '12'],
    [12.3456, undefined, '12.35'],
    [12.3, 3, '12.300'],
    [-0.0001, 0, '0'],
    [150.25, undefined, '150.3'],
  ])('formatNumber(%d, %s) → %s', (value, decimals, want) => {
    expect(formatNumber(value, decimals)).toBe(want);
  });

  it.each([
    [5, 5],
    ['5.5', 5.5],
    [null, null],
    [undefined, null],
    ['', null],
    [Number.NaN, null],
    [true, 1],
  ])('toNumber(%j) → %j', (value, want) => {
    expect(toNumber(value)).toBe(want);
  });

  it('axis values keep the unit', () => {
    expect(formatAxisValue(20, 'celsius')).toBe('20 °C');
    expect(formatAxisValue(2000, 'currencyUSD')).toBe('$2K');
  });
});

describe('niceCeil', () => {
  it.each([
    [23, 25],
    [41, 50],
    [100, 100],
    [101, 200],
    [0.37, 0.5],
    [7, 10],
    [0, 1],
    [-5, 1],
  ])('%d → %d', (value, want) => {
    expect(niceCeil(value)).toBe(want);
  });
});

describe('formatAxisValue on scaled units', () => {
  it('keeps ticks distinct', () => {
    expect([1000, 1200, 1400].map((v) => formatAxisValue(v, 'currencyUSD'))).toEqual(['$1K', '$1.2K', '$1.4K']);
  });
});
