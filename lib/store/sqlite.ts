import fs from 'node:fs';
import path from 'node:path';
import Database from 'libsql';
import { duplicateError, scopedDb, toParams, type Db, type RunResult, type SqlValue, type Statements } from './sql';

type Connection = Database.Database;

function toStoreError(err: unknown): unknown {
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
    return duplicateError((err as Error).message, err);
  return err;
}

function statements(conn: Connection): Statements {
  const all = <T>(sql: string, params: readonly SqlValue[] = []): T[] => {
    try {
      // An array, never spread: libsql takes a lone object argument (null included) as named parameters.
      return conn.prepare(sql).all(toParams(params)) as T[];
    } catch (err) {
      throw toStoreError(err);
    }
  };
  const run = (sql: string, params: readonly SqlValue[] = []): RunResult => {
    try {
      const stmt = conn.prepare(sql);
      // `run` on a statement that returns rows (`INSERT … RETURNING`) reports 0 changes and leaves it mid-step,
      // which then blocks SAVEPOINT and COMMIT ("SQL statements in progress"): read its rows instead.
      if (stmt.reader) {
        const rows = stmt.all(toParams(params)) as { id?: number }[];
        return { changes: rows.length, lastId: rows[0]?.id };
      }
      return { changes: stmt.run(toParams(params)).changes };
    } catch (err) {
      throw toStoreError(err);
    }
  };
  return {
    all: async <T>(sql: string, params?: readonly SqlValue[]) => all<T>(sql, params),
    run: async (sql, params) => run(sql, params),
  };
}

/**
 * The turn queue of each database file, on `globalThis`: the custom server and Next's bundled handlers are two module
 * graphs in one process, and two connections to one file must take turns too. libsql waits out a busy database
 * synchronously, on Node's only thread, so a second connection's BEGIN would block the very transaction it waits for.
 */
const TURNS = Symbol.for('pulseboard.store.sqlite-turns');
const turns = ((globalThis as Record<symbol, Map<string, Promise<unknown>> | undefined>)[TURNS] ??= new Map());

/**
 * One libsql connection to `file` (WAL, 5 s busy timeout, foreign keys on). libsql runs statements synchronously and
 * a transaction spans awaits: so transactions and lone statements take turns (per file, see `turns`), and no
 * statement of another caller lands inside someone's open transaction.
 */
export function openSqlite(where: string): Db {
  const file = path.resolve(where);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const conn = new Database(file);
  conn.pragma('journal_mode = WAL');
  conn.pragma('busy_timeout = 5000');
  conn.pragma('foreign_keys = ON');
  const direct = statements(conn);
  let closed = false;
  let last: Promise<unknown> = Promise.resolve();

  const inTurn = <T>(fn: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error(`The store at ${file} is closed`));
    const result = (turns.get(file) ?? Promise.resolve()).then(fn);
    last = result.catch(() => undefined);
    turns.set(file, last);
    return result;
  };
  return {
    kind: 'sqlite',
    all: <T>(sql: string, params?: readonly SqlValue[]) => inTurn(() => direct.all<T>(sql, params)),
    run: (sql, params) => inTurn(() => direct.run(sql, params)),
    tx: (fn) =>
      inTurn(async () => {
        // IMMEDIATE takes the write lock now, so another process on the same file waits at BEGIN (busy timeout)
        // rather than failing at its first write with SQLITE_BUSY.
        conn.exec('BEGIN IMMEDIATE');
        const scoped = scopedDb('sqlite', direct);
        try {
          const result = await fn(scoped.db);
          conn.exec('COMMIT');
          return result;
        } catch (err) {
          if (conn.inTransaction) conn.exec('ROLLBACK');
          throw err;
        } finally {
          scoped.end();
        }
      }),
    async close() {
      if (closed) return;
      closed = true;
      await last;
      conn.close();
    },
  };
}
