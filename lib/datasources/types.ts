/**
 * Core contracts shared by engines, the query path and the live hub.
 * Grafana `DataFrame`/`DataQuery` meet Cube `DriverInterface` (see ../shared/STYLE.md).
 */

export type FieldType = 'time' | 'number' | 'string' | 'boolean';

/** One column of a frame. `values.length` equals the frame's `length`. */
export interface Field {
  /** Column name as returned by the engine (alias). */
  name: string;
  /** `time` values are epoch milliseconds. */
  type: FieldType;
  /** Column values; `null` for SQL NULL. Big integers that are not safe JS numbers arrive as strings. */
  values: unknown[];
  /** Optional display unit (`celsius`, `percent`, `currencyUSD`, …). */
  unit?: string;
  /** Set when some values of a numeric column had to be sent as exact decimal strings. */
  exactAsString?: boolean;
  /**
   * Time fields of `$__timeGroup` buckets: the bucket width in ms (Grafana's `field.config.interval`). Panels draw
   * the bucket that is still filling (start + interval after now) as partial.
   */
  interval?: number;
}

/** Columnar result of one target. */
export interface DataFrame {
  refId: string;
  name?: string;
  fields: Field[];
  length: number;
  /** Set when the engine returned more rows than the datasource's row cap. */
  truncated?: boolean;
}

/** Engines Pulseboard speaks. Equal to the driver `type`. */
export type EngineType = 'duckdb' | 'mysql' | 'starrocks' | 'druid';

/** ISO-8601 duration grains, Superset's keys, passed verbatim to Druid TIME_FLOOR. */
export type TimeGrain = 'PT1S' | 'PT5S' | 'PT10S' | 'PT15S' | 'PT30S' | 'PT1M' | 'PT5M' | 'PT10M' | 'PT15M' | 'PT30M' | 'PT1H' | 'PT6H' | 'PT12H' | 'P1D' | 'P1W' | 'P1M' | 'P3M' | 'P1Y';

/** Per-engine SQL rendering table. Dialects are tables, not branches (STYLE habit 1). */
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

export interface QueryOptions {
  /** Aborting cancels the query in the engine, not only the wait for it. */
  signal?: AbortSignal;
  /** Row cap; the driver stops reading past it and marks the frame truncated. */
  maxRows?: number;
}

/** One live connection/pool to an engine. */
export interface DataSourceDriver {
  type: EngineType;
  dialect: SqlDialect;
  /** Run one read-only statement and return a columnar frame (refId left empty for the caller to set). */
  query(sql: string, params?: unknown[], opts?: QueryOptions): Promise<DataFrame>;
  /** Cheap round-trip proving the engine answers (`SELECT 1`). Throws with a readable message otherwise. */
  testConnection(): Promise<void>;
  /** Release pools/instances. */
  close(): Promise<void>;
}

/** Errors that map to an HTTP status carry it; route handlers map by `status`, not instanceof (two module graphs). */
export class PulseboardError extends Error {
  constructor(message: string, readonly status: number = 400, readonly code: string = 'bad_request') {
    super(message);
    this.name = 'PulseboardError';
  }
}

export class UnsupportedGrainError extends PulseboardError {
  constructor(grain: string, engine: string) {
    super(`Time grain "${grain}" is not supported by the ${engine} dialect`, 400, 'unsupported_grain');
    this.name = 'UnsupportedGrainError';
  }
}

/** The reason an aborted query stopped: a timeout names itself (504), a caller going away is a cancel (499). */
export function abortError(signal: AbortSignal): PulseboardError {
  const reason = signal.reason as Error | undefined;
  if (reason?.name === 'TimeoutError') return new PulseboardError(reason.message, 504, 'timeout');
  return new PulseboardError('Query cancelled', 499, 'cancelled');
}
