import { afterEach, describe, expect, it } from 'vitest';
import { watchUnhandledRejections, type RejectionWatch } from './rejections';

let watch: RejectionWatch | undefined;
afterEach(() => watch?.stop());

describe('watchUnhandledRejections', () => {
  it('counts every unhandled rejection and logs each message once, with its stack', async () => {
    let counted = 0;
    const logs: string[] = [];
    watch = watchUnhandledRejections({ inc: () => counted++ }, (m) => logs.push(m));
    for (let i = 0; i < 3; i++) void Promise.reject(new Error('tick failed'));
    void Promise.reject('a plain string');
    await new Promise((r) => setTimeout(r, 20));
    expect(counted).toBe(4);
    expect(watch.count()).toBe(4);
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/unhandled promise rejection .*Error: tick failed\n\s+at /s);
    expect(logs[1]).toMatch(/a plain string/);
  });

  it('stops listening', async () => {
    let counted = 0;
    watch = watchUnhandledRejections({ inc: () => counted++ }, () => {});
    watch.stop();
    const guard = watchUnhandledRejections({ inc: () => {} }, () => {}); // keep vitest from failing on the rejection
    void Promise.reject(new Error('after stop'));
    await new Promise((r) => setTimeout(r, 20));
    guard.stop();
    expect(counted).toBe(0);
  });
});

describe('with Next', () => {
  it("takes the place of Next's own logger, which Next registers only when its shared listener is not registered", () => {
    const key = Symbol.for('next.unhandledRejectionListener');
    const shared = globalThis as Record<symbol, unknown>;
    watch = watchUnhandledRejections({ inc: () => {} }, () => {});
    expect(process.listeners('unhandledRejection')).toContain(shared[key]);
    watch.stop();
    expect(process.listeners('unhandledRejection')).not.toContain(shared[key]);
  });
});
