/**
 * Unhandled promise rejections are bugs: each is counted (`pulseboard_unhandled_rejections_total`, which the test
 * suites require to stay 0) and logged with its stack the first time its message is seen, so one that repeats
 * every tick does not flood the log. The process keeps serving.
 */
export interface RejectionWatch {
  /** Count of rejections seen. */
  count(): number;
  stop(): void;
}

const MAX_DISTINCT = 100;
const NEXT_LISTENER = Symbol.for('next.unhandledRejectionListener');

export function watchUnhandledRejections(
  counter: { inc(): void },
  log: (msg: string) => void = (m) => console.error(m),
): RejectionWatch {
  const seen = new Set<string>();
  let n = 0;
  const onRejection = (reason: unknown) => {
    n++;
    counter.inc();
    const err = reason instanceof Error ? reason : undefined;
    const message = err ? `${err.name}: ${err.message}` : String(reason);
    if (seen.has(message)) return;
    if (seen.size < MAX_DISTINCT) seen.add(message);
    const more =
      seen.size < MAX_DISTINCT
        ? 'later ones with this message are only counted'
        : 'distinct messages past 100 are not remembered';
    log(
      `[pulseboard] unhandled promise rejection (a bug; ${more} in pulseboard_unhandled_rejections_total): ${err?.stack ?? message}`,
    );
  };
  process.on('unhandledRejection', onRejection);
  // Next registers a logger of its own (one line per occurrence, so a failure repeating every tick floods the log)
  // unless the listener it shares on globalThis under this key is registered already: ours takes that place.
  const shared = globalThis as Record<symbol, unknown>;
  const before = shared[NEXT_LISTENER];
  shared[NEXT_LISTENER] = onRejection;
  return {
    count: () => n,
    stop: () => {
      process.off('unhandledRejection', onRejection);
      if (shared[NEXT_LISTENER] === onRejection) shared[NEXT_LISTENER] = before;
    },
  };
}
