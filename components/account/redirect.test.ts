import { describe, expect, it } from 'vitest';
import { loginHref, safeNextPath } from './redirect';

describe('safeNextPath', () => {
  it.each([
    ['/', '/'],
    ['/d/iot', '/d/iot'],
    ['/d/iot?from=now-6h&var-city=Lima#panel-2', '/d/iot?from=now-6h&var-city=Lima#panel-2'],
    ['/admin', '/admin'],
    ['/d/a%20b', '/d/a%20b'],
  ])('keeps the same-site path %s', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['d/iot'],
    ['https://evil.example/'],
    ['//evil.example/'],
    ['/\\evil.example/'],
    ['\\\\evil.example'],
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    [' /d/iot'],
    ['javascript:alert(1)'],
    ['/login'],
    ['/login?next=/admin'],
    ['/./\\evil.example'],
    ['/.//evil.example'],
    ['/a/..//evil.example'],
  ])('refuses %j and gives /', (next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it('normalises dot segments without leaving the site', () => {
    expect(safeNextPath('/a/../../b')).toBe('/b');
  });

  it('refuses a very long value', () => {
    expect(safeNextPath('/' + 'a'.repeat(3000))).toBe('/');
  });
});

describe('loginHref', () => {
  it('sends the current path and query as next', () => {
    expect(loginHref('/d/iot?from=now-1h&to=now')).toBe('/login?next=%2Fd%2Fiot%3Ffrom%3Dnow-1h%26to%3Dnow');
  });

  it('drops next for the home page', () => {
    expect(loginHref('/')).toBe('/login');
  });
});
