import type { Db, DbKind } from './sql';

/** A DDL statement both engines accept, or one spelled per engine where they differ. */
type DdlStatement = string | Readonly<Record<DbKind, string>>;

export interface Migration {
  /** Applied in ascending order; never renumber or edit one that has shipped, add the next. */
  version: number;
  name: string;
  /** `{id}` stands for the table's store-assigned integer key (see `DDL_TEMPLATES`). */
  up: readonly DdlStatement[];
}

/**
 * The few column spellings that differ. `INTEGER PRIMARY KEY` is SQLite's rowid alias (assigned on insert; without
 * AUTOINCREMENT the largest id may be reused after its row is deleted, and these tables only grow).
 */
const DDL_TEMPLATES: Record<DbKind, Record<string, string>> = {
  sqlite: { id: 'INTEGER PRIMARY KEY' },
  postgres: { id: 'BIGSERIAL PRIMARY KEY' },
};

const ROLE_CHECK = "CHECK (role IN ('viewer', 'editor', 'admin'))";

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts',
    up: [
      `CREATE TABLE users (
        id {id},
        login TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        role TEXT NOT NULL ${ROLE_CHECK},
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        password_hash TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        last_login_at BIGINT
      )`,
      `CREATE TABLE sessions (
        id_hash TEXT PRIMARY KEY,
        user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at BIGINT NOT NULL,
        last_seen_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        ip TEXT NOT NULL,
        user_agent TEXT NOT NULL
      )`,
      // Logout everywhere, and the cascade from users, look sessions up by user.
      'CREATE INDEX sessions_user_id ON sessions (user_id)',
      `CREATE TABLE api_tokens (
        id {id},
        name TEXT NOT NULL,
        role TEXT NOT NULL ${ROLE_CHECK},
        token_hash TEXT NOT NULL UNIQUE,
        created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT,
        last_used_at BIGINT,
        revoked_at BIGINT
      )`,
      `CREATE TABLE audit_events (
        id {id},
        at BIGINT NOT NULL,
        type TEXT NOT NULL,
        actor TEXT,
        subject TEXT,
        ip TEXT,
        detail TEXT NOT NULL
      )`,
      'CREATE INDEX audit_events_at ON audit_events (at)',
      `CREATE TABLE login_throttle (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        window_start BIGINT NOT NULL,
        locked_until BIGINT NOT NULL DEFAULT 0
      )`,
    ],
  },
  {
    version: 2,
    name: 'dashboards',
    up: [
      // The newest version of each dashboard; `json` is the whole document as saved.
      `CREATE TABLE dashboards (
        uid TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        version INTEGER NOT NULL,
        json TEXT NOT NULL,
        provisioned INTEGER NOT NULL DEFAULT 0 CHECK (provisioned IN (0, 1)),
        provisioned_file TEXT,
        created_at BIGINT NOT NULL,
        created_by TEXT,
        updated_at BIGINT NOT NULL,
        updated_by TEXT
      )`,
      // Every version ever saved, the newest included; a deleted dashboard takes its versions with it.
      `CREATE TABLE dashboard_versions (
        uid TEXT NOT NULL REFERENCES dashboards (uid) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        json TEXT NOT NULL,
        author TEXT,
        created_at BIGINT NOT NULL,
        message TEXT NOT NULL,
        PRIMARY KEY (uid, version)
      )`,
    ],
  },
];

/**
 * Taken at the start of every migration transaction: two instances starting together on one PostgreSQL queue here,
 * and the second then finds the version applied (the key is arbitrary, fixed for this purpose). SQLite needs none: `BEGIN IMMEDIATE` already excludes other writers.
 */
const MIGRATION_LOCK: Record<DbKind, string | undefined> = {
  postgres: 'SELECT pg_advisory_xact_lock(706271003)',
  sqlite: undefined,
};

const CREATE_SCHEMA_MIGRATIONS = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

/** The statement as `kind` spells it, `{id}`-style templates filled in. */
function toDdl(stmt: DdlStatement, kind: DbKind): string {
  const sql = typeof stmt === 'string' ? stmt : stmt[kind];
  return sql.replace(/\{(\w+)\}/g, (m, key: string) => DDL_TEMPLATES[kind][key] ?? m);
}

function latest(migrations: readonly Migration[]): number {
  let prev = 0;
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= prev)
      throw new Error(`Migration versions must be increasing integers: ${m.version} (${m.name}) follows ${prev}`);
    prev = m.version;
  }
  return prev;
}

/**
 * Brings the schema up to the last of `migrations`, each pending one in its own transaction with its
 * `schema_migrations` row: a failure throws naming the migration and leaves the database as it was before it.
 * Refuses a database whose schema is newer than the code. Returns the versions it applied.
 */
export async function migrate(
  db: Db,
  migrations: readonly Migration[] = MIGRATIONS,
  now = Date.now,
): Promise<number[]> {
  const known = latest(migrations);
  await db.tx(async (t) => {
    const lock = MIGRATION_LOCK[t.kind];
    if (lock) await t.all(lock);
    await t.run(CREATE_SCHEMA_MIGRATIONS);
  });
  const [{ v }] = await db.all<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations');
  if ((v ?? 0) > known)
    throw new Error(
      `The metadata database is at schema version ${v}, newer than this Pulseboard knows (${known}): ` +
        'run a Pulseboard at least as new as the one that migrated it, or point it at another database',
    );
  const applied: number[] = [];
  for (const m of migrations) {
    try {
      const done = await db.tx(async (t) => {
        const lock = MIGRATION_LOCK[t.kind];
        if (lock) await t.all(lock);
        const rows = await t.all('SELECT version FROM schema_migrations WHERE version = ?', [m.version]);
        if (rows.length > 0) return false;
        for (const stmt of m.up) await t.run(toDdl(stmt, t.kind));
        await t.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
          m.version,
          m.name,
          now(),
        ]);
        return true;
      });
      if (done) applied.push(m.version);
    } catch (err) {
      throw new Error(`Migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
    }
  }
  return applied;
}
