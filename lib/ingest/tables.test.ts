import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIngestBody } from './parse';
import { DUCKDB_DDL, INGEST_TABLES, rowValues, utcDateTimeText, type IngestTable } from './tables';
import { FC_SEED } from '../testing/fc-seed';

const sensor = { sensor_id: 'sensor-1', temperature: 21.5, humidity: 40 };
const order = { city: 'Lima', lat: -12, lon: -77, product: 'Ceviche', category: 'Food', quantity: 2, unit_price: 12.9 };
const bad = (table: IngestTable, row: object) => () => parseIngestBody(table, JSON.stringify([row]));

describe('ingest rows are refused when a query could not use them', () => {
  it.each([
    ['a NUL byte', 'sensor\u0000-1'],
    ['a newline inside', 'sensor\n1'],
    ['an escape character', '\u001b[31mred'],
    ['a C1 control character', 'a\u0085b'],
    ['DEL', 'a\u007fb'],
  ])('sensor_id with %s', (_what, id) => {
    expect(bad('sensor_data', { ...sensor, sensor_id: id })).toThrow(/row 0, field sensor_id: .*control character/);
  });

  it('text that is not valid Unicode (a lone surrogate)', () => {
    expect(bad('sales', { ...order, city: 'Li\ud800ma' })).toThrow(/row 0, field city: .*Unicode/);
  });

  it('text longer than its column holds, counted in UTF-8 bytes as StarRocks does', () => {
    expect(() =>
      parseIngestBody('sensor_data', JSON.stringify([{ ...sensor, sensor_id: 'x'.repeat(64) }])),
    ).not.toThrow();
    expect(bad('sensor_data', { ...sensor, sensor_id: 'x'.repeat(65) })).toThrow(
      /row 0, field sensor_id: at most 64 bytes/,
    );
    expect(bad('sales', { ...order, city: 'ã'.repeat(33) })).toThrow(/row 0, field city: at most 64 bytes/);
    expect(() => parseIngestBody('sales', JSON.stringify([{ ...order, product: 'p'.repeat(128) }]))).not.toThrow();
    expect(bad('sales', { ...order, product: 'p'.repeat(129) })).toThrow(/field product: at most 128 bytes/);
  });

  it.each([
    '+275760-09-13T00:00:00.000Z',
    '+100000-01-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '-001000-01-01T00:00:00Z',
    '1969-12-31T23:59:59Z',
    '2100-01-01T00:00:00.001Z',
    'Jan 1',
    '2026-02-30T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '1e12',
  ])('a timestamp outside 1970..2100 or not ISO-8601: %s', (ts) => {
    expect(bad('sensor_data', { ...sensor, ts })).toThrow(/row 0, field ts: /);
  });

  it('accepts ISO-8601 timestamps with zones and fractions, and epoch ms, within range', () => {
    const parse = (ts: unknown) =>
      (parseIngestBody('sensor_data', JSON.stringify([{ ...sensor, ts }]))[0] as { ts: number }).ts;
    expect(parse('2026-01-01T10:00:00+02:00')).toBe(Date.UTC(2026, 0, 1, 8));
    expect(parse('2026-01-01 00:00:01.123456')).toBe(Date.UTC(2026, 0, 1, 0, 0, 1, 123));
    expect(parse('2026-01-01')).toBe(Date.UTC(2026, 0, 1));
    expect(parse('1970-01-01T00:00:00Z')).toBe(0);
    expect(parse(4_102_444_800_000)).toBe(4_102_444_800_000);
    expect(bad('sensor_data', { ...sensor, ts: 4_102_444_800_001 })).toThrow(/field ts/);
  });

  it('amounts that DECIMAL(12,2) cannot hold, given or computed', () => {
    expect(bad('sales', { ...order, amount: 1e15 })).toThrow(/row 0, field amount: /);
    expect(bad('sales', { ...order, quantity: 100_000, unit_price: 1_000_000 })).toThrow(
      /row 0, field amount: quantity × unit_price/,
    );
    expect(() =>
      parseIngestBody('sales', JSON.stringify([{ ...order, quantity: 10_000, unit_price: 999_999.99 }])),
    ).not.toThrow();
  });
});

describe('utcDateTimeText', () => {
  it('writes YYYY-MM-DD hh:mm:ss.mmm in UTC', () => {
    expect(utcDateTimeText(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toBe('2026-01-02 03:04:05.006');
    expect(utcDateTimeText(0)).toBe('1970-01-01 00:00:00.000');
  });

  it('refuses what is not a four-digit year instead of cutting it wrong', () => {
    expect(() => utcDateTimeText(Date.UTC(100_000, 0, 1))).toThrow(/year/);
    expect(() => utcDateTimeText(-62_198_755_200_000)).toThrow(/year/);
    expect(() => utcDateTimeText(Number.NaN)).toThrow();
  });
});

/**
 * The property behind the rules above: whatever the schema accepts, the engine stores. Generated rows (valid,
 * borderline and hostile values) that pass validation all insert into the real DuckDB tables.
 */
describe('validation matches the DuckDB column types', () => {
  let conn: DuckDBConnection;
  let instance: DuckDBInstance;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
    conn = await instance.connect();
    for (const ddl of DUCKDB_DDL) await conn.run(ddl);
  });
  afterAll(() => {
    conn.closeSync();
    instance.closeSync();
  });

  // Mostly plausible values near the limits, plus hostile ones: the property is about the borderline.
  const text = fc.oneof(
    { arbitrary: fc.string({ minLength: 1, maxLength: 70 }), weight: 8 },
    { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), weight: 2 },
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('Lima', 'São Paulo', '', ' ', 'a\u0000b', 'x'.repeat(64), 'é'.repeat(32)),
  );
  const num = fc.oneof(
    { arbitrary: fc.double({ min: -200, max: 1.2e10, noNaN: true }), weight: 3 },
    { arbitrary: fc.integer({ min: -10, max: 200_000 }), weight: 3 },
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(0, 1, 100, 9_999_999_999.99, 1e10, 99_999_999.99, 1_000_000, 0.005, -0),
  );
  const ts = fc.oneof(
    { arbitrary: fc.integer({ min: -1e12, max: 5e12 }), weight: 2 },
    fc.integer({ min: -1e15, max: 1e16 }),
    fc
      .date({ min: new Date(Date.UTC(1960, 0)), max: new Date(Date.UTC(2110, 0)), noInvalidDate: true })
      .map((d) => d.toISOString()),
    fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toISOString()),
    fc
      .date({ min: new Date(Date.UTC(1960, 0)), max: new Date(Date.UTC(2110, 0)), noInvalidDate: true })
      .map((d) => d.toISOString().replace('T', ' ').replace('Z', '+05:30')),
  );
  // Each field is usually plausible and sometimes hostile, so that whole rows pass often enough to matter.
  const or = <T>(valid: fc.Arbitrary<T>, hostile: fc.Arbitrary<unknown>) =>
    fc.oneof({ arbitrary: valid, weight: 5 }, { arbitrary: hostile, weight: 1 });
  const rows: Record<IngestTable, fc.Arbitrary<Record<string, unknown>>> = {
    sensor_data: fc.record(
      {
        sensor_id: text,
        temperature: or(fc.double({ min: -100, max: 200, noNaN: true }), num),
        humidity: or(fc.double({ min: 0, max: 100, noNaN: true }), num),
        ts,
      },
      { requiredKeys: ['sensor_id', 'temperature', 'humidity'] },
    ),
    sales: fc.record(
      {
        ts,
        city: text,
        lat: or(fc.double({ min: -90, max: 90, noNaN: true }), num),
        lon: or(fc.double({ min: -180, max: 180, noNaN: true }), num),
        product: text,
        category: text,
        quantity: or(fc.integer({ min: 1, max: 100_000 }), num),
        unit_price: or(fc.double({ min: 0, max: 1_000_000, noNaN: true }), num),
        amount: or(fc.double({ min: 0, max: 1.1e10, noNaN: true }), num),
      },
      { requiredKeys: ['city', 'lat', 'lon', 'product', 'category', 'quantity', 'unit_price'] },
    ),
  };

  for (const table of Object.keys(INGEST_TABLES) as IngestTable[]) {
    it(`${table}: every accepted row inserts`, async () => {
      const cols = INGEST_TABLES[table].columns;
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(rows[table], async (row) => {
          const r = INGEST_TABLES[table].schema.safeParse(row);
          if (!r.success) return;
          accepted++;
          const vals = rowValues(table, r.data, Date.now(), () => 1);
          const cells = cols.map((c, i) => (c === 'ts' ? `CAST($${i + 1} AS TIMESTAMP)` : `$${i + 1}`));
          await conn.run('BEGIN TRANSACTION');
          try {
            await conn.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cells.join(', ')})`, vals as never);
          } finally {
            await conn.run('ROLLBACK');
          }
        }),
        { seed: FC_SEED, numRuns: 400 },
      );
      expect(accepted).toBeGreaterThan(20);
    });
  }
});
