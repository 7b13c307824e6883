/**
 * SQL dialect tables per engine: each grain maps to a template, rather than branches on the engine in shared code,
 * and an unknown grain throws UnsupportedGrainError (a 400), as Superset's `get_timestamp_expr` raises. Every bucket expression returns
 * the bucket start, aligned on the Unix epoch for fixed intervals (as Grafana's `$__timeGroup` does) and on
 * calendar boundaries for weeks (Monday), months, quarters and years. Sessions run in UTC.
 */
import { PulseboardError, UnsupportedGrainError } from '../errors';
import type { EngineType } from '../engine-type';
import type { SqlDialect, TimeGrain } from './types';
import { GRAIN_SECONDS } from './time-grains';

type DialectSpec = Omit<SqlDialect, 'timeBucket'>;
type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'quarter' | 'year';

/** Grains that are one calendar unit; the others are fixed multiples of seconds. */
const UNIT_GRAINS: Partial<Record<TimeGrain, Unit>> = {
  PT1S: 'second',
  PT1M: 'minute',
  PT1H: 'hour',
  P1D: 'day',
  P1W: 'week',
  P1M: 'month',
  P3M: 'quarter',
  P1Y: 'year',
};

/** Fixed-length calendar units, in seconds. */
const UNIT_SECONDS: Partial<Record<Unit, number>> = { second: 1, minute: 60, hour: 3600, day: 86_400 };

const MULTIPLE_GRAINS = (Object.keys(GRAIN_SECONDS) as TimeGrain[]).filter((g) => !UNIT_GRAINS[g]);

/** Build a grain table: calendar units from `unit`, fixed multiples from `multiple(seconds)`. */
function grainTable(
  unit: (u: Unit) => string,
  multiple: (seconds: number) => string,
): Partial<Record<TimeGrain, string>> {
  const table: Partial<Record<TimeGrain, string>> = {};
  for (const [grain, u] of Object.entries(UNIT_GRAINS)) table[grain as TimeGrain] = unit(u as Unit);
  for (const grain of MULTIPLE_GRAINS) table[grain] = multiple(GRAIN_SECONDS[grain]);
  return table;
}

function fillCol(template: string, col: string): string {
  return template.split('{col}').join(col);
}

function assertPositive(seconds: number, engine: EngineType): number {
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new PulseboardError(
      `Bucket interval must be a positive number of seconds, got ${seconds} (${engine})`,
      400,
      'bad_interval',
    );
  }
  return Math.round(seconds * 1000) / 1000;
}

function assertNoNul(value: string, what: string): string {
  if (value.includes('\0')) throw new PulseboardError(`A ${what} may not contain a NUL character`, 400, 'bad_value');
  return value;
}

/**
 * `2024-01-01 00:00:00.000` in UTC, the text form of timestamps in SQL literals and ingest. Years outside
 * 0000..9999 have no such form (`toISOString` writes `+010000-…`): they are refused with a 400, never cut.
 */
export function utcText(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new PulseboardError('Invalid date for a timestamp literal', 400, 'bad_range');
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) {
    throw new PulseboardError(
      `Time ${d.toISOString()} is outside the years 0000-9999 that SQL timestamps hold (year ${year})`,
      400,
      'bad_range',
    );
  }
  return d.toISOString().slice(0, 23).replace('T', ' ');
}

function doubleQuote(name: string): string {
  return `"${assertNoNul(name, 'identifier').replaceAll('"', '""')}"`;
}

function standardString(value: string): string {
  return `'${assertNoNul(value, 'string value').replaceAll("'", "''")}'`;
}

/** Largest of hour/minute/second that divides `seconds`, as [count, unit]; sub-second widths in milliseconds. */
function splitUnit(seconds: number): [number, string] {
  if (seconds % 3600 === 0) return [seconds / 3600, 'hour'];
  if (seconds % 60 === 0) return [seconds / 60, 'minute'];
  if (Number.isInteger(seconds)) return [seconds, 'second'];
  return [Math.round(seconds * 1000), 'millisecond'];
}

function defineDialect(spec: DialectSpec): SqlDialect {
  return {
    ...spec,
    timeBucket(col, grain) {
      const template = spec.timeGrains[grain];
      if (!template) throw new UnsupportedGrainError(grain, spec.engine);
      return fillCol(template, col);
    },
  };
}

/* ---------------- DuckDB ---------------- */

/** DuckDB's default time_bucket origin, 2000-01-03 00:00:00 UTC, in ms. */
const DUCKDB_ORIGIN_MS = 946_857_600_000;

function duckdbBucket(col: string, seconds: number): string {
  const s = assertPositive(seconds, 'duckdb');
  const [n, unit] = splitUnit(s);
  const interval = `INTERVAL '${n} ${unit}${n === 1 ? '' : 's'}'`;
  // time_bucket counts from 2000-01-03 by default; widths that don't divide that offset need an epoch origin.
  const origin = DUCKDB_ORIGIN_MS % Math.round(s * 1000) === 0 ? '' : `, TIMESTAMP '1970-01-01 00:00:00'`;
  return `time_bucket(${interval}, ${col}${origin})`;
}

const duckdbSpec: DialectSpec = {
  engine: 'duckdb',
  timeGrains: grainTable(
    (u) => `date_trunc('${u}', {col})`,
    (s) => duckdbBucket('{col}', s),
  ),
  timeBucketSeconds: duckdbBucket,
  // DuckDB TIMESTAMP columns hold naive UTC; a typed literal compares without casts.
  timeLiteral: (d) => `TIMESTAMP '${utcText(d)}'`,
  quoteIdentifier: doubleQuote,
  quoteString: standardString,
  placeholder: (i) => `$${i + 1}`,
  toEpochSeconds: (col) => `epoch(${col})`,
};

/* ---------------- MySQL / MariaDB ---------------- */

function mysqlBucket(col: string, seconds: number): string {
  const s = assertPositive(seconds, 'mysql');
  return `FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(${col})/${s})*${s})`;
}

/** Calendar grains in functions MySQL, MariaDB and StarRocks share; weeks start on Monday (WEEKDAY = 0). */
const MYSQL_CALENDAR: Partial<Record<Unit, string>> = {
  week: 'CAST(DATE_SUB(DATE({col}), INTERVAL WEEKDAY({col}) DAY) AS DATETIME)',
  month: 'CAST(DATE_SUB(DATE({col}), INTERVAL DAYOFMONTH({col}) - 1 DAY) AS DATETIME)',
  quarter: 'CAST(MAKEDATE(YEAR({col}), 1) + INTERVAL (QUARTER({col}) - 1) QUARTER AS DATETIME)',
  year: 'CAST(MAKEDATE(YEAR({col}), 1) AS DATETIME)',
};

function mysqlString(value: string): string {
  // Backslash is an escape unless NO_BACKSLASH_ESCAPES; doubled quotes are safe in both modes.
  return `'${assertNoNul(value, 'string value').replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

const mysqlSpec: DialectSpec = {
  engine: 'mysql',
  timeGrains: grainTable(
    (u) => MYSQL_CALENDAR[u] ?? mysqlBucket('{col}', UNIT_SECONDS[u] as number),
    (s) => mysqlBucket('{col}', s),
  ),
  timeBucketSeconds: mysqlBucket,
  // Sessions run with time_zone '+00:00', so a plain string compares as UTC DATETIME.
  timeLiteral: (d) => `'${utcText(d)}'`,
  quoteIdentifier: (name) => `\`${assertNoNul(name, 'identifier').replaceAll('`', '``')}\``,
  quoteString: mysqlString,
  placeholder: () => '?',
  toEpochSeconds: (col) => `UNIX_TIMESTAMP(${col})`,
};

/* ---------------- StarRocks (MySQL protocol) ---------------- */

/** Seconds from time_slice's origin 0001-01-01 to the Unix epoch (719162 days). */
const TIME_SLICE_ORIGIN_S = 62_135_596_800;

function starrocksBucket(col: string, seconds: number): string {
  const s = assertPositive(seconds, 'starrocks');
  // time_slice counts from 0001-01-01; when the width doesn't divide that offset, keep the epoch-aligned form.
  if (!Number.isInteger(s) || TIME_SLICE_ORIGIN_S % s !== 0) return mysqlBucket(col, s);
  const [n, unit] = s % 86_400 === 0 ? [s / 86_400, 'day'] : splitUnit(s);
  return `time_slice(${col}, INTERVAL ${n} ${unit})`;
}

const starrocksSpec: DialectSpec = {
  ...mysqlSpec,
  engine: 'starrocks',
  timeGrains: grainTable(
    (u) => `date_trunc('${u}', {col})`,
    (s) => starrocksBucket('{col}', s),
  ),
  timeBucketSeconds: starrocksBucket,
};

/* ---------------- Druid SQL (Calcite) ---------------- */

/** ISO-8601 period for a width: single field, never `P1W` (Monday-aligned); `PnD`/`PTnH`… align on the epoch. */
function isoPeriod(seconds: number): string {
  if (seconds % 86_400 === 0) return `P${seconds / 86_400}D`;
  const [n, unit] = splitUnit(seconds);
  const suffix = { hour: 'H', minute: 'M', second: 'S' }[unit];
  return suffix ? `PT${n}${suffix}` : `PT${seconds}S`;
}

function druidBucket(col: string, seconds: number): string {
  return `TIME_FLOOR(${col}, '${isoPeriod(assertPositive(seconds, 'druid'))}')`;
}

const druidSpec: DialectSpec = {
  engine: 'druid',
  timeGrains: Object.fromEntries(
    (Object.keys(GRAIN_SECONDS) as TimeGrain[]).map((g) => [g, `TIME_FLOOR({col}, '${g}')`]),
  ),
  timeBucketSeconds: druidBucket,
  timeLiteral: (d) => `TIMESTAMP '${utcText(d)}'`,
  timeParameters: true,
  quoteIdentifier: doubleQuote,
  quoteString: standardString,
  placeholder: () => '?',
  // Druid divides BIGINT by BIGINT as integers: whole epoch seconds.
  toEpochSeconds: (col) => `TIMESTAMP_TO_MILLIS(${col}) / 1000`,
};

/** Dialect per engine id. */
export const dialects: Readonly<Record<EngineType, SqlDialect>> = {
  duckdb: defineDialect(duckdbSpec),
  mysql: defineDialect(mysqlSpec),
  starrocks: defineDialect(starrocksSpec),
  druid: defineDialect(druidSpec),
};

/** The dialect of an engine id; throws PulseboardError(400, 'unknown_engine') for anything else. */
export function getDialect(engine: string): SqlDialect {
  if (!Object.hasOwn(dialects, engine)) {
    throw new PulseboardError(
      `Unknown engine "${engine}"; expected one of ${Object.keys(dialects).join(', ')}`,
      400,
      'unknown_engine',
    );
  }
  return dialects[engine as EngineType];
}
