import type { Db } from './sql';
import type { MetaStore, Session } from './types';

interface SessionRow {
  id_hash: string;
  user_id: number;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string;
  user_agent: string;
}

const COLUMNS = 'id_hash, user_id, created_at, last_seen_at, expires_at, ip, user_agent';

function toSession(r: SessionRow): Session {
  return {
    idHash: r.id_hash,
    userId: r.user_id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    ip: r.ip,
    userAgent: r.user_agent,
  };
}

export function sessionsRepo(db: Db): MetaStore['sessions'] {
  return {
    async create(s) {
      await db.run(`INSERT INTO sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
        s.idHash,
        s.userId,
        s.createdAt,
        s.lastSeenAt,
        s.expiresAt,
        s.ip,
        s.userAgent,
      ]);
    },
    async get(idHash) {
      const [row] = await db.all<SessionRow>(`SELECT ${COLUMNS} FROM sessions WHERE id_hash = ?`, [idHash]);
      return row && toSession(row);
    },
    async touch(idHash, lastSeenAt) {
      await db.run('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?', [lastSeenAt, idHash]);
    },
    async delete(idHash) {
      await db.run('DELETE FROM sessions WHERE id_hash = ?', [idHash]);
    },
    async deleteForUser(userId, keep) {
      const rows = await db.all<{ id_hash: string }>(
        'DELETE FROM sessions WHERE user_id = ? AND id_hash <> ? RETURNING id_hash',
        [userId, keep ?? ''],
      );
      return rows.map((r) => r.id_hash);
    },
    // Expiry is exclusive: a session whose `expiresAt` equals `now` is already gone.
    async deleteExpired(now, idleBefore) {
      const r = await db.run('DELETE FROM sessions WHERE last_seen_at < ? OR expires_at <= ?', [idleBefore, now]);
      return r.changes;
    },
  };
}
