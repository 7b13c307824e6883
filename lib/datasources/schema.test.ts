/**
 * The autocomplete schema: the DuckDB driver's catalog read on a real in-memory DuckDB, the cache, and what one
 * request is answered (prefix, limit, column budget, one table). MariaDB's catalog: mysql.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbDriver } from './duckdb';
import { SchemaCache, SchemaQuerySchema, selectSchema, toSchema } from './schema';
import { toDataFrame } from '../frames/data-frame';
import type { SchemaSnapshot } from './types';

let duck: DuckDbDriver;

beforeAll(async () => {
  duck = new DuckDbDriver({ path: ':memory:' });
  await duck.write(async (c) => {
    await c.run('CREATE TABLE sensor_data (id BIGINT, sensor_id VARCHAR, temperature DOUBLE, ts TIMESTAMP)');
    await c.run('CREATE TABLE Sales (order_id BIGINT, city VARCHAR, amount DECIMAL(10, 2), ts TIMESTAMP)');
    await c.run('CREATE VIEW sales_by_city AS SELECT city, sum(amount) AS total FROM Sales GROUP BY city');
    await c.run('CREATE SCHEMA other');
    await c.run('CREATE TABLE other.hidden (x INTEGER)');
    // Twelve columns: their order must survive (a text sort would put c10 before c2).
    await c.run(`CREATE TABLE wide (${Array.from({ length: 12 }, (_, i) => `c${i + 1} INTEGER`).join(', ')})`);
  });
});

afterAll(async () => {
  await duck.close();
});

const query = (q: Record<string, string> = {}) => SchemaQuerySchema.parse(q);

describe('DuckDB catalog', () => {
  it("lists the main schema's tables and views by name, columns in their order with DuckDB's types", async () => {
    const s = await duck.fetchSchema();
    expect(s.truncated).toBe(false);
    expect(s.tables.map((t) => t.name)).toEqual(['Sales', 'sales_by_city', 'sensor_data', 'wide']);
    expect(s.tables[0]).toEqual({
      name: 'Sales',
      schema: 'main',
      columns: [
        { name: 'order_id', type: 'BIGINT' },
        { name: 'city', type: 'VARCHAR' },
        { name: 'amount', type: 'DECIMAL(10,2)' },
        { name: 'ts', type: 'TIMESTAMP' },
      ],
    });
    expect(s.tables[1].columns).toEqual([
      { name: 'city', type: 'VARCHAR' },
      { name: 'total', type: 'DECIMAL(38,2)' },
    ]);
    expect(s.tables[3].columns!.map((c) => c.name)).toEqual(Array.from({ length: 12 }, (_, i) => `c${i + 1}`));
  });
});

describe('toSchema', () => {
  it('groups rows in any order, sorts columns by ordinal (numbers or strings) and marks a cut read', () => {
    const frame = toDataFrame(
      '',
      [
        { name: 't', type: 'string' },
        { name: 'c', type: 'string' },
        { name: 'y', type: 'string' },
        { name: 'o', type: 'string' },
      ],
      [
        ['b', 'a', 'b', 'a'],
        ['b2', 'a1', 'b10', 'a0'],
        ['BIGINT', 'VARCHAR', null, 'TIMESTAMP'],
        ['2', 1, '10', 0],
      ],
      true,
    );
    expect(toSchema(frame, 'druid')).toEqual({
      tables: [
        {
          name: 'a',
          schema: 'druid',
          columns: [
            { name: 'a0', type: 'TIMESTAMP' },
            { name: 'a1', type: 'VARCHAR' },
          ],
        },
        {
          name: 'b',
          schema: 'druid',
          columns: [
            { name: 'b2', type: 'BIGINT' },
            { name: 'b10', type: '' },
          ],
        },
      ],
      truncated: true,
    });
  });
});

describe('selectSchema', () => {
  const snapshot = (n: number, cols: number): SchemaSnapshot & { cachedAt: number } => ({
    tables: Array.from({ length: n }, (_, i) => ({
      name: `t${String(i).padStart(4, '0')}`,
      schema: 'main',
      columns: Array.from({ length: cols }, (_, j) => ({ name: `c${j}`, type: 'INTEGER' })),
    })),
    truncated: false,
    cachedAt: 42,
  });

  it('answers tables starting with the prefix in any case, up to the limit, and says when more matched', () => {
    const s = snapshot(1000, 2);
    const a = selectSchema(s, query({ prefix: 'T00', limit: '5' }));
    expect(a.tables.map((t) => t.name)).toEqual(['t0000', 't0001', 't0002', 't0003', 't0004']);
    expect(a.truncated).toBe(true);
    expect(a.cachedAt).toBe(42);
    const b = selectSchema(s, query({ prefix: 't099' }));
    expect(b.tables).toHaveLength(10);
    expect(b.truncated).toBe(false);
    expect(selectSchema(s, query()).tables).toHaveLength(200);
    expect(selectSchema(s, query({ prefix: 'zzz' }))).toEqual({ tables: [], truncated: false, cachedAt: 42 });
  });

  it('lists tables past the column budget without their columns', () => {
    const a = selectSchema(snapshot(1000, 10), query({ limit: '1000' }));
    expect(a.tables).toHaveLength(1000);
    expect(a.tables.filter((t) => t.columns).length).toBe(500);
    expect(a.tables[500]).toEqual({ name: 't0500', schema: 'main' });
    expect(a.truncated).toBe(true);
  });

  it("answers one table's columns, matched exactly first and then in any case; an unknown one is an empty list", () => {
    const s = snapshot(3, 2);
    expect(selectSchema(s, query({ table: 'T0001' })).tables).toEqual([s.tables[1]]);
    expect(selectSchema(s, query({ table: 'nope' }))).toEqual({ tables: [], truncated: false, cachedAt: 42 });
  });
});

describe('SchemaQuerySchema', () => {
  it('defaults, and names a bad limit', () => {
    expect(query()).toEqual({ prefix: '', limit: 200 });
    expect(query({ prefix: '', limit: '', table: '' })).toEqual({ prefix: '', limit: 200 });
    for (const limit of ['0', '1001', 'abc', '-1', '1.5', '99999'])
      expect(SchemaQuerySchema.safeParse({ limit }).error?.issues[0]).toMatchObject({
        path: ['limit'],
        message: 'must be a whole number from 1 to 1000',
      });
    expect(SchemaQuerySchema.safeParse({ prefix: 'x'.repeat(257) }).success).toBe(false);
  });
});

describe('SchemaCache', () => {
  const snap: SchemaSnapshot = { tables: [{ name: 'a', columns: [] }], truncated: false };

  it('shares one read among callers, keeps it for the ttl, then reads again', async () => {
    let now = 1000;
    let reads = 0;
    const cache = new SchemaCache(60_000, () => now);
    const load = async () => {
      reads++;
      await new Promise((r) => setTimeout(r, 20));
      return snap;
    };
    const [a, b] = await Promise.all([cache.get('x', load), cache.get('x', load)]);
    expect(reads).toBe(1);
    expect(a).toBe(b);
    expect(a.cachedAt).toBe(1000);
    now += 59_999;
    await cache.get('x', load);
    expect(reads).toBe(1);
    now += 1;
    expect((await cache.get('x', load)).cachedAt).toBe(61_000);
    expect(reads).toBe(2);
    await cache.get('y', load);
    expect(reads).toBe(3);
  });

  it('does not keep a failed read', async () => {
    const cache = new SchemaCache();
    let fail = true;
    const load = async () => {
      if (fail) throw new Error('engine down');
      return snap;
    };
    await expect(Promise.all([cache.get('x', load), cache.get('x', load)])).rejects.toThrow('engine down');
    fail = false;
    expect((await cache.get('x', load)).tables).toEqual(snap.tables);
  });
});
