import { describe, expect, it } from 'vitest';
import {
  EXPIRY_OPTIONS,
  curlExample,
  formatDetail,
  formatTime,
  newPasswordProblem,
  secondsToLive,
  tokenStatus,
} from './format';

describe('secondsToLive', () => {
  it.each([
    ['never', undefined],
    ['1d', 86_400],
    ['30d', 2_592_000],
    ['90d', 7_776_000],
    ['1y', 31_536_000],
    ['unknown', undefined],
  ])('%s → %s', (id, seconds) => {
    expect(secondsToLive(id)).toBe(seconds);
  });

  it('offers Never first and stays within the server limit of ten years', () => {
    expect(EXPIRY_OPTIONS.map((o) => o.label)).toEqual(['Never', '1 day', '30 days', '90 days', '1 year']);
    for (const o of EXPIRY_OPTIONS) if (o.seconds !== undefined) expect(o.seconds).toBeLessThanOrEqual(315_360_000);
  });
});

describe('tokenStatus', () => {
  const now = 1_700_000_000_000;
  it.each([
    [{ expiresAt: null, revokedAt: null }, 'active'],
    [{ expiresAt: now + 1, revokedAt: null }, 'active'],
    [{ expiresAt: now, revokedAt: null }, 'expired'],
    [{ expiresAt: now - 1, revokedAt: now - 5 }, 'revoked'],
    [{ expiresAt: null, revokedAt: now - 5 }, 'revoked'],
  ])('%j is %s', (t, status) => {
    expect(tokenStatus(t, now)).toBe(status);
  });
});

describe('formatTime', () => {
  it('says Never (or the fallback) without a time', () => {
    expect(formatTime(null)).toBe('Never');
    expect(formatTime(undefined, '—')).toBe('—');
    expect(formatTime(Number.NaN)).toBe('Never');
  });

  it('shows a time in local time', () => {
    const ms = Date.UTC(2024, 0, 2, 3, 4, 5);
    expect(formatTime(ms)).toBe(new Date(ms).toLocaleString());
  });
});

describe('formatDetail', () => {
  it('is compact JSON, empty for no details', () => {
    expect(formatDetail({ role: 'admin', failures: 3 })).toBe('{"role":"admin","failures":3}');
    expect(formatDetail({})).toBe('');
    expect(formatDetail(null)).toBe('');
  });
});

describe('curlExample', () => {
  it('sends the token as a Bearer header to the dashboards API', () => {
    expect(curlExample('https://pb.example/', 'pb_abc')).toBe(
      'curl -H "Authorization: Bearer pb_abc" https://pb.example/api/dashboards',
    );
  });
});

describe('newPasswordProblem', () => {
  it('wants eight characters and the same password twice', () => {
    expect(newPasswordProblem('short', 'short')).toMatch(/at least 8/);
    expect(newPasswordProblem('long enough', 'long enougH')).toMatch(/do not match/);
    expect(newPasswordProblem('long enough', 'long enough')).toBeNull();
    expect(newPasswordProblem('12345678')).toBeNull();
  });
});
