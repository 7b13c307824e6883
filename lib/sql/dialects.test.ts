import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PulseboardError, UnsupportedGrainError } from '../errors';
import type { EngineType } from '../engine-type';
import type { TimeGrain } from './types';
import { dialects, getDialect } from './dialects';
import { GRAIN_SECONDS } from './time-grains';

const ALL_GRAINS = Object.keys(GRAIN_SECONDS) as TimeGrain[];
const ENGINES = Object.keys(dialects) as EngineType[];

/** Expected bucket SQL per engine and grain, for a column `ts` (like Superset's test_druid.py tables). */
const GRAIN_SQL: Record<EngineType, Record<TimeGrain, string>> = {
  duckdb: {
    PT1S: "date_trunc('second', ts)",
    PT5S: "time_bucket(INTERVAL '5 seconds', ts)",
    PT10S: "time_bucket(INTERVAL '10 seconds', ts)",
    PT15S: "time_bucket(INTERVAL '15 seconds', ts)",
    PT30S: "time_bucket(INTERVAL '30 seconds', ts)",
    PT1M: "date_trunc('minute', ts)",
    PT5M: "time_bucket(INTERVAL '5 minutes', ts)",
    PT10M: "time_bucket(INTERVAL '10 minutes', ts)",
    PT15M: "time_bucket(INTERVAL '15 minutes', ts)",
    PT30M: "time_bucket(INTERVAL '30 minutes', ts)",
    PT1H: "date_trunc('hour', ts)",
    PT6H: "time_bucket(INTERVAL '6 hours', ts)",
    PT12H: "time_bucket(INTERVAL '12 hours', ts)",
    P1D: "date_trunc('day', ts)",
    P1W: "date_trunc('week', ts)",
    P1M: "date_trunc('month', ts)",
    P3M: "date_trunc('quarter', ts)",
    P1Y: "date_trunc('year', ts)",
  },
  mysql: {
    PT1S: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/1)*1)',
    PT5S: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/5)*5)',
    PT10S: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/10)*10)',
    PT15S: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/15)*15)',
    PT30S: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/30)*30)',
    PT1M: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/60)*60)',
    PT5M: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/300)*300)',
    PT10M: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/600)*600)',
    PT15M: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/900)*900)',
    PT30M: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/1800)*1800)',
    PT1H: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/3600)*3600)',
    PT6H: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/21600)*21600)',
    PT12H: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/43200)*43200)',
    P1D: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/86400)*86400)',
    P1W: 'CAST(DATE_SUB(DATE(ts), INTERVAL WEEKDAY(ts) DAY) AS DATETIME)',
    P1M: 'CAST(DATE_SUB(DATE(ts), INTERVAL DAYOFMONTH(ts) - 1 DAY) AS DATETIME)',
    P3M: 'CAST(MAKEDATE(YEAR(ts), 1) + INTERVAL (QUARTER(ts) - 1) QUARTER AS DATETIME)',
    P1Y: 'CAST(MAKEDATE(YEAR(ts), 1) AS DATETIME)',
  },
  starrocks: {
    PT1S: "date_trunc('second', ts)",
    PT5S: 'time_slice(ts, INTERVAL 5 second)',
    PT10S: 'time_slice(ts, INTERVAL 10 second)',
    PT15S: 'time_slice(ts, INTERVAL 15 second)',
    PT30S: 'time_slice(ts, INTERVAL 30 second)',
    PT1M: "date_trunc('minute', ts)",
    PT5M: 'time_slice(ts, INTERVAL 5 minute)',
    PT10M: 'time_slice(ts, INTERVAL 10 minute)',
    PT15M: 'time_slice(ts, INTERVAL 15 minute)',
    PT30M: 'time_slice(ts, INTERVAL 30 minute)',
    PT1H: "date_trunc('hour', ts)",
    PT6H: 'time_slice(ts, INTERVAL 6 hour)',
    PT12H: 'time_slice(ts, INTERVAL 12 hour)',
    P1D: "date_trunc('day', ts)",
    P1W: "date_trunc('week', ts)",
    P1M: "date_trunc('month', ts)",
    P3M: "date_trunc('quarter', ts)",
    P1Y: "date_trunc('year', ts)",
  },
  druid: Object.fromEntries(ALL_GRAINS.map((g) => [g, `TIME_FLOOR(ts, '${g}')`])) as Record<TimeGrain, string>,
};

const GRAIN_CASES = ENGINES.flatMap((engine) =>
  ALL_GRAINS.map((grain) => [engine, grain, GRAIN_SQL[engine][grain]] as const),
);

describe('timeBucket: grain -> SQL', () => {
  it.each(GRAIN_CASES)('%s %s -> %s', (engine, grain, sql) => {
    expect(dialects[engine].timeBucket('ts', grain)).toBe(sql);
  });

  it.each(ENGINES)('%s covers every TimeGrain', (engine) => {
    expect(Object.keys(dialects[engine].timeGrains).sort()).toEqual([...ALL_GRAINS].sort());
  });

  it.each(ENGINES)('%s throws UnsupportedGrainError for unknown grains', (engine) => {
    const bad = 'PT2M' as TimeGrain;
    expect(() => dialects[engine].timeBucket('ts', bad)).toThrow(UnsupportedGrainError);
    try {
      dialects[engine].timeBucket('ts', bad);
    } catch (e) {
      expect((e as PulseboardError).status).toBe(400);
      expect((e as PulseboardError).message).toContain(engine);
    }
  });

  it('substitutes every {col} and leaves $-patterns in the column alone', () => {
    expect(dialects.mysql.timeBucket('a.`$&x`', 'P1W')).toBe(
      'CAST(DATE_SUB(DATE(a.`$&x`), INTERVAL WEEKDAY(a.`$&x`) DAY) AS DATETIME)',
    );
  });
});

describe('timeBucketSeconds: arbitrary widths, epoch-aligned', () => {
  it.each([
    ['duckdb', 300, "time_bucket(INTERVAL '5 minutes', ts)"],
    ['duckdb', 60, "time_bucket(INTERVAL '1 minute', ts)"],
    ['duckdb', 420, "time_bucket(INTERVAL '7 minutes', ts, TIMESTAMP '1970-01-01 00:00:00')"],
    ['duckdb', 90, "time_bucket(INTERVAL '90 seconds', ts)"],
    ['duckdb', 86_400, "time_bucket(INTERVAL '24 hours', ts)"],
    ['duckdb', 604_800, "time_bucket(INTERVAL '168 hours', ts, TIMESTAMP '1970-01-01 00:00:00')"],
    ['duckdb', 0.5, "time_bucket(INTERVAL '500 milliseconds', ts)"],
    ['mysql', 420, 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/420)*420)'],
    ['mysql', 0.5, 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/0.5)*0.5)'],
    ['starrocks', 300, 'time_slice(ts, INTERVAL 5 minute)'],
    ['starrocks', 90, 'time_slice(ts, INTERVAL 90 second)'],
    ['starrocks', 7200, 'time_slice(ts, INTERVAL 2 hour)'],
    ['starrocks', 86_400, 'time_slice(ts, INTERVAL 1 day)'],
    ['starrocks', 420, 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/420)*420)'],
    ['starrocks', 604_800, 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/604800)*604800)'],
    ['starrocks', 0.5, 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/0.5)*0.5)'],
    ['druid', 300, "TIME_FLOOR(ts, 'PT5M')"],
    ['druid', 420, "TIME_FLOOR(ts, 'PT7M')"],
    ['druid', 90, "TIME_FLOOR(ts, 'PT90S')"],
    ['druid', 7200, "TIME_FLOOR(ts, 'PT2H')"],
    ['druid', 86_400, "TIME_FLOOR(ts, 'P1D')"],
    ['druid', 604_800, "TIME_FLOOR(ts, 'P7D')"],
    ['druid', 0.5, "TIME_FLOOR(ts, 'PT0.5S')"],
  ] as const)('%s %s s -> %s', (engine, seconds, sql) => {
    expect(dialects[engine].timeBucketSeconds('ts', seconds)).toBe(sql);
  });

  it.each(ENGINES.flatMap((e) => [0, -60, Number.NaN, Number.POSITIVE_INFINITY].map((s) => [e, s] as const)))(
    '%s rejects width %s',
    (engine, seconds) => {
      expect(() => dialects[engine].timeBucketSeconds('ts', seconds)).toThrow(PulseboardError);
    },
  );
});

const NASTY = [
  "O'Brien",
  "a\\'; DROP TABLE x; --",
  '日本語 ✓ émoji 🚀',
  "''",
  '\\',
  'back\\slash',
  '"dq"',
  '`bt`',
  '$1 $$ ?',
];

describe('literals, quoting and placeholders', () => {
  const when = new Date('2024-01-01T00:00:00.000Z');
  const odd = new Date('2024-02-29T23:59:59.987Z');

  it.each([
    ['duckdb', "TIMESTAMP '2024-01-01 00:00:00.000'", "TIMESTAMP '2024-02-29 23:59:59.987'"],
    ['mysql', "'2024-01-01 00:00:00.000'", "'2024-02-29 23:59:59.987'"],
    ['starrocks', "'2024-01-01 00:00:00.000'", "'2024-02-29 23:59:59.987'"],
    ['druid', "TIMESTAMP '2024-01-01 00:00:00.000'", "TIMESTAMP '2024-02-29 23:59:59.987'"],
  ] as const)('%s timeLiteral is UTC', (engine, a, b) => {
    expect(dialects[engine].timeLiteral(when)).toBe(a);
    expect(dialects[engine].timeLiteral(odd)).toBe(b);
  });

  it.each(ENGINES)('%s timeLiteral rejects invalid dates', (engine) => {
    expect(() => dialects[engine].timeLiteral(new Date(Number.NaN))).toThrow(PulseboardError);
  });

  it.each(ENGINES)('%s timeLiteral refuses years without four digits instead of cutting them', (engine) => {
    expect(() => dialects[engine].timeLiteral(new Date(999_999_999_999_999))).toThrow(/outside the years 0000-9999/);
    expect(() => dialects[engine].timeLiteral(new Date(Date.UTC(-1, 0, 1)))).toThrow(PulseboardError);
    expect(dialects[engine].timeLiteral(new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999)))).toContain(
      '9999-12-31 23:59:59.999',
    );
  });

  it.each([
    ['duckdb', ['"ts"', '"we""ird"', '"sales.ts"', '"日本"']],
    ['druid', ['"ts"', '"we""ird"', '"sales.ts"', '"日本"']],
    ['mysql', ['`ts`', '`we"ird`', '`sales.ts`', '`日本`']],
    ['starrocks', ['`ts`', '`we"ird`', '`sales.ts`', '`日本`']],
  ] as const)('%s quoteIdentifier', (engine, expected) => {
    const d = dialects[engine];
    expect(['ts', 'we"ird', 'sales.ts', '日本'].map((n) => d.quoteIdentifier(n))).toEqual(expected);
  });

  it('escapes backticks in MySQL-family identifiers', () => {
    expect(dialects.mysql.quoteIdentifier('a`b')).toBe('`a``b`');
    expect(dialects.starrocks.quoteIdentifier('`; DROP TABLE x; --')).toBe('```; DROP TABLE x; --`');
  });

  it.each([
    ["O'Brien", "'O''Brien'", "'O''Brien'"],
    ["a\\'; DROP TABLE x; --", "'a\\''; DROP TABLE x; --'", "'a\\\\''; DROP TABLE x; --'"],
    ['日本語 ✓ 🚀', "'日本語 ✓ 🚀'", "'日本語 ✓ 🚀'"],
    ['\\', "'\\'", "'\\\\'"],
    ["''", "''''''", "''''''"],
    ['', "''", "''"],
  ])('quoteString %j', (value, standard, mysqlFamily) => {
    expect(dialects.duckdb.quoteString(value)).toBe(standard);
    expect(dialects.druid.quoteString(value)).toBe(standard);
    expect(dialects.mysql.quoteString(value)).toBe(mysqlFamily);
    expect(dialects.starrocks.quoteString(value)).toBe(mysqlFamily);
  });

  it.each(ENGINES)('%s rejects NUL in strings and identifiers', (engine) => {
    expect(() => dialects[engine].quoteString('a\0b')).toThrow(/NUL/);
    expect(() => dialects[engine].quoteIdentifier('a\0b')).toThrow(/NUL/);
  });

  it.each([
    ['duckdb', ['$1', '$2', '$10']],
    ['mysql', ['?', '?', '?']],
    ['starrocks', ['?', '?', '?']],
    ['druid', ['?', '?', '?']],
  ] as const)('%s placeholder', (engine, expected) => {
    expect([0, 1, 9].map((i) => dialects[engine].placeholder(i))).toEqual(expected);
  });

  it.each([
    ['duckdb', 'epoch(ts)'],
    ['mysql', 'UNIX_TIMESTAMP(ts)'],
    ['starrocks', 'UNIX_TIMESTAMP(ts)'],
    ['druid', 'TIMESTAMP_TO_MILLIS(ts) / 1000'],
  ] as const)('%s toEpochSeconds', (engine, sql) => {
    expect(dialects[engine].toEpochSeconds('ts')).toBe(sql);
  });
});

describe('StarRocks extends MySQL', () => {
  it('shares quoting, literals and placeholders, overrides buckets', () => {
    const [sr, my] = [dialects.starrocks, dialects.mysql];
    expect(sr.engine).toBe('starrocks');
    expect(sr.quoteString).toBe(my.quoteString);
    expect(sr.quoteIdentifier).toBe(my.quoteIdentifier);
    expect(sr.timeLiteral).toBe(my.timeLiteral);
    expect(sr.toEpochSeconds).toBe(my.toEpochSeconds);
    expect(sr.timeBucketSeconds).not.toBe(my.timeBucketSeconds);
  });
});

describe('getDialect', () => {
  it.each(ENGINES)('returns the %s dialect', (engine) => {
    expect(getDialect(engine)).toBe(dialects[engine]);
    expect(getDialect(engine).engine).toBe(engine);
  });

  it.each(['postgres', '', 'toString', '__proto__'])('rejects %j', (engine) => {
    expect(() => getDialect(engine)).toThrow(/Unknown engine/);
  });

  it('methods work detached from the object', () => {
    const { timeBucket } = getDialect('druid');
    expect(timeBucket('__time', 'PT1M')).toBe("TIME_FLOOR(__time, 'PT1M')");
  });
});

/** The DuckDB dialect runs against a real in-memory DuckDB: buckets, literals and quoting behave as intended. */
describe('DuckDB executes the generated SQL', () => {
  let conn: DuckDBConnection;
  const d = dialects.duckdb;
  const ts = "TIMESTAMP '2024-05-15 13:47:12.5'";

  beforeAll(async () => {
    const instance = await DuckDBInstance.create(':memory:');
    conn = await instance.connect();
  });
  afterAll(() => conn?.closeSync());

  async function scalar(expr: string): Promise<unknown> {
    const reader = await conn.runAndReadAll(`SELECT (${expr})::VARCHAR AS v`);
    return reader.getRowsJS()[0][0];
  }

  it.each([
    ['PT1S', '2024-05-15 13:47:12'],
    ['PT5S', '2024-05-15 13:47:10'],
    ['PT15S', '2024-05-15 13:47:00'],
    ['PT1M', '2024-05-15 13:47:00'],
    ['PT5M', '2024-05-15 13:45:00'],
    ['PT15M', '2024-05-15 13:45:00'],
    ['PT30M', '2024-05-15 13:30:00'],
    ['PT1H', '2024-05-15 13:00:00'],
    ['PT6H', '2024-05-15 12:00:00'],
    ['PT12H', '2024-05-15 12:00:00'],
    ['P1D', '2024-05-15 00:00:00'],
    ['P1W', '2024-05-13 00:00:00'],
    ['P1M', '2024-05-01 00:00:00'],
    ['P3M', '2024-04-01 00:00:00'],
    ['P1Y', '2024-01-01 00:00:00'],
  ] as const)('%s bucket start is %s', async (grain, expected) => {
    expect(await scalar(d.timeBucket(ts, grain))).toBe(expected);
  });

  it.each([
    [420, 1_715_780_832.5],
    [90, 1_715_780_832.5],
    [604_800, 1_715_780_832.5],
    [172_800, 1_715_780_832.5],
    [0.5, 1_715_780_832.7],
  ])('a %s s bucket starts on a multiple of the width since the epoch', async (width, epochSeconds) => {
    const expected = Math.floor(epochSeconds / width) * width * 1000;
    const got = await scalar(
      `epoch_ms(${d.timeBucketSeconds(`make_timestamp(${Math.round(epochSeconds * 1e6)}::BIGINT)`, width)})`,
    );
    expect(Number(got)).toBe(expected);
  });

  it('timeLiteral parses to the same instant', async () => {
    const when = new Date('2024-02-29T23:59:59.987Z');
    expect(await scalar(`epoch_ms(${d.timeLiteral(when)})`)).toBe(String(when.getTime()));
  });

  it.each(NASTY)('quoteString round-trips %j', async (value) => {
    expect(await scalar(d.quoteString(value))).toBe(value);
  });

  it.each(NASTY)('quoteIdentifier round-trips %j', async (name) => {
    const reader = await conn.runAndReadAll(`SELECT 1 AS ${d.quoteIdentifier(name)}`);
    expect(reader.columnNames()).toEqual([name]);
  });
});
