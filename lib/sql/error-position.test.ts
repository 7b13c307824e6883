import { describe, expect, it } from 'vitest';
import { errorPosition, toTypedPosition } from './error-position';

/**
 * [what, sql, message as the engine wrote it, expected position]. DuckDB (1.5, `@duckdb/node-api`) and MariaDB
 * (10.11) messages were captured by running the SQL; StarRocks and Druid ones are the documented wordings
 * (StarRocks' reserved-keywords page and FE tests, Druid's `DruidPlanner` and its SQL API page).
 */
const CASES: Array<[string, string, string, { line: number; column: number } | undefined]> = [
  [
    'DuckDB syntax error',
    'SELECT FROM FROM sensor_data',
    'Parser Error: syntax error at or near "FROM"\n\nLINE 1: SELECT FROM FROM sensor_data\n                    ^',
    { line: 1, column: 13 },
  ],
  [
    'DuckDB syntax error on line 3',
    'SELECT ts\nFROM sensor_data\nWHERE ts > > 1',
    'Parser Error: syntax error at or near ">"\n\nLINE 3: WHERE ts > > 1\n                   ^',
    { line: 3, column: 12 },
  ],
  [
    'DuckDB unknown column',
    'SELECT ts,\n  temprature\nFROM sensor_data',
    'Binder Error: Referenced column "temprature" not found in FROM clause!\nCandidate bindings: "temperature", "ts"\n\nLINE 2:   temprature\n          ^',
    { line: 2, column: 3 },
  ],
  [
    'DuckDB unknown table',
    'SELECT *\nFROM sensr_data\nWHERE 1=1',
    'Catalog Error: Table with name sensr_data does not exist!\nDid you mean "sensor_data"?\n\nLINE 2: FROM sensr_data\n             ^',
    { line: 2, column: 6 },
  ],
  [
    'DuckDB unknown function',
    'SELECT nosuchfn(ts) FROM sensor_data',
    'Catalog Error: Scalar Function with name nosuchfn does not exist!\nDid you mean "nanosecond"?\n\nLINE 1: SELECT nosuchfn(ts) FROM sensor_data\n               ^',
    { line: 1, column: 8 },
  ],
  [
    'DuckDB, behind the driver prefix',
    '   SELECT x.ts FROM sensor_data',
    'DuckDB: Binder Error: Referenced table "x" not found!\nCandidate tables: "sensor_data"\n\nLINE 1:    SELECT x.ts FROM sensor_data\n                  ^',
    { line: 1, column: 11 },
  ],
  [
    'DuckDB syntax error at the end',
    'SELECT ts FROM sensor_data WHERE\n\n',
    'Parser Error: syntax error at end of input',
    { line: 1, column: 33 },
  ],
  [
    'DuckDB counts a tab as no cell',
    'SELECT\t\t\tnope FROM sensor_data',
    'Binder Error: Referenced column "nope" not found in FROM clause!\nCandidate bindings: "sensor_id"\n\nLINE 1: SELECT\t\t\tnope FROM sensor_data\n              ^',
    { line: 1, column: 10 },
  ],
  [
    'DuckDB counts wide characters as two cells',
    "SELECT '中文', nope FROM sensor_data",
    'Binder Error: Referenced column "nope" not found in FROM clause!\nCandidate bindings: "sensor_id"\n\nLINE 1: SELECT \'中文\', nope FROM sensor_data\n                       ^',
    { line: 1, column: 14 },
  ],
  [
    'DuckDB counts an emoji as two cells (and two UTF-16 units)',
    "SELECT '😀', nope FROM sensor_data",
    'Binder Error: Referenced column "nope" not found in FROM clause!\nCandidate bindings: "sensor_id"\n\nLINE 1: SELECT \'😀\', nope FROM sensor_data\n                     ^',
    { line: 1, column: 14 },
  ],
  [
    'DuckDB cuts a long line around the spot',
    `SELECT ${'ts, '.repeat(40)} nope, ${'ts, '.repeat(30)} FROM sensor_data`,
    'Binder Error: Referenced column "nope" not found in FROM clause!\nCandidate bindings: "sensor_id"\n\n' +
      'LINE 1: ..., ts, ts, ts, ts, ts, ts, ts, ts, ts, ts, ts, ts, ts, ts, ts,  nope, ts, ts, ts, ts, ts, ts, ts, ts, ts, ts, ts, ts, ts...\n' +
      '                                                                          ^',
    { line: 1, column: 169 },
  ],
  [
    'MariaDB syntax error',
    'SELECT FROM FROM sensor_data',
    "mysql at 127.0.0.1:3306: You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'FROM FROM sensor_data' at line 1",
    { line: 1, column: 8 },
  ],
  [
    'MariaDB: the quoted text runs over several lines',
    'SELECT ts\nFROM sensor_data\nWHERE ts > > 1\nORDER BY 1',
    "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near '> 1\nORDER BY 1' at line 3",
    { line: 3, column: 12 },
  ],
  [
    'MariaDB: the quoted text also appears earlier on the line',
    "SELECT ts FROM sensor_data\nWHERE ts >= '2024-01-01' AND AND 1",
    "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near 'AND 1' at line 2",
    { line: 2, column: 30 },
  ],
  [
    'MariaDB syntax error at the end',
    'SELECT ts FROM sensor_data WHERE',
    "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near '' at line 1",
    { line: 1, column: 33 },
  ],
  [
    'MariaDB unterminated string',
    "SELECT 'abc",
    "You have an error in your SQL syntax; check the manual that corresponds to your MariaDB server version for the right syntax to use near ''abc' at line 1",
    { line: 1, column: 8 },
  ],
  [
    'MariaDB unknown column (named once)',
    'SELECT ts,\n  temprature\nFROM sensor_data',
    "Unknown column 'temprature' in 'SELECT'",
    { line: 2, column: 3 },
  ],
  [
    'MariaDB unknown table (named once)',
    'SELECT *\nFROM sensr_data\nWHERE 1=1',
    "Table 'pb_errpos_probe.sensr_data' doesn't exist",
    { line: 2, column: 6 },
  ],
  [
    'MariaDB unknown function',
    'SELECT nosuchfn(ts) FROM sensor_data',
    'FUNCTION pb_errpos_probe.nosuchfn does not exist',
    { line: 1, column: 8 },
  ],
  [
    'MariaDB: a name that appears twice gives no place',
    'SELECT a, a FROM t',
    "Unknown column 'a' in 'SELECT'",
    undefined,
  ],
  [
    'StarRocks syntax error (0-based column)',
    'CREATE DATABASE LIKE;',
    "Getting syntax error at line 1, column 16. Detail message: Unexpected input 'like', the most similar input is {a legal identifier}.",
    { line: 1, column: 17 },
  ],
  [
    'StarRocks syntax error from its FE tests',
    'select 1 form tbl',
    "starrocks at sr:9030: Getting syntax error at line 1, column 14. Detail message: Unexpected input 'tbl', the most similar input is {<EOF>, ';'}.",
    { line: 1, column: 15 },
  ],
  [
    'StarRocks analysis error with a range',
    'select date_trunc("hour", cast("2020-11-04" as date));',
    "Getting analyzing error from line 1, column 26 to line 1, column 51. Detail message: date_trunc function can't support argument other than year|quarter|month|week|day.",
    { line: 1, column: 27 },
  ],
  [
    'Druid 27+ parse error',
    'select a from ',
    'Druid at druid:8888 rejected the query (HTTP 400 INVALID_INPUT): Received an unexpected token [from <EOF>] (line [1], column [10]), acceptable options: []',
    { line: 1, column: 10 },
  ],
  [
    'Druid 27+ validation error',
    'SELECT * FROM nope',
    "Druid at druid:8888 rejected the query (HTTP 400 INVALID_INPUT): Object 'nope' not found (line [1], column [15])",
    { line: 1, column: 15 },
  ],
  [
    'Druid before 27 (Calcite)',
    'SELECT\nFROM x',
    'Druid at druid:8888 rejected the query (HTTP 400 INVALID_INPUT): Encountered "FROM" at line 2, column 1.',
    { line: 2, column: 1 },
  ],
  ['no position', 'SELECT 1/0', 'Druid at x rejected the query (HTTP 500 UNCATEGORIZED): / by zero', undefined],
  ['a line the SQL does not have', 'SELECT 1', 'Encountered "x" at line 9, column 1.', undefined],
];

describe('errorPosition', () => {
  it.each(CASES)('%s', (_what, sql, message, want) => {
    expect(errorPosition(message, sql)).toEqual(want);
  });

  it('keeps the column within the line', () => {
    expect(errorPosition('Encountered "x" at line 1, column 99.', 'SELECT 1')).toEqual({ line: 1, column: 9 });
  });
});

describe('toTypedPosition', () => {
  const typed = 'SELECT $__timeGroup(ts, 1m) AS time,\n  avg(temprature)\nFROM sensor_data\nWHERE $__timeFilter(ts)';
  const rendered =
    "SELECT time_bucket(INTERVAL '1 minutes', ts) AS time,\n  avg(temprature)\nFROM sensor_data\nWHERE ts >= TIMESTAMP '2024-01-01 00:00:00' AND ts < TIMESTAMP '2024-01-01 01:00:00'";

  it('maps text the two share to the same place', () => {
    expect(toTypedPosition({ line: 2, column: 7 }, rendered, typed)).toEqual({ line: 2, column: 7 });
    expect(toTypedPosition({ line: 3, column: 6 }, rendered, typed)).toEqual({ line: 3, column: 6 });
  });

  it('maps a spot after an expansion on the same line by its distance from the end', () => {
    const r = "SELECT a FROM t WHERE ts >= TIMESTAMP '2024-01-01 00:00:00' AND nope > 1";
    const t = 'SELECT a FROM t WHERE $__timeFrom() AND nope > 1';
    expect(toTypedPosition({ line: 1, column: r.indexOf('nope') + 1 }, r, t)).toEqual({
      line: 1,
      column: t.indexOf('nope') + 1,
    });
  });

  it('maps a spot inside an expansion into what the user wrote there', () => {
    const p = toTypedPosition({ line: 4, column: 30 }, rendered, typed)!;
    expect(p.line).toBe(4);
    expect(p.column).toBeGreaterThanOrEqual('WHERE '.length + 1);
    expect(p.column).toBeLessThanOrEqual('WHERE $__timeFilter(ts)'.length + 1);
  });

  it('keeps a spot after the last expansion exact, though the same words appear inside the expansion', () => {
    const t = 'SELECT n\nFROM sensor_data\nWHERE $__timeFilter(ts) AND AND 1';
    const r = "SELECT n\nFROM sensor_data\nWHERE ts BETWEEN '2024-01-01 00:00:00' AND '2024-01-01 01:00:00' AND AND 1";
    expect(toTypedPosition({ line: 3, column: r.split('\n')[2].lastIndexOf('AND 1') + 1 }, r, t)).toEqual({
      line: 3,
      column: 29,
    });
  });

  it('maps a spot between two expansions by the words around it', () => {
    const t = 'SELECT a FROM t WHERE $__timeFrom() AND x IN ($city) AND nope > 1 AND $__timeTo()';
    const r =
      "SELECT a FROM t WHERE '2024-01-01 00:00:00' AND x IN ('Lima','Bogota') AND nope > 1 AND '2024-01-01 01:00:00'";
    expect(toTypedPosition({ line: 1, column: r.indexOf('nope') + 1 }, r, t)).toEqual({
      line: 1,
      column: t.indexOf('nope') + 1,
    });
    expect(toTypedPosition({ line: 1, column: r.indexOf('Bogota') + 1 }, r, t)).toEqual({
      line: 1,
      column: t.indexOf('$city') + 1,
    });
  });

  it('follows lines that an expansion added or removed', () => {
    const t = 'SELECT ${cols}\nFROM t\nWHERE nope';
    const r = 'SELECT a,\n  b\nFROM t\nWHERE nope';
    expect(toTypedPosition({ line: 4, column: 7 }, r, t)).toEqual({ line: 3, column: 7 });
  });
});
