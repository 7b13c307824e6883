import type { Db } from './sql';
import type { AuditEvent, MetaStore } from './types';

interface AuditRow {
  id: number;
  at: number;
  type: string;
  actor: string | null;
  subject: string | null;
  ip: string | null;
  detail: string;
}

const COLUMNS = 'id, at, type, actor, subject, ip, detail';

function toEvent(r: AuditRow): AuditEvent {
  return { ...r, detail: JSON.parse(r.detail) as Record<string, unknown> };
}

export function auditRepo(db: Db): MetaStore['audit'] {
  return {
    async append(e) {
      await db.run('INSERT INTO audit_events (at, type, actor, subject, ip, detail) VALUES (?, ?, ?, ?, ?, ?)', [
        e.at,
        e.type,
        e.actor,
        e.subject,
        e.ip,
        JSON.stringify(e.detail ?? {}),
      ]);
    },
    async list({ limit, before }) {
      const n = Math.max(0, Math.floor(limit));
      const rows =
        before === undefined
          ? await db.all<AuditRow>(`SELECT ${COLUMNS} FROM audit_events ORDER BY id DESC LIMIT ?`, [n])
          : await db.all<AuditRow>(`SELECT ${COLUMNS} FROM audit_events WHERE id < ? ORDER BY id DESC LIMIT ?`, [
              before,
              n,
            ]);
      return rows.map(toEvent);
    },
  };
}
