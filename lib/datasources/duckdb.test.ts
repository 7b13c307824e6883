import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbDriver } from './duckdb';

const driver = new DuckDbDriver({ path: ':memory:' });
afterAll(() => driver.close());

describe('DuckDbDriver.query', () => {
  it('returns typed, empty columns when no row matches (a panel shows "No data", not an error)', async () => {
    const f = await driver.query(
      "SELECT TIMESTAMP '2024-01-01' AS time, 'a' AS sensor_id, 1.5::DECIMAL(12,2) AS amount, 2 AS n WHERE false",
    );
    expect(f.length).toBe(0);
    expect(f.fields.map((x) => [x.name, x.type, x.values])).toEqual([
      ['time', 'time', []],
      ['sensor_id', 'string', []],
      ['amount', 'number', []],
      ['n', 'number', []],
    ]);
  });

  it('still reads rows and exact decimals', async () => {
    const f = await driver.query("SELECT 12345678901.25::DECIMAL(14,2) AS amount, 'x' AS s");
    expect(f.length).toBe(1);
    expect(f.fields[0].values).toEqual([12345678901.25]);
  });
});
