/**
 * Query results as columnar frames, shared by engines, the query path, the live hub and the browser
 * (Grafana's `DataFrame`: fields of equal length, time as epoch milliseconds).
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
