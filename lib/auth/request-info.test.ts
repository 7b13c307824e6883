import { describe, expect, it } from 'vitest';
import { authConfigFromEnv } from './config';
import { isOwnOrigin, originRefusal, requestInfo } from './request-info';

const cfg = authConfigFromEnv({ PULSEBOARD_TRUSTED_PROXIES: '10.0.0.2' });

describe('requestInfo', () => {
  it('believes X-Forwarded-* only from a trusted proxy', () => {
    const h = {
      host: 'pb:3000',
      'x-forwarded-for': '1.2.3.4, 10.0.0.2',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'dash.example.com',
    };
    expect(requestInfo(h, '10.0.0.2', cfg)).toEqual({ ip: '1.2.3.4', https: true, origin: 'https://dash.example.com' });
    expect(requestInfo(h, '6.6.6.6', cfg)).toEqual({ ip: '6.6.6.6', https: false, origin: 'http://pb:3000' });
  });

  it('marks https from PULSEBOARD_PUBLIC_URL', () => {
    const c = authConfigFromEnv({ PULSEBOARD_PUBLIC_URL: 'https://dash.example.com' });
    expect(requestInfo({ host: 'dash.example.com' }, '1.1.1.1', c).https).toBe(true);
  });
});

describe('the cross-site check', () => {
  const info = requestInfo({ host: '127.0.0.1:3000' }, '127.0.0.1', cfg);
  it('lets reads and same-origin writes through', () => {
    expect(originRefusal('GET', { origin: 'https://evil.example' }, info, cfg, true)).toBeUndefined();
    expect(originRefusal('POST', { origin: 'http://127.0.0.1:3000' }, info, cfg, true)).toBeUndefined();
    expect(isOwnOrigin('http://127.0.0.1:3000', info, cfg)).toBe(true);
  });

  it('refuses a write from another origin, or a cookie write with no Origin at all', () => {
    expect(originRefusal('POST', { origin: 'https://evil.example' }, info, cfg, false)).toMatch(/evil\.example/);
    expect(originRefusal('DELETE', { origin: 'http://127.0.0.1:3001' }, info, cfg, true)).toBeDefined();
    expect(originRefusal('PATCH', {}, info, cfg, true)).toMatch(/no Origin/);
    // A script with a bearer token and no Origin is not a browser: nothing to forge.
    expect(originRefusal('POST', {}, info, cfg, false)).toBeUndefined();
    expect(isOwnOrigin('null', info, cfg)).toBe(false);
  });
});

describe('the cross-site check, behind a public address', () => {
  const c = authConfigFromEnv({ HOST: '0.0.0.0' });
  const own = 'http://pb.example:3000';
  const check = (method: string, headers: Record<string, string>, cookieAuth: boolean) => {
    const all = { host: 'pb.example:3000', ...headers };
    return originRefusal(method, all, requestInfo(all, '10.0.0.9', c), c, cookieAuth);
  };

  it("refuses a cookie request that changes state without the server's own Origin", () => {
    expect(check('POST', { origin: 'http://evil.example' }, true)).toMatch(/Cross-site/);
    expect(check('DELETE', {}, true)).toMatch(/no Origin/);
    expect(check('PATCH', { origin: own }, true)).toBeUndefined();
  });

  it('lets a request authenticated by its bearer token through, whatever its Origin', () => {
    const bearer = { authorization: 'Bearer pb_x' };
    expect(check('POST', { ...bearer, origin: 'http://evil.example' }, false)).toBeUndefined();
    expect(check('PUT', bearer, false)).toBeUndefined();
  });

  it('refuses a foreign Origin on a request without credentials (a cross-site login)', () => {
    expect(check('POST', { origin: 'http://evil.example' }, false)).toMatch(/Cross-site/);
    expect(check('POST', {}, false)).toBeUndefined();
  });
});
