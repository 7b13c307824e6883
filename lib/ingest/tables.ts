import { z } from 'zod';

/** Epoch ms, or an ISO-8601 / `YYYY-MM-DD hh:mm:ss` string (UTC unless it says otherwise). */
const Timestamp = z.union([z.number().int().min(0).max(4102444800000), z.string().min(1).max(40)]).transform((v, ctx) => {
  const s = typeof v === 'string' && !/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? `${v.replace(' ', 'T')}Z` : v;
  const ms = typeof s === 'number' ? s : Date.parse(s);
  if (Number.isNaN(ms)) {
    ctx.addIssue({ code: 'custom', message: `not a timestamp: ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return ms;
});

const Name = z.string().trim().min(1).max(64);

export const SensorRowSchema = z.strictObject({
  id: z.number().int().positive().optional(),
  sensor_id: Name,
  temperature: z.number().min(-100).max(200),
  humidity: z.number().min(0).max(100),
  ts: Timestamp.optional(),
});

export const SalesRowSchema = z.strictObject({
  order_id: z.number().int().positive().optional(),
  ts: Timestamp.optional(),
  city: Name,
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  product: Name,
  category: Name,
  quantity: z.number().int().min(1).max(100_000),
  unit_price: z.number().min(0).max(1_000_000),
  amount: z.number().min(0).optional(),
});

export type SensorRow = z.output<typeof SensorRowSchema>;
export type SalesRow = z.output<typeof SalesRowSchema>;

/** Tables that accept writes, with their row schema and column order as stored. */
export const INGEST_TABLES = {
  sensor_data: { schema: SensorRowSchema, columns: ['id', 'sensor_id', 'temperature', 'humidity', 'ts'] },
  sales: {
    schema: SalesRowSchema,
    columns: ['order_id', 'ts', 'city', 'lat', 'lon', 'product', 'category', 'quantity', 'unit_price', 'amount'],
  },
} as const;

export type IngestTable = keyof typeof INGEST_TABLES;

export function isIngestTable(name: string): name is IngestTable {
  return Object.hasOwn(INGEST_TABLES, name);
}

/** DuckDB DDL for the demo tables; idempotent. Timestamps are naive UTC. */
export const DUCKDB_DDL = [
  'CREATE SEQUENCE IF NOT EXISTS sensor_data_id_seq START 1',
  'CREATE SEQUENCE IF NOT EXISTS sales_order_id_seq START 1',
  `CREATE TABLE IF NOT EXISTS sensor_data (
     id BIGINT DEFAULT nextval('sensor_data_id_seq'), sensor_id VARCHAR NOT NULL,
     temperature DOUBLE NOT NULL, humidity DOUBLE NOT NULL, ts TIMESTAMP NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS sales (
     order_id BIGINT DEFAULT nextval('sales_order_id_seq'), ts TIMESTAMP NOT NULL, city VARCHAR NOT NULL,
     lat DOUBLE NOT NULL, lon DOUBLE NOT NULL, product VARCHAR NOT NULL, category VARCHAR NOT NULL,
     quantity INTEGER NOT NULL, unit_price DECIMAL(10,2) NOT NULL, amount DECIMAL(12,2) NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS _pulseboard_ingest_keys (
     idem_key VARCHAR PRIMARY KEY, tbl VARCHAR NOT NULL, row_count INTEGER NOT NULL, created_at TIMESTAMP NOT NULL)`,
];

/** `YYYY-MM-DD hh:mm:ss.mmm` in UTC: how timestamps are written to every engine (naive UTC columns). */
export function utcDateTimeText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}

/**
 * One validated row as values in the table's column order: missing `ts` is now, missing `amount` is
 * quantity × unit_price, and a missing id comes from `newId` (null lets the engine fill it).
 */
export function rowValues(table: IngestTable, row: SensorRow | SalesRow, now: number, newId: () => number | null = () => null): unknown[] {
  const r = row as Record<string, unknown>;
  const idColumn = table === 'sales' ? 'order_id' : 'id';
  return INGEST_TABLES[table].columns.map((c) => {
    if (c === 'ts') return utcDateTimeText((r.ts as number | undefined) ?? now);
    if (c === 'amount') return r.amount ?? Math.round((r.quantity as number) * (r.unit_price as number) * 100) / 100;
    if (c === idColumn && r[c] === undefined) return newId();
    return r[c] ?? null;
  });
}
