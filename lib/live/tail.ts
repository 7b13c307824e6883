import { parseDuration } from '../sql/time-grains';
import type { PreparedTarget } from '../query/prepare';

/**
 * How a live tick refreshes a target:
 * - `bucket`: `$__timeGroup` buckets of a known size; re-query from the start of the newest (still-filling) bucket.
 * - `raw`: un-grouped rows filtered by `$__timeFilter`; re-query from the newest row.
 * - `full`: anything else (aggregates over the whole range, hand-written grouping): re-run the whole query.
 */
export type TailMode = { kind: 'bucket'; bucketMs: number } | { kind: 'raw' } | { kind: 'full' };

const TIME_GROUP = /\$__timeGroup(?:Alias)?\(\s*(?:[^,()]|\([^()]*\))+,\s*(['"]?)([^'",)\s]+)\1/i;

export function tailModeOf(t: PreparedTarget, intervalMs: number): TailMode {
  if (t.format === 'table') return { kind: 'full' };
  const m = TIME_GROUP.exec(t.sql);
  if (m) {
    const arg = m[2];
    const ms = arg === '$__interval' ? intervalMs : arg === '$__interval_ms' ? intervalMs : parseDuration(arg) * 1000;
    return { kind: 'bucket', bucketMs: ms };
  }
  if (/\$__(timeFilter|unixEpochFilter)\(/i.test(t.sql) && !/\bgroup\s+by\b/i.test(t.sql)) return { kind: 'raw' };
  return { kind: 'full' };
}

/** Start of the window a tick re-reads: the newest bucket (or row), widened by the late-row overlap. */
export function tailStart(mode: TailMode, newest: number, overlapMs: number): number {
  if (mode.kind === 'bucket') return Math.floor((newest - overlapMs) / mode.bucketMs) * mode.bucketMs;
  return newest - overlapMs;
}
