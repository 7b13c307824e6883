import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { DuckDbDriver } from '../datasources/duckdb';
import { INGEST_TABLES, rowValues, type IngestTable, type SalesRow, type SensorRow } from './tables';
import { locateRefusal, refusalError } from './refusal';

export interface IngestResult {
  table: IngestTable;
  inserted: number;
  /** True when the Idempotency-Key was seen before: nothing was written this time. */
  replayed: boolean;
}

const CHUNK = 1000;
const ID_COLUMN: Record<IngestTable, string> = { sensor_data: 'id', sales: 'order_id' };

async function insertChunk(conn: DuckDBConnection, table: IngestTable, rows: unknown[][]): Promise<void> {
  const cols = INGEST_TABLES[table].columns;
  const seq = `nextval('${table === 'sales' ? 'sales_order_id' : 'sensor_data_id'}_seq')`;
  const params: unknown[] = [];
  const tuples = rows.map((vals) => {
    const cells = vals.map((v, i) => {
      if (cols[i] === ID_COLUMN[table] && v === null) return seq;
      params.push(v);
      return cols[i] === 'ts' ? `CAST($${params.length} AS TIMESTAMP)` : `$${params.length}`;
    });
    return `(${cells.join(', ')})`;
  });
  await conn.run(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${tuples.join(', ')}`, params as DuckDBValue[]);
}

/** All-or-nothing batch insert. With an idempotency key, a batch already applied is a no-op. */
export async function insertDuckDbRows(
  driver: DuckDbDriver,
  table: IngestTable,
  rows: Array<SensorRow | SalesRow>,
  idempotencyKey?: string,
): Promise<IngestResult> {
  return driver.write(async (conn) => {
    if (idempotencyKey) {
      const seen = await conn.runAndReadAll('SELECT row_count FROM _pulseboard_ingest_keys WHERE idem_key = $1', [
        idempotencyKey,
      ]);
      if (seen.currentRowCount > 0) return { table, inserted: Number(seen.getRowsJS()[0][0]), replayed: true };
    }
    const now = Date.now();
    const values = rows.map((r) => rowValues(table, r, now));
    await conn.run('BEGIN TRANSACTION');
    try {
      await insertAll(conn, table, values);
      if (idempotencyKey) {
        await conn.run('INSERT INTO _pulseboard_ingest_keys VALUES ($1, $2, $3, now()::TIMESTAMP)', [
          idempotencyKey,
          table,
          rows.length,
        ]);
      }
      await conn.run('COMMIT');
    } catch (err) {
      await conn.run('ROLLBACK');
      // The engine refused a value validation let through: name the row and field (a 400), not a 500.
      const refusal = await locateRefusal(
        table,
        values,
        (trial) => rolledBack(conn, () => insertAll(conn, table, trial)),
        now,
      );
      throw refusal ? refusalError(refusal, 'DuckDB') : err;
    }
    return { table, inserted: rows.length, replayed: false };
  });
}

async function insertAll(conn: DuckDBConnection, table: IngestTable, values: unknown[][]): Promise<void> {
  for (let i = 0; i < values.length; i += CHUNK) await insertChunk(conn, table, values.slice(i, i + CHUNK));
}

async function rolledBack(conn: DuckDBConnection, fn: () => Promise<void>): Promise<void> {
  await conn.run('BEGIN TRANSACTION');
  try {
    await fn();
  } finally {
    await conn.run('ROLLBACK');
  }
}
