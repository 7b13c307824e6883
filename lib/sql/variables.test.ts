import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PulseboardError } from '../errors';
import type { EngineType } from '../engine-type';
import { dialects } from './dialects';
import { assertReadOnly } from './read-only';
import { LEX_PROFILES, tokenize } from './sql-lexer';
import { interpolateVariables } from './variables';

const run = (engine: EngineType, sql: string, values: Record<string, string[]>) =>
  interpolateVariables(sql, values, dialects[engine]);

describe('forms', () => {
  const values = { sensor: ['s-1'], city: ['Lima', 'Quito'] };
  it.each([
    ['WHERE sensor_id = $sensor', "WHERE sensor_id = 's-1'"],
    ['WHERE sensor_id = ${sensor}', "WHERE sensor_id = 's-1'"],
    ['WHERE sensor_id IN (${sensor:csv})', "WHERE sensor_id IN ('s-1')"],
    ['WHERE city IN ($city)', "WHERE city IN ('Lima','Quito')"],
    ['WHERE city IN (${city:csv})', "WHERE city IN ('Lima','Quito')"],
    ['WHERE city IN (${city:sqlstring})', "WHERE city IN ('Lima','Quito')"],
    ['WHERE city IN (${city:singlequote})', "WHERE city IN ('Lima','Quito')"],
    ['WHERE city IN ([[city]])', "WHERE city IN ('Lima','Quito')"],
    ['WHERE city IN ([[city:csv]])', "WHERE city IN ('Lima','Quito')"],
    ['WHERE a=$sensor AND b IN($city)', "WHERE a='s-1' AND b IN('Lima','Quito')"],
  ])('%s', (sql, expected) => {
    expect(run('duckdb', sql, values)).toBe(expected);
  });

  it('renders an empty multi-value as NULL so IN (…) stays valid', () => {
    expect(run('duckdb', 'WHERE city IN ($city)', { city: [] })).toBe('WHERE city IN (NULL)');
  });

  it('renders All expanded to every option', () => {
    const all = Array.from({ length: 50 }, (_, i) => `s-${i}`);
    const out = run('mysql', 'WHERE sensor_id IN ($sensor)', { sensor: all });
    expect(out).toBe(`WHERE sensor_id IN (${all.map((s) => `'${s}'`).join(',')})`);
  });

  it('uses longest names: $sensor_id is not $sensor', () => {
    expect(run('duckdb', 'SELECT $sensor_id, $sensor', { sensor: ['x'] })).toBe("SELECT $sensor_id, 'x'");
  });
});

describe('leaves alone', () => {
  it('names starting with __ for renderMacros', () => {
    const sql = "SELECT $__timeGroup(ts, $__interval), ${__interval_ms} WHERE $__timeFilter(ts) AND x = '$__interval'";
    expect(run('duckdb', sql, { __interval: ['nope'], __timeFilter: ['nope'] })).toBe(sql);
  });

  it('undefined names and positional parameters', () => {
    expect(run('duckdb', 'SELECT $1, $2, $other, ${other:csv}', { sensor: ['x'] })).toBe(
      'SELECT $1, $2, $other, ${other:csv}',
    );
  });

  it('comments and quoted identifiers', () => {
    const sql = 'SELECT "$sensor" FROM t -- filter by $sensor\n/* $sensor */';
    expect(run('duckdb', sql, { sensor: ['x'] })).toBe(sql);
    expect(run('mysql', 'SELECT `$sensor` # $sensor\n', { sensor: ['x'] })).toBe('SELECT `$sensor` # $sensor\n');
  });

  it('an apostrophe in a comment does not confuse literal tracking', () => {
    expect(run('duckdb', "-- don't\nWHERE s IN ($s)", { s: ['a'] })).toBe("-- don't\nWHERE s IN ('a')");
  });
});

describe('inside string literals', () => {
  it("'$var' (Grafana's single-value style) becomes the quoted value", () => {
    expect(run('duckdb', "WHERE city = '$city'", { city: ['Lima'] })).toBe("WHERE city = 'Lima'");
    expect(run('mysql', "WHERE city IN ('${city}')", { city: ['Lima', 'Quito'] })).toBe(
      "WHERE city IN ('Lima','Quito')",
    );
  });

  it('a reference inside a longer literal is escaped for that literal', () => {
    expect(run('duckdb', "WHERE name LIKE '%$q%'", { q: ["O'Brien"] })).toBe("WHERE name LIKE '%O''Brien%'");
    expect(run('mysql', "WHERE name LIKE '%$q%'", { q: ["a\\'b"] })).toBe("WHERE name LIKE '%a\\\\''b%'");
    expect(run('druid', "WHERE k = 'pre-${q}-post'", { q: ['x', 'y'] })).toBe("WHERE k = 'pre-x,y-post'");
  });

  it('MySQL double-quoted strings take whole-literal references only', () => {
    expect(run('mysql', 'WHERE city = "$city"', { city: ['Lima'] })).toBe("WHERE city = 'Lima'");
    expect(() => run('mysql', 'WHERE city LIKE "%$city%"', { city: ['Lima'] })).toThrow(/plain '…' string/);
  });

  it('dollar-quoted and E strings refuse partial references', () => {
    expect(() => run('duckdb', 'SELECT $$x $q$$', { q: ['a'] })).toThrow(PulseboardError);
    expect(() => run('duckdb', "SELECT E'x $q'", { q: ['a'] })).toThrow(PulseboardError);
    expect(run('duckdb', "SELECT E'$q'", { q: ["it's"] })).toBe("SELECT 'it''s'");
  });
});

describe("a custom all value (the dashboard's allValue, for a variable set to All)", () => {
  const values = { city: ['Lima', 'Quito'], sensor: ['s-1'] };
  const allSql = { city: 'SELECT city FROM cities' };
  it('renders as written in code, in every quoted form', () => {
    for (const ref of ['$city', '${city}', '${city:csv}', '[[city]]'])
      expect(interpolateVariables(`WHERE city IN (${ref}) AND s = $sensor`, values, dialects.duckdb, allSql)).toBe(
        "WHERE city IN (SELECT city FROM cities) AND s = 's-1'",
      );
  });

  it('is a quoted value inside a literal, and :raw stays refused', () => {
    const d = dialects.mysql;
    expect(interpolateVariables("WHERE c = '$city'", values, d, { city: "it's" })).toBe("WHERE c = 'it''s'");
    expect(interpolateVariables("WHERE c LIKE '%$city%'", values, d, { city: '%' })).toBe("WHERE c LIKE '%%%'");
    expect(() => interpolateVariables('WHERE c = ${city:raw}', values, d, allSql)).toThrow(PulseboardError);
  });

  it('applies only to variables that are resolved', () => {
    expect(interpolateVariables('WHERE c IN ($region)', values, dialects.duckdb, { region: 'x' })).toBe(
      'WHERE c IN ($region)',
    );
  });
});

describe('formats', () => {
  it('rejects :raw even for undefined variables', () => {
    expect(() => run('duckdb', 'FROM ${table:raw}', { table: ['sales'] })).toThrow(/never pasted into SQL/);
    expect(() => run('duckdb', 'FROM ${table:raw}', {})).toThrow(/:raw} is not allowed/);
    try {
      run('duckdb', 'FROM ${t:raw}', {});
    } catch (e) {
      expect(e).toMatchObject({ status: 400, code: 'bad_variable' });
    }
  });

  it.each(['doublequote', 'regex', 'pipe', 'json', 'text', 'glob', 'percentencode', ''])('rejects :%s', (format) => {
    expect(() => run('mysql', `WHERE x = \${v:${format}}`, { v: ['a'] })).toThrow(/not supported in SQL/);
  });
});

const INJECTIONS = [
  "'; DROP TABLE sales; --",
  "a' OR '1'='1",
  "\\'; DROP TABLE x; --",
  "\\' OR 1=1 #",
  "x') OR ('1'='1",
  '$$; DROP TABLE x; $$',
  '*/ DROP TABLE x /*',
  "日本語'; --",
  '\\',
  "''",
];

describe('injection attempts stay inside literals', () => {
  const shapes = [
    'SELECT * FROM t WHERE c IN ($v)',
    "SELECT * FROM t WHERE c = '$v'",
    "SELECT * FROM t WHERE c LIKE '%${v}%'",
    'SELECT * FROM t WHERE c = ${v:sqlstring} AND d IN ([[v]])',
  ];
  const engines: EngineType[] = ['duckdb', 'mysql', 'starrocks', 'druid'];
  it.each(engines.flatMap((e) => shapes.map((s) => [e, s] as const)))('%s: %s', (engine, shape) => {
    const out = run(engine, shape, { v: INJECTIONS });
    expect(() => assertReadOnly(out, engine)).not.toThrow();
    const code = tokenize(out, LEX_PROFILES[engine]).filter((t) => t.kind !== 'string');
    expect(code.map((t) => t.text).join('')).not.toMatch(/DROP|OR|--|#|\/\*/);
  });
});

/** DuckDB reads the values back exactly: quoting is correct, not just harmless. */
describe('DuckDB reads interpolated values back', () => {
  let conn: DuckDBConnection;
  beforeAll(async () => {
    conn = await (await DuckDBInstance.create(':memory:')).connect();
  });
  afterAll(() => conn?.closeSync());

  it.each(INJECTIONS)('%j', async (value) => {
    const sql = run('duckdb', "SELECT $v AS a, '$v' AS b, 'pre:${v}' AS c, [${v:csv}] AS d", { v: [value] });
    const row = (await conn.runAndReadAll(sql)).getRowsJS()[0];
    expect(row).toEqual([value, value, `pre:${value}`, [value]]);
  });

  it('multi-value lists', async () => {
    const sql = run('duckdb', 'SELECT [$v] AS l', { v: ['a', "b'c", 'd,e'] });
    expect((await conn.runAndReadAll(sql)).getRowsJS()[0][0]).toEqual(['a', "b'c", 'd,e']);
  });
});
