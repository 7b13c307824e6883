import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_SESSION_KEY, readAdminToken, writeAdminToken } from './admin-token';

function memoryStore() {
  const m = new Map<string, string>();
  return {
    map: m,
    store: () => ({
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
      removeItem: (k: string) => void m.delete(k),
    }),
  };
}

describe('admin token storage', () => {
  it('keeps the token under its session key and forgets it when emptied', () => {
    const { map, store } = memoryStore();
    expect(readAdminToken(store)).toBe('');
    writeAdminToken('s3cret', store);
    expect(map.get(ADMIN_TOKEN_SESSION_KEY)).toBe('s3cret');
    expect(readAdminToken(store)).toBe('s3cret');
    writeAdminToken('', store);
    expect(map.has(ADMIN_TOKEN_SESSION_KEY)).toBe(false);
  });

  it('reads nothing and writes nothing when storage is unavailable', () => {
    const broken = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    expect(readAdminToken(broken)).toBe('');
    expect(() => writeAdminToken('x', broken)).not.toThrow();
    // No window here, as with storage a browser refuses: the defaults fail quietly.
    expect(readAdminToken()).toBe('');
    expect(() => writeAdminToken('x')).not.toThrow();
  });
});
