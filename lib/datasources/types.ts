/**
 * What the query path needs from an engine: a driver (Cube's `DriverInterface` shaped like Grafana's
 * `DataSourceApi`) and the datasource settings it runs under. Types only, so the browser may import them.
 */
import type { EngineType } from '../engine-type';
import type { DataFrame } from '../frames/types';
import type { SqlDialect } from '../sql/types';

export interface QueryOptions {
  /** Aborting cancels the query in the engine, not only the wait for it. */
  signal?: AbortSignal;
  /** Row cap; the driver stops reading past it and marks the frame truncated. */
  maxRows?: number;
}

/** A column as the engine's catalog lists it. */
interface SchemaColumn {
  name: string;
  /** The engine's own type name (`TIMESTAMP`, `varchar`, `DOUBLE`…). */
  type: string;
}

/** A table (or view) the datasource can query. */
export interface SchemaTable {
  name: string;
  /** The schema or database it lives in (`main`, the MySQL database, `druid`); SQL names the table without it. */
  schema?: string;
  /** In the table's own order. */
  columns?: SchemaColumn[];
}

/** The tables of a datasource's catalog, as one read found them. */
export interface SchemaSnapshot {
  tables: SchemaTable[];
  /** The catalog had more columns than one read takes. */
  truncated: boolean;
}

/** One live connection/pool to an engine. */
export interface DataSourceDriver {
  type: EngineType;
  dialect: SqlDialect;
  /** Run one read-only statement and return a columnar frame (refId left empty for the caller to set). */
  query(sql: string, params?: unknown[], opts?: QueryOptions): Promise<DataFrame>;
  /** The tables and columns SQL on this datasource can name (its engine's catalog), for autocomplete. */
  fetchSchema(opts?: QueryOptions): Promise<SchemaSnapshot>;
  /** Cheap round-trip proving the engine answers (`SELECT 1`). Throws with a readable message otherwise. */
  testConnection(): Promise<void>;
  /** Release pools/instances. */
  close(): Promise<void>;
}

/** A datasource as the server shows and uses it: no secrets. */
export interface DataSourceConfig {
  uid: string;
  name: string;
  type: EngineType;
  /** The engine cancels a query running longer than this. */
  queryTimeoutMs: number;
  /** Rows read at most per query; more marks the frame truncated. */
  maxRows: number;
  /** Queries running at once on this datasource; more wait their turn. */
  maxConcurrent: number;
  /** What `$__timeColumn` expands to in this datasource's SQL (default `ts`). */
  timeColumn?: string;
  /**
   * Live panels re-read every tick the rows this far behind now (like a stream processor's watermark), so rows
   * written late, or committed after the tick that covered their time, still show within a tick.
   */
  liveLatenessMs?: number;
  /** Live panels re-read their whole range this often, catching rows later than the lateness. */
  liveReconcileMs?: number;
}

/** Connection settings of an external engine, secrets included: server side only. */
export interface EngineConfig extends DataSourceConfig {
  url: string;
  poolSize: number;
  /** Druid's Basic auth; MySQL-protocol engines carry theirs in `url`. */
  user?: string;
  password?: string;
}
