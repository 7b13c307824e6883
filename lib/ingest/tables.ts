import { z } from 'zod';
import { utcText } from '../sql/dialects';
import { parseIso } from '../sql/time-range';

/**
 * Row schemas that match the narrowest column type any engine gives the demo tables (DuckDB, MySQL/MariaDB,
 * StarRocks, Druid), so a row that passes is a row every engine stores and every query can use:
 * - timestamps from 1970-01-01 to 2100-01-01 UTC (DATETIME holds more; four-digit years keep the text form exact);
 * - text without control characters (a NUL cannot be quoted into SQL, so one stored value would break every query
 *   of a variable that lists it) and in valid Unicode, at most the column's VARCHAR(n) counted in UTF-8 bytes, as
 *   StarRocks counts;
 * - `amount` and `quantity × unit_price` within DECIMAL(12,2), `unit_price` within DECIMAL(10,2) (DuckDB's).
 */
const MIN_TS_MS = 0;
const MAX_TS_MS = Date.UTC(2100, 0, 1);
/** DECIMAL(12,2) */
const MAX_AMOUNT = 9_999_999_999.99;
const TS_RANGE = `between 1970-01-01 and 2100-01-01 UTC`;

/** Epoch ms, or an ISO-8601 date or date-time (`YYYY-MM-DD[Thh:mm[:ss[.fff]]][Z|±hh:mm]`, UTC unless it says otherwise). */
const Timestamp = z.union([z.number(), z.string().max(40)]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v : parseIso(v.trim())?.getTime();
  if (ms === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `not a timestamp: ${JSON.stringify(v)}; use epoch ms or ISO-8601 such as 2026-01-01T12:00:00Z`,
    });
    return z.NEVER;
  }
  if (!Number.isInteger(ms) || ms < MIN_TS_MS || ms > MAX_TS_MS) {
    ctx.addIssue({
      code: 'custom',
      message: `timestamp ${JSON.stringify(v)} is out of range: must be ${TS_RANGE}${typeof v === 'number' ? ', in whole epoch milliseconds' : ''}`,
    });
    return z.NEVER;
  }
  return ms;
});

const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /\p{Cs}/u;

/** Text for a VARCHAR(maxBytes) column that queries can quote on every engine. */
function text(maxBytes: number) {
  return z
    .string()
    .trim()
    .min(1)
    .superRefine((v, ctx) => {
      const control = CONTROL.exec(v);
      if (control) {
        const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
        ctx.addIssue({
          code: 'custom',
          message: `contains the control character U+${code} at position ${control.index}; text may not contain control characters`,
        });
      } else if (LONE_SURROGATE.test(v)) {
        ctx.addIssue({ code: 'custom', message: 'is not valid Unicode text (it has an unpaired surrogate)' });
      } else if (Buffer.byteLength(v, 'utf8') > maxBytes) {
        ctx.addIssue({
          code: 'custom',
          message: `at most ${maxBytes} bytes of UTF-8 (got ${Buffer.byteLength(v, 'utf8')})`,
        });
      }
    });
}

const finite = (min: number, max: number) => z.number().min(min).max(max);
const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const SensorRowSchema = z.strictObject({
  id: Id.optional(),
  sensor_id: text(64),
  temperature: finite(-100, 200),
  humidity: finite(0, 100),
  ts: Timestamp.optional(),
});

export const SalesRowSchema = z
  .strictObject({
    order_id: Id.optional(),
    ts: Timestamp.optional(),
    city: text(64),
    lat: finite(-90, 90),
    lon: finite(-180, 180),
    product: text(128),
    category: text(64),
    quantity: z.number().int().min(1).max(100_000),
    unit_price: finite(0, 1_000_000),
    amount: finite(0, MAX_AMOUNT).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.amount === undefined && r.quantity * r.unit_price > MAX_AMOUNT) {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: `quantity × unit_price = ${r.quantity * r.unit_price} exceeds what DECIMAL(12,2) holds (${MAX_AMOUNT}); send a smaller quantity or price`,
      });
    }
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
  return utcText(new Date(ms));
}

/**
 * One validated row as values in the table's column order: missing `ts` is now, missing `amount` is
 * quantity × unit_price, and a missing id comes from `newId` (null lets the engine fill it).
 */
export function rowValues(
  table: IngestTable,
  row: SensorRow | SalesRow,
  now: number,
  newId: () => number | null = () => null,
): unknown[] {
  const r = row as Record<string, unknown>;
  const idColumn = table === 'sales' ? 'order_id' : 'id';
  return INGEST_TABLES[table].columns.map((c) => {
    if (c === 'ts') return utcDateTimeText((r.ts as number | undefined) ?? now);
    if (c === 'amount') return r.amount ?? Math.round((r.quantity as number) * (r.unit_price as number) * 100) / 100;
    if (c === idColumn && r[c] === undefined) return newId();
    return r[c] ?? null;
  });
}
