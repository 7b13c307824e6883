import { describe, expect, it } from 'vitest';
import { PulseboardError } from '../errors';
import type { EngineType } from '../engine-type';
import { assertReadOnly } from './read-only';

function errorOf(sql: string, engine?: EngineType): PulseboardError | undefined {
  try {
    assertReadOnly(sql, engine);
  } catch (e) {
    return e as PulseboardError;
  }
  return undefined;
}

describe('accepts', () => {
  it.each([
    'SELECT 1',
    'select 1',
    'SELECT 1;',
    'SELECT 1 ;  \n ',
    'SELECT 1; -- trailing comment',
    'SELECT 1; /* trailing */ ;',
    '  -- leading comment\n/* block */ SELECT 1',
    '(SELECT 1) UNION ALL (SELECT 2)',
    '((SELECT 1))',
    'WITH t AS (SELECT 1 AS x) SELECT x FROM t',
    'with recursive r(n) as (select 1 union all select n + 1 from r where n < 3) select * from r',
    "SELECT replace(name, 'a', 'b') FROM t",
    'SELECT REPLACE (name, 1, 2) FROM t',
    "SELECT insert(name, 1, 2, 'x'), truncate(price, 2) FROM t",
    'SELECT left(name, 3), right(name, 2) FROM t',
    'SELECT updated_at, created_by, deleted, inserts, settings, user_id, loaded_at, "update" FROM t',
    'SELECT s.load, s.set, t.use FROM servers s JOIN t ON s.id = t.id',
    'SELECT load.cpu FROM metrics AS load_avg',
    "SELECT 'DROP TABLE x; DELETE FROM y' AS s",
    "SELECT 'it''s; INSERT' AS s",
    'SELECT "DELETE", "drop;" FROM t',
    'SELECT 1 -- ; DROP TABLE x',
    'SELECT 1 /* ; DELETE FROM t */',
    "SELECT count(*) FROM sales WHERE ts BETWEEN TIMESTAMP '2024-01-01 00:00:00' AND TIMESTAMP '2024-01-02 00:00:00'",
    'SELECT TIME_FLOOR(__time, \'PT1M\') AS "time", city, SUM(amount) FROM sales GROUP BY 1, 2',
    'SELECT /*+ SET_VAR(query_timeout = 30) */ 1',
    'SELECT 1 AS "select", 2 AS "set"',
    'SELECT e.set_point FROM e',
  ])('%s', (sql) => {
    expect(errorOf(sql)).toBeUndefined();
  });

  it.each([
    ['SELECT `load`, `set` FROM servers', 'mysql'],
    ['SELECT `delete;` FROM t', 'starrocks'],
    ["SELECT 'a\\'; DROP TABLE x; --' AS s", 'mysql'],
    ["SELECT 1 # '; DROP TABLE x", 'mysql'],
    ["SELECT $$it's; DROP TABLE x$$", 'duckdb'],
    ["SELECT E'a\\'; DROP TABLE x' AS s", 'duckdb'],
    ['SELECT 1 /* outer /* inner */ ; DROP TABLE x */', 'duckdb'],
    ['SELECT 1 // ; DROP TABLE x', 'druid'],
  ] as const)('%s on %s', (sql, engine) => {
    expect(errorOf(sql, engine)).toBeUndefined();
  });
});

describe('rejects', () => {
  it.each([
    ['INSERT INTO t VALUES (1)', 'found INSERT'],
    ['update t set x = 1', 'found UPDATE'],
    ['DELETE FROM t', 'found DELETE'],
    ['DROP TABLE t', 'found DROP'],
    ['CREATE TABLE t AS SELECT 1', 'found CREATE'],
    ['ALTER TABLE t ADD c INT', 'found ALTER'],
    ['TRUNCATE t', 'found TRUNCATE'],
    ['MERGE INTO t USING s ON true WHEN MATCHED THEN DELETE', 'found MERGE'],
    ['REPLACE INTO t VALUES (1)', 'found REPLACE'],
    ["COPY t TO '/tmp/x.csv'", 'found COPY'],
    ["ATTACH 'x.db' AS x", 'found ATTACH'],
    ['INSTALL httpfs', 'found INSTALL'],
    ['LOAD httpfs', 'found LOAD'],
    ['PRAGMA database_list', 'found PRAGMA'],
    ["SET time_zone = '+00:00'", 'found SET'],
    ['CALL pragma_version()', 'found CALL'],
    ['USE other', 'found USE'],
    ['KILL 42', 'found KILL'],
    ['SHOW TABLES', 'found SHOW'],
    ['DESCRIBE t', 'found DESCRIBE'],
    ['EXPLAIN SELECT 1', 'found EXPLAIN'],
    ['VALUES (1)', 'found VALUES'],
    ['FROM t SELECT *', 'found FROM'],
    ['', 'The query is empty'],
    ['  ;  ', 'The query is empty'],
    ['-- only a comment', 'The query is empty'],
    ['SELECT 1; SELECT 2', "a second statement after ';' (SELECT)"],
    ['SELECT 1; DROP TABLE t', "a second statement after ';' (DROP)"],
    ['SELECT 1;DELETE FROM t', 'a second statement'],
    ['WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d', 'found DELETE'],
    ["SELECT * INTO OUTFILE '/tmp/x' FROM t", 'found INTO'],
    ["SELECT * FROM t INTO DUMPFILE '/tmp/x'", 'found INTO'],
    ['SELECT * FROM t FOR UPDATE', 'found UPDATE'],
    ['SELECT load FROM servers', 'found LOAD (quote it as an identifier if it is a column name)'],
    ['SELECT 1 /*! ; DROP TABLE x */', 'MySQL executable comment'],
    ['SELECT * FROM t USE INDEX (i)', 'found USE'],
    ['SELECT copy (SELECT 1) TO x', 'found COPY'],
  ])('%s -> %s', (sql, message) => {
    const err = errorOf(sql);
    expect(err).toBeInstanceOf(PulseboardError);
    expect(err).toMatchObject({ status: 400, code: 'not_read_only' });
    expect(err?.message).toContain(message);
  });

  it('uses the documented message', () => {
    expect(errorOf('INSERT INTO t VALUES (1)')?.message).toBe(
      'Only one read-only SELECT or WITH statement may run; found INSERT',
    );
  });
});

/** Text one engine reads as a literal or comment must not hide a statement from another engine. */
describe('quoting tricks are caught under every engine', () => {
  it.each([
    // MySQL: '\'' is a quote character, so the DROP is code; a standard lexer sees two strings.
    ["SELECT '\\'' ; DROP TABLE x; -- '", 'mysql'],
    // DuckDB/Druid: backslash is not an escape, so the string ends at \' and DROP is code.
    ["SELECT 'a\\' ; DROP TABLE x; --'", 'duckdb'],
    // DuckDB dollar quoting hides nothing from us: a standard lexer would see one long string.
    ["SELECT $$'$$; DROP TABLE x; SELECT $$'$$", 'duckdb'],
    // DuckDB E-strings take backslash escapes.
    ["SELECT E'\\'' ; DROP TABLE x; -- '", 'duckdb'],
    // MySQL # comments end at the newline.
    ["SELECT 1 # '\n; DROP TABLE x; -- '", 'mysql'],
    // MySQL: --1 is minus minus one, not a comment.
    ['SELECT 1 --1; DROP TABLE x', 'mysql'],
    // MySQL block comments don't nest: the DROP is code there.
    ['SELECT 1 /* /* */ ; DROP TABLE x; /* */', 'mysql'],
    // A nesting lexer (DuckDB's) sees one comment; MySQL closes it at the first */.
    ['SELECT 1 /* /* */ ; DROP TABLE x; */', 'mysql'],
  ] as const)('%s (attacks %s)', (sql, engine) => {
    expect(errorOf(sql)).toBeInstanceOf(PulseboardError);
    expect(errorOf(sql, engine)).toBeInstanceOf(PulseboardError);
  });

  it('names the quoting rules when only some engines fail', () => {
    expect(errorOf("SELECT 'C:\\' AS path")?.message).toMatch(
      /Unterminated string literal .*\((mysql|starrocks) quoting rules\)/,
    );
    expect(errorOf("SELECT 'C:\\' AS path", 'duckdb')).toBeUndefined();
  });

  it.each(["SELECT 'open", 'SELECT "open', 'SELECT 1 /* open', 'SELECT $$open'])('rejects unterminated %s', (sql) => {
    expect(errorOf(sql)).toMatchObject({ status: 400, code: 'not_read_only' });
  });
});
