import type { PreparedTarget, TimeWindow } from '../query/prepare';
import { LEX_PROFILES, isTrivia, tokenize } from '../sql/sql-lexer';

/**
 * How a live tick refreshes a target:
 * - `bucket`: `$__timeGroup` buckets of a known width, the range bounded by `$__timeFilter`/`$__timeFrom()`: re-read
 *   whole buckets from the lateness horizon on; drop the buckets the moving range start leaves behind. `filled`
 *   when the macro fills missing buckets (0 or NULL): only a wide frame (one series) can then be read in parts,
 *   since a part read fills only the series that have rows in it.
 * - `raw`: un-aggregated rows bounded by the range: re-read rows from the lateness horizon on.
 * - `full`: anything else (aggregates over the whole range, LIMIT, window functions…): re-run the whole query.
 */
export type TailMode = { kind: 'bucket'; bucketMs: number; filled?: boolean } | { kind: 'raw' } | { kind: 'full' };

/** Words with which a row's value depends on rows outside a narrower window, or the rows returned do (LIMIT). */
// prettier-ignore
const WHOLE_RANGE_WORDS = new Set(['limit', 'offset', 'fetch', 'top', 'over', 'qualify', 'union', 'intersect', 'except', 'sample']);
/** Words that aggregate rows: a raw-row read of a narrower window would aggregate fewer rows. */
const AGGREGATING_WORDS = new Set(['group', 'distinct', 'having']);
/** Aggregate functions across the engines (a call is the word followed by `(`). */
// prettier-ignore
const AGGREGATES = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'any_value', 'arbitrary', 'first', 'last', 'earliest', 'latest', 'earliest_by', 'latest_by',
  'arg_min', 'arg_max', 'argmin', 'argmax', 'min_by', 'max_by', 'median', 'mode', 'quantile', 'quantile_cont', 'quantile_disc',
  'percentile', 'percentile_cont', 'percentile_disc', 'percentile_approx', 'approx_percentile', 'approx_quantile',
  'approx_count_distinct', 'approx_count_distinct_ds_hll', 'approx_count_distinct_ds_theta', 'ndv', 'hll_union_agg',
  'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp', 'corr', 'covar_pop', 'covar_samp',
  'string_agg', 'group_concat', 'listagg', 'array_agg', 'list', 'histogram', 'bit_and', 'bit_or', 'bit_xor', 'bool_and', 'bool_or',
  'ds_hll', 'ds_theta', 'ds_quantiles_sketch', 'array_concat_agg', 'json_arrayagg', 'json_objectagg', 'entropy', 'kurtosis', 'skewness',
]);

/** Lower-cased code words of `sql`, each flagged when it is a call (directly followed by `(`). */
function codeWords(t: PreparedTarget): { word: string; call: boolean }[] {
  const toks = tokenize(t.sql, LEX_PROFILES[t.datasource.driver.type]).filter((x) => !isTrivia(x));
  return toks.flatMap((x, i) =>
    x.kind === 'word' ? [{ word: x.text.toLowerCase(), call: toks[i + 1]?.text === '(' }] : [],
  );
}

/**
 * The refresh mode of a target, from what its macros rendered (bucket width, range-bounded) and the words of its
 * SQL. Table-format targets keep their whole answer (often sorted by a value), so they re-run whole.
 */
export function tailModeOf(t: PreparedTarget, window: TimeWindow): TailMode {
  if (t.format === 'table') return { kind: 'full' };
  const rendered = t.render(window);
  if (!rendered.timeBounded) return { kind: 'full' };
  const words = codeWords(t);
  if (words.some((w) => WHOLE_RANGE_WORDS.has(w.word))) return { kind: 'full' };
  // Filling with the previous value reaches back before any part read: only the whole range fills it right.
  if (rendered.fill?.mode === 'previous') return { kind: 'full' };
  if (rendered.bucketMs)
    return { kind: 'bucket', bucketMs: rendered.bucketMs, ...(rendered.fill ? { filled: true } : {}) };
  if (words.some((w) => AGGREGATING_WORDS.has(w.word) || (w.call && AGGREGATES.has(w.word)))) return { kind: 'full' };
  return { kind: 'raw' };
}

/**
 * One read of a tick: query the target over `[from, to]`, keep the rows with `lo <= time < hi` (an absent bound is
 * open) and make them the frame's rows in that range. `query: false` reads nothing: the range simply empties
 * (rows that fell out of a moving range).
 */
export interface TailRead {
  from: number;
  to: number;
  lo?: number;
  hi?: number;
  query: boolean;
}

export interface TailPlanInput {
  mode: Exclude<TailMode, { kind: 'full' }>;
  /** The tick's window (`to` is `now` rounded up to the second) and the instant it was resolved at. */
  from: number;
  to: number;
  now: number;
  /** Newest time in the frame held now, if any. */
  newest?: number;
  /** How late rows may arrive and still be read by the next tick (`PULSEBOARD_LIVE_LATENESS`). */
  latenessMs: number;
  /** The range start moves (`from` is relative to now) and has moved since rows before it were last dropped. */
  headMoved: boolean;
}

/**
 * What a tick reads, like a stream processor's watermark: everything from `min(newest row or bucket, now − lateness)`
 * on, aligned down to the bucket, replaces what the frame holds there, so rows written late, or committed after the
 * tick that covered their time, are read again until the lateness horizon passes them. When the range start moves,
 * what fell out of the range is dropped without a query: a bucketed query reads its first bucket whole (the macros
 * align the range start down to the bucket), so the first bucket left in the range is unchanged. Nothing between
 * the range start and the horizon is read: rows later than the lateness are the reconciliation's (a whole re-read
 * at a slower cadence).
 */
export function planTail(p: TailPlanInput): TailRead[] {
  const b = p.mode.kind === 'bucket' ? p.mode.bucketMs : 0;
  const align = (t: number) => (b ? Math.floor(t / b) * b : t);
  const anchor = Math.min(p.to, p.now);
  const horizon = align(Math.min(p.newest ?? anchor, anchor - p.latenessMs));
  const start = align(p.from);
  if (horizon <= start) return [{ from: p.from, to: p.to, query: true }];
  const reads: TailRead[] = [{ from: horizon, to: p.to, lo: horizon, query: true }];
  if (p.headMoved) reads.push({ from: start, to: start, hi: start, query: false });
  return reads;
}
