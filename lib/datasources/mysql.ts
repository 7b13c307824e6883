import mysql, { type FieldPacket, type Pool, type PoolConnection } from 'mysql2/promise';
import type { Connection as CoreConnection } from 'mysql2';
import { dialects } from '../sql/dialects';
import { toDataFrame, type ColumnSpec } from '../frames/data-frame';
import { PulseboardError, abortError } from '../errors';
import type { DataFrame } from '../frames/types';
import { SCHEMA_MAX_CATALOG_COLUMNS, toSchema } from './schema';
import type { DataSourceDriver, QueryOptions, SchemaSnapshot } from './types';
import { columnType, convert, isDead, toEngineError } from './mysql-values';

export interface MySqlOptions {
  type: 'mysql' | 'starrocks';
  /** `mysql://user:pass@host:port/database` */
  url: string;
  poolSize?: number;
  /** Engine-side statement timeout, also the session default. */
  queryTimeoutMs: number;
}

/**
 * One mysql2 pool for `mysql` (MySQL/MariaDB) and `starrocks`: same protocol, different dialect and timeout
 * variable. Client-side escaping (`pool.query`), never server-side prepared statements (StarRocks < 3.2).
 */
export class MySqlDriver implements DataSourceDriver {
  readonly type: 'mysql' | 'starrocks';
  readonly dialect;
  private pool?: Pool;
  private killer?: Promise<mysql.Connection>;
  private ready = new WeakSet<object>();
  private flavor?: 'mariadb' | 'mysql' | 'starrocks';
  readonly where: string;

  constructor(private readonly opts: MySqlOptions) {
    this.type = opts.type;
    this.dialect = dialects[opts.type];
    const u = new URL(opts.url);
    this.where = `${opts.type} at ${u.hostname}:${u.port || 3306}`;
  }

  private getPool(): Pool {
    this.pool ??= mysql.createPool({
      uri: this.opts.url,
      connectionLimit: this.opts.poolSize ?? 8,
      timezone: 'Z',
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      connectTimeout: 5000,
      enableKeepAlive: true,
      multipleStatements: false,
    });
    return this.pool;
  }

  /** Session setup once per connection: UTC and the engine's own statement timeout. */
  private async prepare(conn: PoolConnection): Promise<void> {
    if (this.ready.has(conn.connection)) return;
    if (!this.flavor) {
      const [rows] = await conn.query<mysql.RowDataPacket[]>('SELECT VERSION() AS v');
      this.flavor = this.type === 'starrocks' ? 'starrocks' : /mariadb/i.test(String(rows[0]?.v)) ? 'mariadb' : 'mysql';
    }
    const s = Math.max(1, Math.ceil(this.opts.queryTimeoutMs / 1000));
    const timeout = {
      starrocks: `SET query_timeout = ${s}`,
      mariadb: `SET SESSION max_statement_time = ${s}`,
      mysql: `SET SESSION max_execution_time = ${s * 1000}`,
    }[this.flavor];
    await conn.query("SET time_zone = '+00:00'");
    await conn.query(timeout);
    this.ready.add(conn.connection);
  }

  private async acquire(): Promise<PoolConnection> {
    for (let attempt = 0; ; attempt++) {
      let conn: PoolConnection | undefined;
      try {
        conn = await this.getPool().getConnection();
        // A pooled connection whose socket died while idle (server restart) is dropped, not used.
        if (isDead(conn) && attempt < 3) {
          conn.destroy();
          continue;
        }
        await this.prepare(conn);
        return conn;
      } catch (err) {
        conn?.destroy();
        throw toEngineError(err, this.where);
      }
    }
  }

  /** `KILL QUERY` from a separate connection, so the engine stops and not only the client. */
  async kill(threadId: number): Promise<void> {
    try {
      this.killer ??= mysql.createConnection({ uri: this.opts.url, connectTimeout: 5000 });
      await (await this.killer).query(`KILL QUERY ${Number(threadId)}`);
    } catch {
      this.killer = undefined; // the next kill reconnects
    }
  }

  async query(sql: string, params: unknown[] = [], opts: QueryOptions = {}, retry = true): Promise<DataFrame> {
    opts.signal?.throwIfAborted();
    let conn: PoolConnection | undefined = await this.acquire();
    const thread = conn.threadId;
    const onAbort = () => void this.kill(thread);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    let broken = false;
    try {
      return await this.stream(conn!, mysql.format(sql, params as never[]), opts.maxRows ?? 100_000, opts.signal);
    } catch (err) {
      broken = isDead(conn) || !!opts.signal?.aborted || (err as { code?: string }).code === 'PROTOCOL_CONNECTION_LOST';
      if (opts.signal?.aborted) throw abortError(opts.signal);
      // A pooled connection that died while idle (server restart): once more on a fresh one.
      if (broken && retry) {
        conn.destroy();
        broken = false;
        conn = undefined;
        return this.query(sql, params, opts, false);
      }
      throw toEngineError(err, this.where);
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      if (broken) conn?.destroy();
      else conn?.release();
    }
  }

  /** Read rows as they stream; past the cap the query is killed and the frame marked truncated. */
  private stream(conn: PoolConnection, sql: string, cap: number, signal?: AbortSignal): Promise<DataFrame> {
    const core = conn.connection as unknown as CoreConnection;
    let lost: (err?: Error) => void = () => {};
    return new Promise<DataFrame>((resolve, reject) => {
      // A lost connection errors on the connection, not the query; an aborted query gets a moment for KILL.
      lost = (err?: Error) =>
        reject(
          err ?? Object.assign(new Error('Connection to the server was lost'), { code: 'PROTOCOL_CONNECTION_LOST' }),
        );
      core.once('error', lost);
      core.once('end', lost);
      signal?.addEventListener('abort', () => setTimeout(() => reject(signal.reason), 1000).unref(), { once: true });
      let fields: FieldPacket[] = [];
      const rows: unknown[][] = [];
      let truncated = false;
      const q = core.query({ sql, rowsAsArray: true });
      q.on('fields', (f: FieldPacket[]) => {
        fields = f;
      });
      q.on('result', (row: unknown) => {
        if (rows.length < cap) rows.push(row as unknown[]);
        else if (!truncated) {
          truncated = true;
          void this.kill(conn.threadId);
        }
      });
      q.on('error', (err: Error) => (truncated ? undefined : reject(err)));
      q.on('end', () => resolve(this.toFrame(fields, rows, truncated)));
    }).finally(() => {
      core.removeListener('error', lost);
      core.removeListener('end', lost);
    });
  }

  private toFrame(fields: FieldPacket[], rows: unknown[][], truncated: boolean): DataFrame {
    const raw = fields.map((_, c) => rows.map((r) => r[c]));
    const columns: ColumnSpec[] = fields.map((f, c) => ({ name: f.name, type: columnType(f, raw[c]) }));
    return toDataFrame(
      '',
      columns,
      raw.map((vals, c) => vals.map((v) => convert(v, columns[c].type))),
      truncated,
    );
  }

  /** Statements that write (DDL, INSERT) on one pooled connection; not for viewer SQL. */
  async execute<T = unknown>(fn: (conn: PoolConnection) => Promise<T>): Promise<T> {
    const conn = await this.acquire();
    try {
      return await fn(conn);
    } catch (err) {
      if (err instanceof PulseboardError) throw err; // already says what was wrong (a refused row names itself)
      throw toEngineError(err, this.where);
    } finally {
      conn.release();
    }
  }

  /** `CREATE DATABASE IF NOT EXISTS` for the URL's database, through a connection that names none. */
  async ensureDatabase(): Promise<string> {
    const u = new URL(this.opts.url);
    const db = decodeURIComponent(u.pathname.slice(1));
    if (!db) throw new PulseboardError(`The ${this.type} URL names no database`, 400);
    u.pathname = '/';
    try {
      const conn = await mysql.createConnection({ uri: u.toString(), connectTimeout: 5000 });
      await conn.query(`CREATE DATABASE IF NOT EXISTS ${this.dialect.quoteIdentifier(db)}`);
      await conn.end();
    } catch (err) {
      throw toEngineError(err, this.where);
    }
    return db;
  }

  /** Tables and views of the URL's database (the session's current one when it names none). */
  async fetchSchema(opts: QueryOptions = {}): Promise<SchemaSnapshot> {
    const db = decodeURIComponent(new URL(this.opts.url).pathname.slice(1));
    const frame = await this.query(
      `SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, ORDINAL_POSITION FROM information_schema.columns
       WHERE TABLE_SCHEMA = ${db ? '?' : 'DATABASE()'}`,
      db ? [db] : [],
      { ...opts, maxRows: SCHEMA_MAX_CATALOG_COLUMNS },
    );
    return toSchema(frame, db);
  }

  async testConnection(): Promise<void> {
    await this.query('SELECT 1 AS ok');
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end().catch(() => undefined);
    const k = this.killer;
    this.killer = undefined;
    await k?.then((c) => c.end()).catch(() => undefined);
  }
}
