import { duplicateError, type Db, type SqlValue } from './sql';
import type { MetaStore, Role, User, UserPatch } from './types';

interface UserRow {
  id: number;
  login: string;
  name: string;
  role: Role;
  disabled: number;
  password_hash: string;
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
}

const COLUMNS = 'id, login, name, role, disabled, password_hash, created_at, updated_at, last_login_at';

/** The column each patchable field is stored in. */
const PATCH_COLUMNS: Record<keyof UserPatch, string> = {
  name: 'name',
  role: 'role',
  disabled: 'disabled',
  passwordHash: 'password_hash',
  lastLoginAt: 'last_login_at',
};

function toUser(r: UserRow): User {
  return {
    id: r.id,
    login: r.login,
    name: r.name,
    role: r.role,
    disabled: r.disabled !== 0,
    passwordHash: r.password_hash,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastLoginAt: r.last_login_at,
  };
}

export function usersRepo(db: Db): MetaStore['users'] {
  const get = async (q: Db, id: number) => {
    const [row] = await q.all<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = ?`, [id]);
    return row && toUser(row);
  };
  return {
    async create(u, now) {
      const login = u.login.toLowerCase();
      try {
        const { lastId } = await db.run(
          `INSERT INTO users (login, name, role, disabled, password_hash, created_at, updated_at)
           VALUES (?, ?, ?, 0, ?, ?, ?) RETURNING id`,
          [login, u.name, u.role, u.passwordHash, now, now],
        );
        const base = { login, name: u.name, role: u.role, passwordHash: u.passwordHash };
        return { id: lastId!, ...base, disabled: false, createdAt: now, updatedAt: now, lastLoginAt: null };
      } catch (err) {
        if ((err as { code?: unknown }).code === 'duplicate')
          throw duplicateError(`A user with login "${login}" already exists`, err);
        throw err;
      }
    },
    get: (id) => get(db, id),
    async getByLogin(login) {
      const [row] = await db.all<UserRow>(`SELECT ${COLUMNS} FROM users WHERE login = ?`, [login.toLowerCase()]);
      return row && toUser(row);
    },
    async list() {
      return (await db.all<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY id`)).map(toUser);
    },
    // Any patch, a login's `lastLoginAt` included, moves `updatedAt` to `now`.
    update: (id, patch, now) =>
      db.tx(async (t) => {
        const sets: string[] = [];
        const params: SqlValue[] = [];
        for (const [field, column] of Object.entries(PATCH_COLUMNS)) {
          const value = patch[field as keyof UserPatch];
          if (value === undefined) continue;
          sets.push(`${column} = ?`);
          params.push(value);
        }
        sets.push('updated_at = ?');
        const { changes } = await t.run(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`, [...params, now, id]);
        return changes > 0 ? get(t, id) : undefined;
      }),
    async countActiveAdmins() {
      const [{ n }] = await db.all<{ n: number }>(
        "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = 0",
      );
      return n;
    },
  };
}
