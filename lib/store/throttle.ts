import type { Db, DbKind } from './sql';
import type { MetaStore, ThrottleState } from './types';

interface ThrottleRow {
  key: string;
  failures: number;
  window_start: number;
  locked_until: number;
}

type ThrottleRule = Parameters<MetaStore['throttle']['fail']>[2];

const COLUMNS = 'key, failures, window_start, locked_until';

/**
 * Row lock for the read-modify-write of `fail`. PostgreSQL needs it: concurrent transactions would otherwise read the
 * same count. SQLite has no FOR UPDATE and needs none: its transaction holds the database's write lock from BEGIN.
 */
const LOCK_ROW: Record<DbKind, string> = { postgres: ' FOR UPDATE', sqlite: '' };

function toState(r: ThrottleRow): ThrottleState {
  return { key: r.key, failures: r.failures, windowStart: r.window_start, lockedUntil: r.locked_until };
}

/**
 * The state after one more failure. The window is `[windowStart, windowStart + windowMs)`; a failure past it starts a
 * new one. Every failure at or over `max` (re)sets the lock, so after a lock ends each further failure in the same
 * window locks again at once. A lock still running survives a new window.
 */
function nextThrottle(s: ThrottleState, now: number, rule: ThrottleRule): ThrottleState {
  const fresh = now - s.windowStart >= rule.windowMs;
  const failures = fresh ? 1 : s.failures + 1;
  const held = s.lockedUntil > now ? s.lockedUntil : 0;
  return {
    key: s.key,
    failures,
    windowStart: fresh ? now : s.windowStart,
    lockedUntil: failures >= rule.max ? now + rule.lockMs : held,
  };
}

export function throttleRepo(db: Db): MetaStore['throttle'] {
  return {
    async get(key) {
      const [row] = await db.all<ThrottleRow>(`SELECT ${COLUMNS} FROM login_throttle WHERE key = ?`, [key]);
      return row && toState(row);
    },
    fail: (key, now, rule) =>
      db.tx(async (t) => {
        // The row exists before it is locked: FOR UPDATE cannot lock a row that two first failures both insert.
        await t.run(
          'INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (?, 0, ?, 0) ON CONFLICT (key) DO NOTHING',
          [key, now],
        );
        const [row] = await t.all<ThrottleRow>(
          `SELECT ${COLUMNS} FROM login_throttle WHERE key = ?${LOCK_ROW[t.kind]}`,
          [key],
        );
        const next = nextThrottle(toState(row), now, rule);
        await t.run('UPDATE login_throttle SET failures = ?, window_start = ?, locked_until = ? WHERE key = ?', [
          next.failures,
          next.windowStart,
          next.lockedUntil,
          key,
        ]);
        return next;
      }),
    async clear(key) {
      await db.run('DELETE FROM login_throttle WHERE key = ?', [key]);
    },
  };
}
