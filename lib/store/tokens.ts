import type { Db } from './sql';
import type { ApiToken, MetaStore, Role } from './types';

interface TokenRow {
  id: number;
  name: string;
  role: Role;
  token_hash: string;
  created_by: number | null;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

const COLUMNS = 'id, name, role, token_hash, created_by, created_at, expires_at, last_used_at, revoked_at';

function toToken(r: TokenRow): ApiToken {
  return {
    id: r.id,
    name: r.name,
    role: r.role,
    tokenHash: r.token_hash,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
}

export function tokensRepo(db: Db): MetaStore['tokens'] {
  const get = async (q: Db, id: number) => {
    const [row] = await q.all<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE id = ?`, [id]);
    return row && toToken(row);
  };
  return {
    async create(t, now) {
      const { lastId } = await db.run(
        `INSERT INTO api_tokens (name, role, token_hash, created_by, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
        [t.name, t.role, t.tokenHash, t.createdBy, now, t.expiresAt],
      );
      return { id: lastId!, ...t, createdAt: now, lastUsedAt: null, revokedAt: null };
    },
    get: (id) => get(db, id),
    async getByHash(tokenHash) {
      const [row] = await db.all<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens WHERE token_hash = ?`, [tokenHash]);
      return row && toToken(row);
    },
    async list() {
      return (await db.all<TokenRow>(`SELECT ${COLUMNS} FROM api_tokens ORDER BY id`)).map(toToken);
    },
    // Revoking twice keeps the first time.
    revoke: (id, now) =>
      db.tx(async (t) => {
        await t.run('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [now, id]);
        return get(t, id);
      }),
    async touch(id, lastUsedAt) {
      await db.run('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', [lastUsedAt, id]);
    },
  };
}
