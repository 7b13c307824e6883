import { describe, expect, it } from 'vitest';
import { PulseboardError } from '../errors';
import type { EngineType } from '../engine-type';
import { dialects } from './dialects';
import { renderMacros, type MacroContext } from './macros';

const range = { from: new Date('2024-01-01T00:00:00.000Z'), to: new Date('2024-01-01T06:00:00.500Z') };
const ctx = (engine: EngineType, intervalMs = 60_000): MacroContext => ({
  dialect: dialects[engine],
  range,
  intervalMs,
});
const sql = (engine: EngineType, text: string, intervalMs?: number) => renderMacros(text, ctx(engine, intervalMs)).sql;

const FROM_S = '1704067200';
const TO_S = '1704088800';
const FROM_NS = '1704067200000000000';
const TO_NS = '1704088800500000000';

/** Per engine: from/to literal, 5m bucket of ts, `time` alias, epoch of ts. */
const EXPECT: Record<EngineType, { from: string; to: string; g5m: string; g7m: string; alias: string; epoch: string }> =
  {
    duckdb: {
      from: "TIMESTAMP '2024-01-01 00:00:00.000'",
      to: "TIMESTAMP '2024-01-01 06:00:00.500'",
      g5m: "time_bucket(INTERVAL '5 minutes', ts)",
      g7m: "time_bucket(INTERVAL '7 minutes', ts, TIMESTAMP '1970-01-01 00:00:00')",
      alias: '"time"',
      epoch: 'epoch(ts)',
    },
    mysql: {
      from: "'2024-01-01 00:00:00.000'",
      to: "'2024-01-01 06:00:00.500'",
      g5m: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/300)*300)',
      g7m: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/420)*420)',
      alias: '`time`',
      epoch: 'UNIX_TIMESTAMP(ts)',
    },
    starrocks: {
      from: "'2024-01-01 00:00:00.000'",
      to: "'2024-01-01 06:00:00.500'",
      g5m: 'time_slice(ts, INTERVAL 5 minute)',
      g7m: 'FROM_UNIXTIME(FLOOR(UNIX_TIMESTAMP(ts)/420)*420)',
      alias: '`time`',
      epoch: 'UNIX_TIMESTAMP(ts)',
    },
    // Druid binds the range as typed TIMESTAMP parameters (see 'Druid range parameters' below).
    druid: {
      from: '?',
      to: '?',
      g5m: "TIME_FLOOR(ts, 'PT5M')",
      g7m: "TIME_FLOOR(ts, 'PT7M')",
      alias: '"time"',
      epoch: 'TIMESTAMP_TO_MILLIS(ts) / 1000',
    },
  };

const ENGINES = Object.keys(EXPECT) as EngineType[];

describe.each(ENGINES)('every macro on %s', (engine) => {
  const e = EXPECT[engine];
  it.each([
    ['$__timeFilter(ts)', () => `ts BETWEEN ${e.from} AND ${e.to}`],
    ['$__timeFrom()', () => e.from],
    ['$__timeTo()', () => e.to],
    ["$__timeGroup(ts,'5m')", () => e.g5m],
    ["$__timeGroup(ts, '5m')", () => e.g5m],
    ['$__timeGroup(ts, "5m")', () => e.g5m],
    ['$__timeGroup(ts, 5m)', () => e.g5m],
    ["$__timeGroup(ts, 'PT5M')", () => e.g5m],
    ["$__timeGroup(ts, '300')", () => e.g5m],
    ["$__timeGroup(ts,'7m')", () => e.g7m],
    ["$__timeGroupAlias(ts,'5m')", () => `${e.g5m} AS ${e.alias}`],
    ['$__time(ts)', () => `ts AS ${e.alias}`],
    ['$__timeEpoch(ts)', () => `${e.epoch} AS ${e.alias}`],
    ['$__unixEpochFilter(epoch_s)', () => `epoch_s >= ${FROM_S} AND epoch_s <= ${TO_S}`],
    ['$__unixEpochFrom()', () => FROM_S],
    ['$__unixEpochTo()', () => TO_S],
    ['$__unixEpochNanoFilter(epoch_ns)', () => `epoch_ns >= ${FROM_NS} AND epoch_ns <= ${TO_NS}`],
    ['$__unixEpochNanoFrom()', () => FROM_NS],
    ['$__unixEpochNanoTo()', () => TO_NS],
    ["$__unixEpochGroup(epoch_s, '5m')", () => 'FLOOR(epoch_s / 300) * 300'],
    ["$__unixEpochGroup(epoch_s, '5m', NULL)", () => 'FLOOR(epoch_s / 300) * 300'],
    ["$__unixEpochGroupAlias(epoch_s, '1h')", () => `FLOOR(epoch_s / 3600) * 3600 AS ${e.alias}`],
    ['$__interval', () => '1m'],
    ['${__interval}', () => '1m'],
    ['$__interval_ms', () => '60000'],
    ['$__from', () => '1704067200000'],
    ['$__to', () => '1704088800500'],
    ['$__range_ms', () => '21600500'],
    ['$__range_s', () => '21601'],
    ['$__range', () => '21601s'],
  ])('%s', (input, expected) => {
    expect(sql(engine, input)).toBe(expected());
  });

  it('renders a whole Grafana query', () => {
    const q = `SELECT $__timeGroupAlias(ts, $__interval), sensor_id, avg(temperature)
FROM sensor_data WHERE $__timeFilter(ts) GROUP BY 1, 2 ORDER BY 1`;
    expect(sql(engine, q, 300_000)).toBe(`SELECT ${e.g5m} AS ${e.alias}, sensor_id, avg(temperature)
FROM sensor_data WHERE ts BETWEEN ${e.from} AND ${e.to} GROUP BY 1, 2 ORDER BY 1`);
  });

  it("accepts the interval as '$__interval' in quotes", () => {
    expect(sql(engine, "$__timeGroup(ts, '$__interval')", 300_000)).toBe(e.g5m);
  });
});

describe('arguments', () => {
  it('keep nested parentheses and commas inside calls', () => {
    expect(sql('mysql', "$__timeFilter(CONVERT_TZ(ts, '+00:00', '+00:00'))")).toBe(
      `CONVERT_TZ(ts, '+00:00', '+00:00') BETWEEN ${EXPECT.mysql.from} AND ${EXPECT.mysql.to}`,
    );
    expect(sql('druid', "$__timeGroup(TIME_PARSE(CONCAT(d, 'T', t)), '5m')")).toBe(
      "TIME_FLOOR(TIME_PARSE(CONCAT(d, 'T', t)), 'PT5M')",
    );
  });

  it('keep parentheses and commas inside quoted strings and identifiers', () => {
    expect(sql('duckdb', `$__timeFilter(strptime('a,b)(', '%Y'))`)).toContain(`strptime('a,b)(', '%Y') BETWEEN`);
    expect(sql('duckdb', `$__timeFilter("we,ird)")`)).toBe(
      `"we,ird)" BETWEEN ${EXPECT.duckdb.from} AND ${EXPECT.duckdb.to}`,
    );
    expect(sql('mysql', '$__timeFilter(`we,ird)`)')).toBe(
      `\`we,ird)\` BETWEEN ${EXPECT.mysql.from} AND ${EXPECT.mysql.to}`,
    );
    expect(sql('mysql', "$__timeFilter(IF(x = 'it\\'s)', a, b))")).toContain("IF(x = 'it\\'s)', a, b) BETWEEN");
  });

  it('trim whitespace and newlines', () => {
    expect(sql('druid', "$__timeGroup(\n  __time ,\n  '1h'\n)")).toBe("TIME_FLOOR(__time, 'PT1H')");
    expect(sql('druid', '$__timeFrom( )')).toBe(EXPECT.druid.from);
  });

  it('expands several macros and leaves other SQL alone', () => {
    const q = "SELECT $__timeFrom() AS a, $__timeTo() AS b, 'x' AS c, $1 AS d, price$ FROM t";
    expect(sql('duckdb', q)).toBe(
      `SELECT ${EXPECT.duckdb.from} AS a, ${EXPECT.duckdb.to} AS b, 'x' AS c, $1 AS d, price$ FROM t`,
    );
  });
});

describe('strings and comments', () => {
  it('value macros expand inside string literals', () => {
    expect(sql('duckdb', "SELECT INTERVAL '$__interval_ms milliseconds'")).toBe("SELECT INTERVAL '60000 milliseconds'");
    expect(sql('druid', "SELECT '${__interval}'")).toBe("SELECT '1m'");
  });

  it('call macros do not expand inside string literals or comments', () => {
    expect(sql('mysql', "SELECT '$__timeFilter(ts)' -- $__timeGroup(ts)\n")).toBe(
      "SELECT '$__timeFilter(ts)' -- $__timeGroup(ts)\n",
    );
    expect(sql('duckdb', 'SELECT 1 /* $__nope( */')).toBe('SELECT 1 /* $__nope( */');
  });

  it('leaves unknown $__names inside literals alone', () => {
    expect(sql('duckdb', "SELECT '$__dashboard'")).toBe("SELECT '$__dashboard'");
  });
});

describe('fill', () => {
  it.each([
    ["$__timeGroup(ts, '5m', NULL)", { intervalMs: 300_000, mode: 'null' }],
    ["$__timeGroup(ts, '5m', null)", { intervalMs: 300_000, mode: 'null' }],
    ["$__timeGroup(ts, '5m', previous)", { intervalMs: 300_000, mode: 'previous' }],
    ["$__timeGroup(ts, '5m', 0)", { intervalMs: 300_000, mode: 'value', value: 0 }],
    ["$__timeGroup(ts, '1h', -1.5)", { intervalMs: 3_600_000, mode: 'value', value: -1.5 }],
    ["$__timeGroupAlias(ts, '10s', 42)", { intervalMs: 10_000, mode: 'value', value: 42 }],
    ['$__timeGroup(ts, $__interval, previous)', { intervalMs: 60_000, mode: 'previous' }],
    ["$__unixEpochGroup(e, '5m', 0)", { intervalMs: 300_000, mode: 'value', value: 0 }],
  ])('%s -> %j', (input, fill) => {
    expect(renderMacros(input, ctx('druid')).fill).toEqual(fill);
  });

  it('is absent without a fill argument', () => {
    expect(renderMacros("$__timeGroup(ts, '5m')", ctx('druid'))).toEqual({
      sql: "TIME_FLOOR(ts, 'PT5M')",
      bucketMs: 300_000,
    });
  });

  it('starts every range macro of a bucketed query at the range start aligned down to the bucket: the first bucket is whole', () => {
    const c = {
      ...ctx('duckdb'),
      range: { from: new Date(Date.UTC(2024, 0, 1, 10, 0, 30)), to: new Date(Date.UTC(2024, 0, 1, 11, 0, 0)) },
    };
    const r = renderMacros(
      "SELECT $__timeGroupAlias(ts, '1m'), count(*) FROM t WHERE $__timeFilter(ts) AND $__from > 0",
      c,
    );
    expect(r.sql).toContain("ts BETWEEN TIMESTAMP '2024-01-01 10:00:00.000' AND TIMESTAMP '2024-01-01 11:00:00.000'");
    expect(r.sql).toContain(String(Date.UTC(2024, 0, 1, 10, 0, 0)));
    // Without buckets the range is used as it is.
    expect(renderMacros('SELECT count(*) FROM t WHERE $__timeFilter(ts)', c).sql).toContain(
      "TIMESTAMP '2024-01-01 10:00:30.000'",
    );
  });

  it('reports the bucket width of $__timeGroup (not of $__unixEpochGroup) and whether the range start bounds the query', () => {
    expect(
      renderMacros("SELECT $__timeGroupAlias(ts, '1m') FROM t WHERE $__timeFilter(ts)", ctx('duckdb')),
    ).toMatchObject({ bucketMs: 60_000, timeBounded: true });
    expect(renderMacros('SELECT ts FROM t WHERE ts > $__timeFrom()', ctx('mysql')).timeBounded).toBe(true);
    const r = renderMacros("SELECT $__unixEpochGroup(e, '1m') FROM t WHERE ts < $__timeTo()", ctx('duckdb'));
    expect(r.bucketMs).toBeUndefined();
    expect(r.timeBounded).toBeUndefined();
  });

  it('the last fill wins, as in Grafana', () => {
    const r = renderMacros("$__timeGroup(a, '5m', 0), $__timeGroup(b, '1m', previous)", ctx('duckdb'));
    expect(r.fill).toEqual({ intervalMs: 60_000, mode: 'previous' });
  });

  it('rejects an invalid fill naming the macro', () => {
    expect(() => renderMacros("$__timeGroup(ts, '5m', zero)", ctx('duckdb'))).toThrow(
      /Invalid fill "zero" in \$__timeGroup/,
    );
  });
});

describe('errors', () => {
  const cases: Array<[string, RegExp]> = [
    ['$__timeFilterx(ts)', /Unknown macro \$__timeFilterx/],
    ['SELECT $__nope(1)', /Unknown macro \$__nope/],
    ['$__timeFilter()', /\$__timeFilter takes 1 argument\(s\), got 0/],
    ['$__timeFilter(a, b)', /\$__timeFilter takes 1 argument\(s\), got 2/],
    ['$__timeFrom(ts)', /\$__timeFrom takes 0 argument\(s\), got 1/],
    ['$__unixEpochNanoFrom(ts)', /\$__unixEpochNanoFrom takes 0 argument\(s\), got 1/],
    ['$__unixEpochNanoFilter()', /\$__unixEpochNanoFilter takes 1 argument\(s\), got 0/],
    ["$__unixEpochGroup(e, '5m', next)", /Invalid fill "next" in \$__unixEpochGroup/],
    ['$__timeGroup(ts)', /\$__timeGroup takes 2 to 3 argument\(s\), got 1/],
    ["$__timeGroup(ts, '5m', 0, 1)", /\$__timeGroup takes 2 to 3 argument\(s\), got 4/],
    ["$__timeGroup(, '5m')", /\$__timeGroup takes 2 to 3/],
    ["$__timeGroup(ts, '5 minutes')", /Invalid interval "5 minutes" in \$__timeGroup/],
    ["$__timeGroup(ts, '0s')", /Invalid interval "0s" in \$__timeGroup/],
    ['$__timeFilter(ts', /Unclosed parenthesis in \$__timeFilter\(/],
    ['$__timeFilter(f(ts)', /Unclosed parenthesis/],
    ['WHERE $__timeFilter', /\$__timeFilter needs arguments: use \$__timeFilter\(column\)/],
    ['SELECT $__dashboard', /Unknown macro or variable \$__dashboard/],
    ['SELECT ${__nope}', /Unknown macro or variable \$__nope/],
    ["$__timeFilter('unterminated)", /Unterminated string literal/],
  ];
  it.each(cases)('%s', (input, message) => {
    let err: unknown;
    try {
      renderMacros(input, ctx('mysql'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PulseboardError);
    expect((err as PulseboardError).status).toBe(400);
    expect((err as Error).message).toMatch(message);
  });
});

describe('Druid range parameters', () => {
  it('binds from and to as Dates in placeholder order', () => {
    const out = renderMacros(
      'SELECT $__timeFrom() AS a, count(*) FROM t WHERE $__timeFilter(__time) AND x < $__timeTo()',
      ctx('druid'),
    );
    expect(out.sql).toBe('SELECT ? AS a, count(*) FROM t WHERE __time BETWEEN ? AND ? AND x < ?');
    expect(out.params).toEqual([range.from, range.from, range.to, range.to]);
  });

  it('leaves other engines with literals and no params', () => {
    const out = renderMacros('WHERE $__timeFilter(ts)', ctx('duckdb'));
    expect(out.params).toBeUndefined();
    expect(out.sql).toContain("TIMESTAMP '2024-01-01 00:00:00.000'");
  });

  it('keeps the literal form of the dialect for callers that need one', () => {
    expect(dialects.druid.timeLiteral(range.from)).toBe("TIMESTAMP '2024-01-01 00:00:00.000'");
  });
});

describe('$__timeColumn', () => {
  it("expands to the datasource's time column in code, also inside macro arguments", () => {
    const c = { ...ctx('druid'), timeColumn: '__time' };
    expect(
      renderMacros(
        "SELECT $__timeGroupAlias($__timeColumn, '1m'), max(d.$__timeColumn) FROM t d WHERE $__timeFilter($__timeColumn)",
        c,
      ).sql,
    ).toBe(`SELECT TIME_FLOOR(__time, 'PT1M') AS "time", max(d.__time) FROM t d WHERE __time BETWEEN ? AND ?`);
  });

  it('defaults to ts, quotes a name that needs it, and is left alone inside string literals', () => {
    expect(sql('duckdb', "SELECT $__timeColumn, '$__timeColumn'")).toBe("SELECT ts, '$__timeColumn'");
    expect(renderMacros('SELECT $__timeColumn', { ...ctx('mysql'), timeColumn: 'event time' }).sql).toBe(
      'SELECT `event time`',
    );
  });
});
