import { describe, expect, it } from 'vitest';
import {
  describeRange,
  formatDateTime,
  fromDateTimeLocal,
  isRelativeTime,
  parseAbsoluteRange,
  parseIntervalMs,
  relativeLabel,
  resolveRange,
  resolveTime,
  toDateTimeLocal,
} from './time';

const NOW = new Date(2024, 2, 5, 14, 7, 9, 500).getTime();

describe('resolveTime', () => {
  it.each([
    { raw: 'now', roundUp: false, want: NOW },
    { raw: 'now-5m', roundUp: false, want: NOW - 5 * 60_000 },
    { raw: 'now-6h', roundUp: false, want: NOW - 6 * 3_600_000 },
    { raw: 'now+1d', roundUp: false, want: NOW + 86_400_000 },
    { raw: 'now-1M', roundUp: false, want: new Date(2024, 1, 5, 14, 7, 9, 500).getTime() },
    { raw: 'now/d', roundUp: false, want: new Date(2024, 2, 5).getTime() },
    { raw: 'now/d', roundUp: true, want: new Date(2024, 2, 6).getTime() - 1 },
    { raw: 'now-1d/d', roundUp: false, want: new Date(2024, 2, 4).getTime() },
    { raw: 'now/h', roundUp: false, want: new Date(2024, 2, 5, 14).getTime() },
    { raw: '1700000000000', roundUp: false, want: 1_700_000_000_000 },
    { raw: '2024-01-01T00:00:00Z', roundUp: false, want: Date.UTC(2024, 0, 1) },
    { raw: 'yesterday', roundUp: false, want: undefined },
    { raw: 'now-5x', roundUp: false, want: undefined },
  ])('$raw (roundUp $roundUp)', ({ raw, roundUp, want }) => {
    expect(resolveTime(raw, NOW, roundUp)).toBe(want);
  });

  it('resolves a range, undefined when a bound is bad', () => {
    expect(resolveRange({ from: 'now-1h', to: 'now' }, NOW)).toEqual({ from: NOW - 3_600_000, to: NOW });
    expect(resolveRange({ from: 'bad', to: 'now' }, NOW)).toBeUndefined();
  });

  it.each([
    ['now', true],
    ['now-15m', true],
    ['now/d', true],
    ['1700000000000', false],
    ['nowish', false],
  ])('isRelativeTime(%s) = %s', (raw, want) => {
    expect(isRelativeTime(raw)).toBe(want);
  });
});

describe('labels', () => {
  it.each([
    ['now-5m', 'Last 5 minutes'],
    ['now-1h', 'Last 1 hour'],
    ['now-24h', 'Last 24 hours'],
    ['now-2d', 'Last 2 days'],
    ['now-7d', 'Last 7 days'],
    ['now/d', undefined],
  ])('relativeLabel(%s) = %s', (raw, want) => {
    expect(relativeLabel(raw)).toBe(want);
  });

  it.each([
    [{ from: 'now-6h', to: 'now' }, 'Last 6 hours'],
    [{ from: 'now/d', to: 'now/d' }, 'now/d to now/d'],
    [
      { from: String(new Date(2024, 0, 2, 3, 4, 5).getTime()), to: String(new Date(2024, 0, 2, 4, 4, 5).getTime()) },
      '2024-01-02 03:04:05 to 04:04:05',
    ],
    [
      { from: String(new Date(2024, 0, 2, 3, 4, 5).getTime()), to: String(new Date(2024, 0, 3, 4, 4, 5).getTime()) },
      '2024-01-02 03:04:05 to 2024-01-03 04:04:05',
    ],
    [{ from: String(new Date(2024, 0, 2, 3, 4, 5).getTime()), to: 'now' }, '2024-01-02 03:04:05 to now'],
  ])('describeRange(%j) = %s', (range, want) => {
    expect(describeRange(range)).toBe(want);
  });
});

describe('datetime-local', () => {
  it('round-trips local time', () => {
    const ms = new Date(2024, 0, 2, 3, 4, 5).getTime();
    expect(toDateTimeLocal(ms)).toBe('2024-01-02T03:04:05');
    expect(fromDateTimeLocal('2024-01-02T03:04:05')).toBe(ms);
    expect(formatDateTime(ms)).toBe('2024-01-02 03:04:05');
  });

  it.each([
    ['2024-01-02T03:04', new Date(2024, 0, 2, 3, 4).getTime()],
    ['2024-01-02T03:04:05.250', new Date(2024, 0, 2, 3, 4, 5, 250).getTime()],
    ['', undefined],
    ['2024-02-30T00:00', undefined],
    ['2024-01-02', undefined],
    ['garbage', undefined],
  ])('fromDateTimeLocal(%j) = %j', (value, want) => {
    expect(fromDateTimeLocal(value)).toBe(want);
  });
});

describe('parseIntervalMs', () => {
  it.each([
    ['5s', 5000],
    ['1m', 60_000],
    ['2h', 7_200_000],
    ['250ms', 250],
    ['', undefined],
    ['off', undefined],
    ['live', undefined],
    ['0s', undefined],
    [undefined, undefined],
  ])('%j → %j', (raw, want) => {
    expect(parseIntervalMs(raw)).toBe(want);
  });
});

describe('parseAbsoluteRange', () => {
  const a = '2024-01-02T03:04:05';
  const b = '2024-01-02T04:04:05';
  it.each([
    {
      from: a,
      to: b,
      want: {
        from: String(new Date(2024, 0, 2, 3, 4, 5).getTime()),
        to: String(new Date(2024, 0, 2, 4, 4, 5).getTime()),
      },
    },
    { from: '', to: b, want: { error: 'Enter a valid "From" date and time.' } },
    { from: a, to: 'x', want: { error: 'Enter a valid "To" date and time.' } },
    { from: b, to: a, want: { error: '"From" must be before "To".' } },
    { from: a, to: a, want: { error: '"From" must be before "To".' } },
  ])('$from .. $to', ({ from, to, want }) => {
    expect(parseAbsoluteRange(from, to)).toEqual(want);
  });
});
