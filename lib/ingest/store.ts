import type { PoolConnection } from 'mysql2/promise';
import type { DuckDbDriver } from '../datasources/duckdb';
import type { MySqlDriver } from '../datasources/mysql';
import { PulseboardError } from '../errors';
import type { DataSourceDriver } from '../datasources/types';
import { insertDuckDbRows, type IngestResult } from './duckdb-writer';
import { MYSQL_DDL } from './sql-ddl';
import { DUCKDB_DDL, INGEST_TABLES, rowValues, type IngestTable, type SalesRow, type SensorRow } from './tables';
import { locateRefusal, refusalError } from './refusal';
import { toEngineError } from '../datasources/mysql-values';

export type Row = SensorRow | SalesRow;

/** Where demo rows and `/api/ingest` batches are written: the demo datasource's own engine. */
export interface DemoStore {
  uid: string;
  ensureSchema(): Promise<void>;
  /** Epoch ms of the newest row of `table`, undefined when it has none (or does not exist yet). */
  newest(table: IngestTable): Promise<number | undefined>;
  /** All or nothing; with an idempotency key a batch already applied is a no-op. */
  insert(table: IngestTable, rows: Row[], idempotencyKey?: string): Promise<IngestResult>;
}

/** `max(<time column>)` of a table as epoch ms. */
export async function newestRow(
  driver: DataSourceDriver,
  table: IngestTable,
  timeColumn = 'ts',
): Promise<number | undefined> {
  const f = await driver.query(`SELECT max(${timeColumn}) AS newest FROM ${table}`);
  const v = f.fields[0]?.values[0];
  return typeof v === 'number' ? v : undefined;
}

export function duckDbStore(uid: string, driver: DuckDbDriver, ddl: readonly string[] = DUCKDB_DDL): DemoStore {
  return {
    uid,
    newest: (table) => newestRow(driver, table),
    ensureSchema: () =>
      driver.write(async (conn) => {
        for (const statement of ddl) await conn.run(statement);
      }),
    insert: (table, rows, key) => insertDuckDbRows(driver, table, rows, key),
  };
}

const CHUNK = 2000;
let lastId = 0;

/** Ids for engines without AUTO_INCREMENT (StarRocks DUPLICATE KEY tables, Druid): increasing, from a microsecond clock. */
export function nextId(): number {
  lastId = Math.max(lastId + 1, Date.now() * 1000);
  return lastId;
}

function insertSql(table: IngestTable, count: number, label?: string): string {
  const cols = INGEST_TABLES[table].columns;
  const tuple = `(${cols.map(() => '?').join(', ')})`;
  const withLabel = label ? ` WITH LABEL ${label}` : '';
  return `INSERT INTO ${table}${withLabel} (${cols.join(', ')}) VALUES ${Array(count).fill(tuple).join(', ')}`;
}

/** How a MySQL-protocol engine writes one batch on one connection. */
export type SqlBatchInsert = (
  conn: PoolConnection,
  table: IngestTable,
  rows: Row[],
  key?: string,
) => Promise<IngestResult>;

/** MySQL/MariaDB: one transaction per batch, idempotency keys in a table written in the same transaction. */
export async function insertMySql(
  conn: PoolConnection,
  table: IngestTable,
  rows: Row[],
  key?: string,
): Promise<IngestResult> {
  const now = Date.now();
  const values = rows.map((r) => rowValues(table, r, now));
  await conn.query('START TRANSACTION');
  try {
    if (key) {
      const [seen] = await conn.query<import('mysql2/promise').RowDataPacket[]>(
        'SELECT row_count FROM _pulseboard_ingest_keys WHERE idem_key = ? FOR UPDATE',
        [key],
      );
      if (seen.length) {
        await conn.query('ROLLBACK');
        return { table, inserted: Number(seen[0].row_count), replayed: true };
      }
    }
    await insertAllMySql(conn, table, values);
    if (key)
      await conn.query('INSERT INTO _pulseboard_ingest_keys VALUES (?, ?, ?, UTC_TIMESTAMP())', [
        key,
        table,
        rows.length,
      ]);
    await conn.query('COMMIT');
    return { table, inserted: rows.length, replayed: false };
  } catch (err) {
    await conn.query('ROLLBACK').catch(() => undefined);
    // A refused value (strict mode), not a lost connection: name the row and field with a 400.
    if (toEngineError(err, '').status !== 400) throw err;
    const refusal = await locateRefusal(
      table,
      values,
      (trial) => rolledBackMySql(conn, () => insertAllMySql(conn, table, trial)),
      now,
    );
    throw refusal ? refusalError(refusal, 'MySQL') : err;
  }
}

async function insertAllMySql(conn: PoolConnection, table: IngestTable, values: unknown[][]): Promise<void> {
  for (let i = 0; i < values.length; i += CHUNK) {
    const chunk = values.slice(i, i + CHUNK);
    await conn.query(insertSql(table, chunk.length), chunk.flat());
  }
}

async function rolledBackMySql(conn: PoolConnection, fn: () => Promise<void>): Promise<void> {
  await conn.query('START TRANSACTION');
  try {
    await fn();
  } finally {
    await conn.query('ROLLBACK');
  }
}

/**
 * StarRocks: one INSERT per batch is one load transaction (atomic). The idempotency key becomes the load label,
 * which StarRocks refuses to reuse, so a retried batch is a no-op (`INSERT INTO t WITH LABEL l …`,
 * https://docs.starrocks.io/docs/loading/InsertInto/).
 */
export async function insertStarRocks(
  conn: PoolConnection,
  table: IngestTable,
  rows: Row[],
  key?: string,
): Promise<IngestResult> {
  if (rows.length > 50_000)
    throw new PulseboardError('StarRocks batches are one INSERT: at most 50000 rows', 413, 'too_large');
  const label = key ? `pb_${key.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 120)}` : undefined;
  const now = Date.now();
  try {
    await conn.query(
      insertSql(table, rows.length, label),
      rows.flatMap((r) => rowValues(table, r, now, nextId)),
    );
    return { table, inserted: rows.length, replayed: false };
  } catch (err) {
    if (label && /label.*(already|exist|used)/i.test((err as Error).message))
      return { table, inserted: rows.length, replayed: true };
    throw err;
  }
}

/** A MySQL-protocol engine's store: its demo tables and its way of writing a batch (MySQL's unless given). */
export function sqlStore(
  uid: string,
  driver: MySqlDriver,
  ddl: readonly string[] = MYSQL_DDL,
  insert: SqlBatchInsert = insertMySql,
): DemoStore {
  return {
    uid,
    newest: (table) => newestRow(driver, table),
    ensureSchema: () =>
      driver.execute(async (conn) => {
        for (const statement of ddl) await conn.query(statement);
      }),
    insert: (table, rows, key) => driver.execute((conn) => insert(conn, table, rows, key)),
  };
}
