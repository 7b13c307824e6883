import path from 'node:path';
import { auditRepo } from './audit';
import { dashboardsRepo } from './dashboards';
import { migrate, MIGRATIONS, type Migration } from './migrations';
import { openPostgres, postgresLocation } from './postgres';
import { openSqlite } from './sqlite';
import type { Db } from './sql';
import { sessionsRepo } from './sessions';
import { throttleRepo } from './throttle';
import { tokensRepo } from './tokens';
import type { MetaStore } from './types';
import { usersRepo } from './users';

type Env = Readonly<Record<string, string | undefined>>;

export interface OpenMetaStoreOptions {
  /** The schema to bring the database to; the shipped `MIGRATIONS` unless a test swaps them. */
  migrations?: readonly Migration[];
}

/**
 * The store's database from the environment, not yet migrated: PostgreSQL when `PULSEBOARD_DATABASE_URL` is a
 * `postgres://` or `postgresql://` URL, SQLite `pulseboard.db` in `PULSEBOARD_DATA_DIR` (default `./data`) when it is
 * unset or empty. Any other value is refused: a typo must not quietly fall back to a local file.
 */
export function openDb(env: Env = process.env): { db: Db; location: string } {
  const url = env.PULSEBOARD_DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//i.test(url)) {
      const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? 'not a URL';
      throw new Error(
        `PULSEBOARD_DATABASE_URL must be a postgres:// or postgresql:// URL, or unset for SQLite in PULSEBOARD_DATA_DIR (got ${scheme})`,
      );
    }
    return { db: openPostgres(url), location: postgresLocation(url) };
  }
  const file = path.resolve(env.PULSEBOARD_DATA_DIR || 'data', 'pulseboard.db');
  return { db: openSqlite(file), location: file };
}

/** Opens the metadata store the environment names (see `openDb`) and migrates it before returning. */
export async function openMetaStore(env: Env = process.env, opts: OpenMetaStoreOptions = {}): Promise<MetaStore> {
  const { db, location } = openDb(env);
  try {
    await migrate(db, opts.migrations ?? MIGRATIONS);
  } catch (err) {
    await db.close();
    throw err;
  }
  return {
    kind: db.kind,
    location,
    users: usersRepo(db),
    sessions: sessionsRepo(db),
    tokens: tokensRepo(db),
    audit: auditRepo(db),
    throttle: throttleRepo(db),
    dashboards: dashboardsRepo(db),
    close: () => db.close(),
  };
}
