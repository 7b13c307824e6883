import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { dialects } from '../sql/dialects';
import { toDataFrame, toExactNumber, type ColumnSpec } from '../frames/data-frame';
import { PulseboardError, abortError } from '../errors';
import type { DataFrame, FieldType } from '../frames/types';
import { SCHEMA_MAX_CATALOG_COLUMNS, toSchema } from './schema';
import type { DataSourceDriver, QueryOptions, SchemaSnapshot } from './types';

export interface DuckDbOptions {
  /** Database file; `:memory:` for tests. */
  path: string;
  /** Read connections kept open for queries. */
  poolSize?: number;
}

const TIME_TYPES = new Set([
  DuckDBTypeId.TIMESTAMP,
  DuckDBTypeId.TIMESTAMP_S,
  DuckDBTypeId.TIMESTAMP_MS,
  DuckDBTypeId.TIMESTAMP_NS,
  DuckDBTypeId.TIMESTAMP_TZ,
  DuckDBTypeId.DATE,
]);
const INT_TYPES = new Set([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UHUGEINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
  DuckDBTypeId.DECIMAL,
]);

function fieldType(id: DuckDBTypeId): FieldType {
  if (TIME_TYPES.has(id)) return 'time';
  if (INT_TYPES.has(id)) return 'number';
  if (id === DuckDBTypeId.BOOLEAN) return 'boolean';
  return 'string';
}

function convert(v: unknown, json: unknown, type: FieldType, id: DuckDBTypeId): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'time') return v instanceof Date ? v.getTime() : null;
  if (type === 'number') {
    // DECIMAL comes back as a double in JS form; the JSON form keeps every digit.
    if (id === DuckDBTypeId.DECIMAL) return toExactNumber(String(json));
    return toExactNumber(v as number | bigint);
  }
  if (type === 'boolean') return Boolean(v);
  return typeof v === 'string' ? v : String(json ?? v);
}

/** Embedded DuckDB: one instance per file, a small pool of read connections and one serialized writer. */
export class DuckDbDriver implements DataSourceDriver {
  readonly type = 'duckdb' as const;
  readonly dialect = dialects.duckdb;
  private instance?: Promise<DuckDBInstance>;
  private idle: DuckDBConnection[] = [];
  private writer?: Promise<DuckDBConnection>;
  private writeChain: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: DuckDbOptions) {}

  private getInstance(): Promise<DuckDBInstance> {
    if (!this.instance) {
      if (this.opts.path !== ':memory:') fs.mkdirSync(path.dirname(this.opts.path), { recursive: true });
      this.instance = DuckDBInstance.create(this.opts.path, {
        // Panel SQL must not read or write files (read_csv('/etc/passwd'), COPY, ATTACH): keep DuckDB to its own database.
        enable_external_access: 'false',
      });
    }
    return this.instance;
  }

  private async acquire(): Promise<DuckDBConnection> {
    return this.idle.pop() ?? (await this.getInstance()).connect();
  }

  private release(conn: DuckDBConnection): void {
    if (this.idle.length < (this.opts.poolSize ?? 4)) this.idle.push(conn);
    else conn.closeSync();
  }

  async query(sql: string, params: unknown[] = [], opts: QueryOptions = {}): Promise<DataFrame> {
    opts.signal?.throwIfAborted();
    const conn = await this.acquire();
    const onAbort = () => conn.interrupt();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const cap = opts.maxRows ?? 100_000;
      const reader = await conn.streamAndReadUntil(sql, cap + 1, params as DuckDBValue[]);
      const ids = reader.columnTypes().map((t) => t.typeId);
      const columns: ColumnSpec[] = reader.columnNames().map((name, i) => ({ name, type: fieldType(ids[i]) }));
      const js = reader.getColumnsJS();
      const json = ids.some((id) => id === DuckDBTypeId.DECIMAL) ? reader.getColumnsJson() : [];
      const truncated = reader.currentRowCount > cap;
      // An empty result has no chunks, so no column arrays: its columns are still typed, with no values.
      const values = columns.map((c, i) =>
        (truncated ? js[i].slice(0, cap) : (js[i] ?? [])).map((v, r) => convert(v, json[i]?.[r], c.type, ids[i])),
      );
      return toDataFrame('', columns, values, truncated);
    } catch (err) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      throw new PulseboardError(`DuckDB: ${(err as Error).message}`, 400, 'query_failed');
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      this.release(conn);
    }
  }

  /** Run statements on the single writer connection, one batch at a time (ingest and simulator). */
  write<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    this.writer ??= this.getInstance().then((i) => i.connect());
    const run = this.writeChain.then(async () => fn(await this.writer!));
    this.writeChain = run.catch(() => undefined);
    return run;
  }

  /** Tables and views of the database's `main` schema, from `information_schema.columns`. */
  async fetchSchema(opts: QueryOptions = {}): Promise<SchemaSnapshot> {
    const frame = await this.query(
      `SELECT table_name, column_name, data_type, ordinal_position FROM information_schema.columns
       WHERE table_catalog = current_database() AND table_schema = 'main'`,
      [],
      { ...opts, maxRows: SCHEMA_MAX_CATALOG_COLUMNS },
    );
    return toSchema(frame, 'main');
  }

  async testConnection(): Promise<void> {
    await this.query('SELECT 1 AS ok');
  }

  async close(): Promise<void> {
    await this.writeChain;
    for (const c of this.idle.splice(0)) c.closeSync();
    if (this.writer) (await this.writer).closeSync();
    if (this.instance) (await this.instance).closeSync();
    this.instance = undefined;
    this.writer = undefined;
  }
}
