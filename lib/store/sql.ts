/**
 * The store's portable SQL layer: statements are written once with `?` placeholders and run on SQLite (libsql) or
 * PostgreSQL (pg). Only what both engines accept goes through here; an engine-specific piece of SQL is picked from a
 * small per-kind table by the caller, never by branching on the driver.
 */

import { PulseboardError } from '../errors';

export type DbKind = 'sqlite' | 'postgres';

/** Values a statement binds. Booleans are sent as 0/1: the schema stores flags as INTEGER on both engines. */
export type SqlValue = string | number | boolean | null;

export interface RunResult {
  /** Rows inserted, updated or deleted. */
  changes: number;
  /** Id of the inserted row, for an `INSERT … RETURNING id`. */
  lastId?: number;
}

export interface Db {
  readonly kind: DbKind;
  /** Rows of a query (or of a statement with `RETURNING`), column names as the SQL spells them. */
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** A statement for its effect. */
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. Use only the `Db` passed
   * to `fn` inside it: on SQLite the outer one waits for this transaction to end, so using it would never return.
   * Nested calls become savepoints.
   */
  tx<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** One connection's statements, as a driver gives them to `scopedDb`. */
export type Statements = Pick<Db, 'all' | 'run'>;

/**
 * The `Db` a transaction hands its callback: statements on the transaction's own connection, nested `tx` as
 * savepoints. `end()` (when the transaction is over) makes any later use throw instead of running outside it.
 */
export function scopedDb(kind: DbKind, conn: Statements, depth = 1): { db: Db; end(): void } {
  let over = false;
  const live = () => {
    if (over) throw new Error('This transaction has ended: use the store, not the Db its callback was given');
  };
  const db: Db = {
    kind,
    async all<T>(sql: string, params?: readonly SqlValue[]) {
      live();
      return conn.all<T>(sql, params);
    },
    async run(sql, params) {
      live();
      return conn.run(sql, params);
    },
    async tx(fn) {
      live();
      const sp = savepoint(depth);
      const inner = scopedDb(kind, conn, depth + 1);
      await conn.run(sp.begin);
      try {
        const result = await fn(inner.db);
        await conn.run(sp.commit);
        return result;
      } catch (err) {
        await conn.run(sp.rollback);
        await conn.run(sp.commit);
        throw err;
      } finally {
        inner.end();
      }
    },
    close: async () => {
      throw new Error('A transaction cannot close the store');
    },
  };
  return { db, end: () => void (over = true) };
}

/**
 * `?` placeholders to PostgreSQL's `$1..$n`. Quoted strings, quoted identifiers and comments are copied as they are,
 * so a `?` inside them stays a `?`.
 */
export function toDollarParams(sql: string): string {
  let out = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if ((c === '-' && sql[i + 1] === '-') || (c === '/' && sql[i + 1] === '*')) {
      const close = c === '-' ? '\n' : '*/';
      const end = sql.indexOf(close, i + 2);
      const stop = end < 0 ? sql.length : end + close.length;
      out += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      out += `$${++n}`;
    } else {
      out += c;
    }
  }
  return out;
}

/** Flags as 0/1 (libsql aborts the process on a boolean parameter; pg would send `true` to an INTEGER column). */
export function toParams(params: readonly SqlValue[]): (string | number | null)[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

/** A unique or primary-key violation, whichever engine raised it: `code` 'duplicate', HTTP 409. */
export function duplicateError(message: string, cause: unknown): PulseboardError {
  const err = new PulseboardError(message, 409, 'duplicate');
  err.cause = cause;
  return err;
}

/** The SQL of a savepoint at nesting `depth`, the same on both engines. */
function savepoint(depth: number): { begin: string; commit: string; rollback: string } {
  const name = `sp_${depth}`;
  return { begin: `SAVEPOINT ${name}`, commit: `RELEASE SAVEPOINT ${name}`, rollback: `ROLLBACK TO SAVEPOINT ${name}` };
}
