import type { EngineType } from '../engine-type';

/** ISO-8601 duration grains, Superset's keys, passed verbatim to Druid TIME_FLOOR. */
export type TimeGrain =
  | 'PT1S'
  | 'PT5S'
  | 'PT10S'
  | 'PT15S'
  | 'PT30S'
  | 'PT1M'
  | 'PT5M'
  | 'PT10M'
  | 'PT15M'
  | 'PT30M'
  | 'PT1H'
  | 'PT6H'
  | 'PT12H'
  | 'P1D'
  | 'P1W'
  | 'P1M'
  | 'P3M'
  | 'P1Y';

/** Per-engine SQL rendering table: each engine is a table of templates, not a branch in shared code. */
export interface SqlDialect {
  engine: EngineType;
  /** Grain -> SQL template with `{col}` placeholder; used by `timeBucket` for calendar grains. */
  timeGrains: Partial<Record<TimeGrain, string>>;
  /** Bucket start of `col` for an arbitrary interval in seconds (`$__timeGroup(col,'7m')`), as a timestamp expression. */
  timeBucketSeconds(col: string, seconds: number): string;
  /** Bucket start of `col` for an ISO grain; throws UnsupportedGrainError for unknown grains. */
  timeBucket(col: string, grain: TimeGrain): string;
  /** SQL timestamp literal (UTC) for a Date, e.g. `TIMESTAMP '2024-01-01 00:00:00.000'`. */
  timeLiteral(d: Date): string;
  /** Quote an identifier (`"x"` or `` `x` ``), escaping the quote character. */
  quoteIdentifier(name: string): string;
  /** Quote a string value as a SQL literal, escaping per dialect (backslashes for MySQL-family). */
  quoteString(value: string): string;
  /** Positional placeholder for the i-th (0-based) parameter: `?` or `$1`. */
  placeholder(i: number): string;
  /** Epoch seconds of a timestamp column expression (for $__unixEpochGroup & friends). */
  toEpochSeconds(col: string): string;
  /**
   * The range macros (`$__timeFilter`, `$__timeFrom`, `$__timeTo`) bind the range as parameters (`?` with a Date)
   * instead of literals: Druid's typed TIMESTAMP parameters.
   */
  timeParameters?: boolean;
}
