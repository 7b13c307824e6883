import { describe, expect, it } from 'vitest';
import { PulseboardError } from '../errors';
import { calculateInterval, parseTimeExpr, resolveTimeRange } from './time-range';

/** Wednesday 2024-03-13 14:37:25.123 UTC. */
const NOW = new Date('2024-03-13T14:37:25.123Z');
const iso = (d: Date) => d.toISOString();

describe('parseTimeExpr', () => {
  it.each([
    ['now', '2024-03-13T14:37:25.123Z'],
    ['now-6h', '2024-03-13T08:37:25.123Z'],
    ['now+5m', '2024-03-13T14:42:25.123Z'],
    ['now-30s', '2024-03-13T14:36:55.123Z'],
    ['now-h', '2024-03-13T13:37:25.123Z'],
    ['now-7d', '2024-03-06T14:37:25.123Z'],
    ['now-2w', '2024-02-28T14:37:25.123Z'],
    ['now-1M', '2024-02-13T14:37:25.123Z'],
    ['now-1Q', '2023-12-13T14:37:25.123Z'],
    ['now-1y', '2023-03-13T14:37:25.123Z'],
    ['now/d', '2024-03-13T00:00:00.000Z'],
    ['now/h', '2024-03-13T14:00:00.000Z'],
    ['now/m', '2024-03-13T14:37:00.000Z'],
    ['now/s', '2024-03-13T14:37:25.000Z'],
    ['now/w', '2024-03-11T00:00:00.000Z'],
    ['now/M', '2024-03-01T00:00:00.000Z'],
    ['now/Q', '2024-01-01T00:00:00.000Z'],
    ['now/y', '2024-01-01T00:00:00.000Z'],
    ['now-1d/d', '2024-03-12T00:00:00.000Z'],
    ['now-1d/d+8h', '2024-03-12T08:00:00.000Z'],
    ['  now-5m  ', '2024-03-13T14:32:25.123Z'],
  ])('%s -> %s', (expr, expected) => {
    expect(iso(parseTimeExpr(expr, NOW))).toBe(expected);
  });

  it.each([
    ['now/d', '2024-03-13T23:59:59.999Z'],
    ['now-1d/d', '2024-03-12T23:59:59.999Z'],
    ['now/w', '2024-03-17T23:59:59.999Z'],
    ['now/M', '2024-03-31T23:59:59.999Z'],
    ['now/Q', '2024-03-31T23:59:59.999Z'],
    ['now/y', '2024-12-31T23:59:59.999Z'],
    ['now/h', '2024-03-13T14:59:59.999Z'],
    ['now', '2024-03-13T14:37:25.123Z'],
  ])('rounds up %s -> %s', (expr, expected) => {
    expect(iso(parseTimeExpr(expr, NOW, true))).toBe(expected);
  });

  it('clamps month arithmetic to the end of the month', () => {
    const jan31 = new Date('2024-01-31T10:00:00Z');
    expect(iso(parseTimeExpr('now+1M', jan31))).toBe('2024-02-29T10:00:00.000Z');
    expect(iso(parseTimeExpr('now-1y', new Date('2024-02-29T00:00:00Z')))).toBe('2023-02-28T00:00:00.000Z');
  });

  it('weeks start on Monday, also from a Sunday', () => {
    const sunday = new Date('2024-03-17T23:00:00Z');
    expect(iso(parseTimeExpr('now/w', sunday))).toBe('2024-03-11T00:00:00.000Z');
  });

  it.each([
    ['1704067200000', '2024-01-01T00:00:00.000Z'],
    ['0', '1970-01-01T00:00:00.000Z'],
    ['2024-01-01', '2024-01-01T00:00:00.000Z'],
    ['2024-01-01T10:20:30Z', '2024-01-01T10:20:30.000Z'],
    ['2024-01-01T10:20:30.5Z', '2024-01-01T10:20:30.500Z'],
    ['2024-01-01T10:20:30.123456Z', '2024-01-01T10:20:30.123Z'],
    ['2024-01-01T10:20', '2024-01-01T10:20:00.000Z'],
    ['2024-01-01 10:20:30', '2024-01-01T10:20:30.000Z'],
    ['2024-01-01T10:20:30+02:00', '2024-01-01T08:20:30.000Z'],
    ['2024-01-01T10:20:30-0530', '2024-01-01T15:50:30.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2024-01-01||+1d', '2024-01-02T00:00:00.000Z'],
    ['2024-01-01T10:00:00Z||/d', '2024-01-01T00:00:00.000Z'],
  ])('absolute %s -> %s', (expr, expected) => {
    expect(iso(parseTimeExpr(expr, NOW))).toBe(expected);
  });

  it.each([
    '',
    'yesterday',
    'now-',
    'now-5',
    'now-5x',
    'now/5d',
    'now-1d/',
    'nowx',
    'now -1h',
    '2024-13-01',
    '2023-02-29',
    '2024-01-32',
    '2024-01-01T25:00:00Z',
    '2024/01/01',
    '-1000',
    '1e12',
    '99999999999999999',
    '2024-01-01||+1x',
  ])('rejects %j with bad_range', (expr) => {
    let err: unknown;
    try {
      parseTimeExpr(expr, NOW);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PulseboardError);
    expect(err).toMatchObject({ status: 400, code: 'bad_range' });
    expect((err as Error).message).toContain(`"${expr.trim()}"`);
  });
});

describe('resolveTimeRange', () => {
  it('resolves relative ranges against now', () => {
    const r = resolveTimeRange({ from: 'now-6h', to: 'now' }, NOW);
    expect(iso(r.from)).toBe('2024-03-13T08:37:25.123Z');
    expect(iso(r.to)).toBe('2024-03-13T14:37:25.123Z');
  });

  it('rounds the to side up: yesterday is a whole day', () => {
    const r = resolveTimeRange({ from: 'now-1d/d', to: 'now-1d/d' }, NOW);
    expect(iso(r.from)).toBe('2024-03-12T00:00:00.000Z');
    expect(iso(r.to)).toBe('2024-03-12T23:59:59.999Z');
  });

  it('accepts epoch ms and ISO', () => {
    const r = resolveTimeRange({ from: '1704067200000', to: '2024-01-02T00:00:00Z' }, NOW);
    expect(r.to.getTime() - r.from.getTime()).toBe(86_400_000);
  });

  it('defaults now to the current time', () => {
    const before = Date.now();
    const r = resolveTimeRange({ from: 'now-1h', to: 'now' });
    expect(r.to.getTime()).toBeGreaterThanOrEqual(before);
  });

  it.each([
    [{ from: 'now', to: 'now-1h' }, /must be before its end/],
    [{ from: 'now', to: 'now' }, /must be before its end/],
    [{ from: 'now-6y', to: 'now' }, /longer than 5 years/],
    [{ from: '2000-01-01', to: '2024-01-01' }, /longer than 5 years/],
    [{ from: 'soon', to: 'now' }, /Invalid time "soon"/],
    [{ from: 'now-1h', to: 'later' }, /Invalid time "later"/],
  ])('rejects %j', (raw, message) => {
    expect(() => resolveTimeRange(raw, NOW)).toThrow(message);
    try {
      resolveTimeRange(raw, NOW);
    } catch (e) {
      expect(e).toMatchObject({ status: 400, code: 'bad_range' });
    }
  });

  it('allows exactly 5 years', () => {
    expect(() => resolveTimeRange({ from: '2019-01-01', to: '2024-01-01' }, NOW)).not.toThrow();
    expect(() => resolveTimeRange({ from: 'now-5y', to: 'now' }, NOW)).not.toThrow();
  });
});

describe('calculateInterval', () => {
  const H = 3_600_000;
  it.each([
    [6 * H, 1000, 20_000, '20s'],
    [H, 1000, 5000, '5s'],
    [5 * 60_000, 1000, 200, '200ms'],
    [10 * 60_000, 1000, 500, '500ms'],
    [24 * H, 1000, 60_000, '1m'],
    [24 * H, 100, 900_000, '15m'],
    [7 * 24 * H, 1000, 600_000, '10m'],
    [30 * 24 * H, 1000, 1_800_000, '30m'],
    [365 * 24 * H, 1000, 6 * H, '6h'],
    [5 * 365 * 24 * H, 1000, 86_400_000, '1d'],
    [5 * 365 * 24 * H, 10, 31_536_000_000, '1y'],
    [1000, 1000, 1, '1ms'],
    [3000, 1000, 2, '2ms'],
    [10, 1000, 1, '1ms'],
  ])('range %s ms / %s points -> %s ms (%s)', (range, points, intervalMs, interval) => {
    expect(calculateInterval(range, points)).toEqual({ intervalMs, interval });
  });

  it('never goes below minInterval', () => {
    expect(calculateInterval(H, 1000, '1m')).toEqual({ intervalMs: 60_000, interval: '1m' });
    expect(calculateInterval(H, 1000, '10s')).toEqual({ intervalMs: 10_000, interval: '10s' });
    expect(calculateInterval(H, 1000, 'PT30S')).toEqual({ intervalMs: 30_000, interval: '30s' });
    expect(calculateInterval(24 * H, 10, '1m')).toEqual({ intervalMs: 2 * H, interval: '2h' });
  });

  it('is at least 1ms for degenerate input', () => {
    expect(calculateInterval(0, 1000).intervalMs).toBe(1);
    expect(calculateInterval(-5, 0).intervalMs).toBe(1);
    expect(calculateInterval(H, Number.NaN).intervalMs).toBe(H);
  });

  it('rejects a malformed minInterval', () => {
    expect(() => calculateInterval(H, 100, 'fast')).toThrow(PulseboardError);
  });
});
