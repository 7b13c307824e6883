import { describe, expect, it } from 'vitest';
import { PulseboardError } from '../errors';
import type { TimeGrain } from './types';
import { GRAIN_SECONDS, formatDuration, parseDuration, secondsToGrain } from './time-grains';

describe('parseDuration', () => {
  it.each([
    ['500ms', 0.5],
    ['1ms', 0.001],
    ['30s', 30],
    ['5m', 300],
    ['1h', 3600],
    ['1d', 86_400],
    ['1w', 604_800],
    ['1M', 2_592_000],
    ['1y', 31_536_000],
    ['90', 90],
    ['1.5h', 5400],
    [' 10s ', 10],
    ['PT5M', 300],
    ['PT30S', 30],
    ['PT1H', 3600],
    ['PT1H30M', 5400],
    ['P1D', 86_400],
    ['P1W', 604_800],
    ['P1M', 2_592_000],
    ['P3M', 7_776_000],
    ['P1Y', 31_536_000],
    ['P1DT12H', 129_600],
    ['PT0.5S', 0.5],
    ['pt5m', 300],
  ])('%s -> %s s', (input, seconds) => {
    expect(parseDuration(input)).toBe(seconds);
  });

  it('keeps Grafana m (minutes) and M (months) apart', () => {
    expect(parseDuration('1m')).toBe(60);
    expect(parseDuration('1M')).toBe(30 * 86_400);
  });

  it.each(['x', '5 m', 'abc', '5mm', '-5m', '0s', '0', 'P', 'PT', 'P1H', 'PTM', '5x', 'now', '1e3s', 'P1D2'])(
    'rejects %j naming it',
    (input) => {
      let err: unknown;
      try {
        parseDuration(input);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PulseboardError);
      expect((err as PulseboardError).status).toBe(400);
      expect((err as PulseboardError).message).toContain(`"${input}"`);
    },
  );

  it('rejects empty input', () => {
    expect(() => parseDuration('')).toThrow(/Invalid duration ""/);
  });

  it('shortens absurdly long input in the message', () => {
    const long = 'x'.repeat(500);
    expect(() => parseDuration(long)).toThrow(/x{64}…"/);
  });
});

describe('secondsToGrain', () => {
  it('maps every grain length back to its grain', () => {
    for (const [grain, sec] of Object.entries(GRAIN_SECONDS)) expect(secondsToGrain(sec)).toBe(grain as TimeGrain);
  });

  it.each([
    [300, 'PT5M'],
    [1, 'PT1S'],
    [86_400, 'P1D'],
    [604_800, 'P1W'],
    [43_200, 'PT12H'],
  ])('%s -> %s', (sec, grain) => {
    expect(secondsToGrain(sec)).toBe(grain);
  });

  it.each([0, 7, 420, 0.5, 120, Number.NaN])('%s has no grain', (sec) => {
    expect(secondsToGrain(sec)).toBeUndefined();
  });

  it('round-trips with parseDuration for ISO grains', () => {
    for (const grain of Object.keys(GRAIN_SECONDS)) expect(secondsToGrain(parseDuration(grain))).toBe(grain);
  });
});

describe('formatDuration', () => {
  it.each([
    [300_000, '5m'],
    [3_600_000, '1h'],
    [30_000, '30s'],
    [200, '200ms'],
    [1, '1ms'],
    [90_000, '90s'],
    [5_400_000, '90m'],
    [86_400_000, '1d'],
    [604_800_000, '7d'],
    [2_592_000_000, '30d'],
    [31_536_000_000, '1y'],
    [1500, '1500ms'],
    [0, '0ms'],
    [-5, '0ms'],
    [Number.NaN, '0ms'],
  ])('%s ms -> %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [
      1, 20, 500, 1000, 15_000, 60_000, 120_000, 900_000, 7_200_000, 43_200_000, 86_400_000, 31_536_000_000,
    ]) {
      expect(parseDuration(formatDuration(ms)) * 1000).toBe(ms);
    }
  });
});
