import pg from 'pg';
import type { ClientBase } from 'pg';
import { duplicateError, scopedDb, toDollarParams, toParams, type Db, type SqlValue, type Statements } from './sql';

const UNIQUE_VIOLATION = '23505';

function toStoreError(err: unknown): unknown {
  if ((err as { code?: unknown }).code === UNIQUE_VIOLATION) return duplicateError((err as Error).message, err);
  return err;
}

function statements(client: pg.Pool | ClientBase): Statements {
  const query = async (sql: string, params: readonly SqlValue[] = []) => {
    try {
      return await client.query(toDollarParams(sql), toParams(params));
    } catch (err) {
      throw toStoreError(err);
    }
  };
  return {
    async all<T>(sql: string, params?: readonly SqlValue[]) {
      return (await query(sql, params)).rows as T[];
    },
    async run(sql, params) {
      const r = await query(sql, params);
      const id = r.command === 'INSERT' ? (r.rows[0] as { id?: number } | undefined)?.id : undefined;
      return { changes: r.rowCount ?? 0, lastId: id };
    },
  };
}

/** `postgres://host:port/db` of a connection URL: no user, password or query options (they may hold secrets). */
export function postgresLocation(url: string): string {
  const u = new URL(url);
  return `postgres://${u.hostname || 'localhost'}:${u.port || 5432}${u.pathname}`;
}

/**
 * A pg pool on `url`. BIGINT (ids, epoch-ms times, COUNT) is parsed to a JS number on this pool only: pg's default
 * is a string, and every value the store keeps fits in 2^53.
 */
export function openPostgres(url: string): Db {
  const types = new pg.TypeOverrides();
  types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
  const pool = new pg.Pool({ connectionString: url, types, max: 5, connectionTimeoutMillis: 10_000 });
  // An idle client whose server went away is dropped by the pool; unhandled, the event would end the process.
  pool.on('error', () => {});
  const direct = statements(pool);
  let closed: Promise<void> | undefined;

  return {
    kind: 'postgres',
    all: <T>(sql: string, params?: readonly SqlValue[]) => direct.all<T>(sql, params),
    run: (sql, params) => direct.run(sql, params),
    async tx(fn) {
      const client = await pool.connect();
      const scoped = scopedDb('postgres', statements(client));
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(scoped.db);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch((e: Error) => (broken = e));
        throw err;
      } finally {
        scoped.end();
        // A client whose ROLLBACK failed may still hold the transaction: destroy it rather than pool it.
        client.release(broken);
      }
    },
    close: () => (closed ??= pool.end()),
  };
}
