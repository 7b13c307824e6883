import { describe, expect, it } from 'vitest';
import { authConfigFromEnv } from './config';
import { originRefusal, requestInfo } from './request-info';

const cfg = authConfigFromEnv({ HOST: '0.0.0.0' });
const own = 'http://pb.example:3000';

function check(method: string, headers: Record<string, string>, cookieAuth: boolean) {
  const all = { host: 'pb.example:3000', ...headers };
  return originRefusal(method, all, requestInfo(all, '10.0.0.9', cfg), cfg, cookieAuth);
}

describe('the cross-site check', () => {
  it('lets reads through whatever their Origin', () => {
    expect(check('GET', { origin: 'http://evil.example' }, true)).toBeUndefined();
  });

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
