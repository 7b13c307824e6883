/**
 * The macros the panel editor completes and documents, each with what it renders to and an example (Grafana's SQL
 * editor lost both in its rewrite: grafana#53053, #68750). Rendering itself is `lib/sql/macros.ts`; this is the help.
 */
export interface MacroHelp {
  /** What completion inserts (call macros end in `(`, so the arguments follow). */
  name: string;
  /** How it is called. */
  usage: string;
  /** One line: what it renders to. */
  info: string;
  example: string;
}

export const MACRO_HELP: readonly MacroHelp[] = [
  {
    name: '$__timeFilter(',
    usage: '$__timeFilter(column)',
    info: 'The column within the dashboard time range (inclusive bounds).',
    example: 'WHERE $__timeFilter(ts)',
  },
  {
    name: '$__timeGroupAlias(',
    usage: "$__timeGroupAlias(column, '5m'[, fill])",
    info: 'The bucket start of each row, named "time"; fill (0, NULL or previous) fills empty buckets.',
    example: "SELECT $__timeGroupAlias(ts, '$__interval', 0), count(*) FROM sales GROUP BY 1 ORDER BY 1",
  },
  {
    name: '$__timeGroup(',
    usage: "$__timeGroup(column, '5m'[, fill])",
    info: 'The bucket start of each row (epoch-aligned), without an alias.',
    example: "SELECT $__timeGroup(ts, '1h') AS time, avg(temperature) FROM sensor_data GROUP BY 1",
  },
  {
    name: '$__timeColumn',
    usage: '$__timeColumn',
    info: "The datasource's time column (__time on Druid, ts by default).",
    example: 'WHERE $__timeFilter($__timeColumn)',
  },
  {
    name: '$__timeFrom()',
    usage: '$__timeFrom()',
    info: 'The start of the time range as a timestamp.',
    example: 'WHERE ts >= $__timeFrom()',
  },
  {
    name: '$__timeTo()',
    usage: '$__timeTo()',
    info: 'The end of the time range as a timestamp.',
    example: 'WHERE ts < $__timeTo()',
  },
  {
    name: '$__time(',
    usage: '$__time(column)',
    info: 'The column named "time" (Grafana: column AS time).',
    example: 'SELECT $__time(ts), temperature FROM sensor_data',
  },
  {
    name: '$__timeEpoch(',
    usage: '$__timeEpoch(column)',
    info: 'The column as epoch seconds, named "time".',
    example: 'SELECT $__timeEpoch(ts), amount FROM sales',
  },
  {
    name: '$__unixEpochFilter(',
    usage: '$__unixEpochFilter(column)',
    info: 'An epoch-seconds column within the time range.',
    example: 'WHERE $__unixEpochFilter(created_s)',
  },
  {
    name: '$__unixEpochGroupAlias(',
    usage: "$__unixEpochGroupAlias(column, '5m'[, fill])",
    info: 'Buckets of an epoch-seconds column, named "time".',
    example: "SELECT $__unixEpochGroupAlias(created_s, '1h'), count(*) FROM t GROUP BY 1",
  },
  {
    name: '$__unixEpochGroup(',
    usage: "$__unixEpochGroup(column, '5m'[, fill])",
    info: 'Buckets of an epoch-seconds column.',
    example: "SELECT $__unixEpochGroup(created_s, '1h') AS time, count(*) FROM t GROUP BY 1",
  },
  {
    name: '$__unixEpochFrom()',
    usage: '$__unixEpochFrom()',
    info: 'The start of the time range in epoch seconds.',
    example: 'WHERE created_s >= $__unixEpochFrom()',
  },
  {
    name: '$__unixEpochTo()',
    usage: '$__unixEpochTo()',
    info: 'The end of the time range in epoch seconds.',
    example: 'WHERE created_s <= $__unixEpochTo()',
  },
  {
    name: '$__unixEpochNanoFilter(',
    usage: '$__unixEpochNanoFilter(column)',
    info: 'An epoch-nanoseconds column within the time range.',
    example: 'WHERE $__unixEpochNanoFilter(created_ns)',
  },
  {
    name: '$__unixEpochNanoFrom()',
    usage: '$__unixEpochNanoFrom()',
    info: 'The start of the time range in epoch nanoseconds.',
    example: 'WHERE created_ns >= $__unixEpochNanoFrom()',
  },
  {
    name: '$__unixEpochNanoTo()',
    usage: '$__unixEpochNanoTo()',
    info: 'The end of the time range in epoch nanoseconds.',
    example: 'WHERE created_ns <= $__unixEpochNanoTo()',
  },
  {
    name: '$__interval',
    usage: '$__interval',
    info: 'The bucket width for this panel (range ÷ max data points, e.g. 1m).',
    example: "$__timeGroupAlias(ts, '$__interval')",
  },
  {
    name: '$__interval_ms',
    usage: '$__interval_ms',
    info: 'The bucket width in milliseconds.',
    example: 'SELECT $__interval_ms AS step_ms',
  },
  {
    name: '$__from',
    usage: '$__from',
    info: 'The start of the time range in epoch milliseconds.',
    example: 'WHERE ts_ms >= $__from',
  },
  {
    name: '$__to',
    usage: '$__to',
    info: 'The end of the time range in epoch milliseconds.',
    example: 'WHERE ts_ms <= $__to',
  },
  {
    name: '$__range',
    usage: '$__range',
    info: 'The length of the time range in seconds, with a unit (e.g. 21600s).',
    example: "SELECT '$__range' AS span",
  },
  {
    name: '$__range_ms',
    usage: '$__range_ms',
    info: 'The length of the time range in milliseconds.',
    example: 'SELECT count(*) * 1000.0 / $__range_ms AS per_second FROM sales WHERE $__timeFilter(ts)',
  },
  {
    name: '$__range_s',
    usage: '$__range_s',
    info: 'The length of the time range in seconds.',
    example: 'SELECT count(*) / $__range_s AS per_second FROM sales WHERE $__timeFilter(ts)',
  },
];

/** The CodeMirror language mode of an engine: DuckDB reads like PostgreSQL, StarRocks like MySQL, Druid like Calcite's standard SQL. */
export function sqlModeOf(type: string | undefined): 'postgres' | 'mysql' | 'standard' {
  if (type === 'mysql' || type === 'starrocks') return 'mysql';
  if (type === 'druid') return 'standard';
  return 'postgres';
}

/**
 * Where a 1-based `{line, column}` falls in `text`, as a `[from, to)` character range covering the word there (at
 * least one character); positions beyond the text are clamped to its end.
 */
export function markerRange(text: string, pos: { line: number; column?: number }): { from: number; to: number } {
  const lines = text.split('\n');
  const lineIndex = Math.min(Math.max(1, pos.line), lines.length) - 1;
  let start = 0;
  for (let i = 0; i < lineIndex; i++) start += lines[i].length + 1;
  const line = lines[lineIndex];
  const end = (to: number) => Math.min(to, text.length);
  if (pos.column === undefined) return { from: start, to: end(start + Math.max(1, line.length)) };
  const col = Math.min(Math.max(1, pos.column), Math.max(1, line.length)) - 1;
  const word = /^[\w$.]+/.exec(line.slice(col));
  const from = Math.min(start + col, text.length);
  return { from, to: end(from + Math.max(1, word?.[0].length ?? 1)) };
}
