import { setTimeout as sleep } from 'node:timers/promises';

/** Poll `probe` every 500 ms until it returns a value other than undefined (usable in hooks, unlike expect.poll). */
export async function eventually<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s (${String(last ?? '')})`);
    await sleep(500);
  }
}
