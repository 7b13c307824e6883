import type { Db, DbKind } from './sql';
import type { DashboardVersion, MetaStore, StoredDashboard } from './types';

interface DashboardRow {
  uid: string;
  title: string;
  version: number;
  json: string;
  provisioned: number;
  provisioned_file: string | null;
  created_at: number;
  created_by: string | null;
  updated_at: number;
  updated_by: string | null;
}

interface VersionRow {
  uid: string;
  version: number;
  json: string;
  author: string | null;
  created_at: number;
  message: string;
}

const COLUMNS =
  'uid, title, version, json, provisioned, provisioned_file, created_at, created_by, updated_at, updated_by';

/** Two saves based on the same version must not both pass the check: PostgreSQL locks the row (SQLite's write lock is held from BEGIN). */
const LOCK_ROW: Record<DbKind, string> = { postgres: ' FOR UPDATE', sqlite: '' };

function toDashboard(r: DashboardRow): StoredDashboard {
  return {
    uid: r.uid,
    title: r.title,
    version: r.version,
    json: r.json,
    provisioned: r.provisioned === 1,
    provisionedFile: r.provisioned_file,
    createdAt: r.created_at,
    createdBy: r.created_by,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

function toVersion(r: VersionRow): DashboardVersion {
  return {
    uid: r.uid,
    version: r.version,
    json: r.json,
    author: r.author,
    createdAt: r.created_at,
    message: r.message,
  };
}

export function dashboardsRepo(db: Db): MetaStore['dashboards'] {
  return {
    async list() {
      return (await db.all<DashboardRow>(`SELECT ${COLUMNS} FROM dashboards ORDER BY uid`)).map(toDashboard);
    },
    heads() {
      return db.all<{ uid: string; version: number }>('SELECT uid, version FROM dashboards ORDER BY uid');
    },
    async get(uid) {
      const [row] = await db.all<DashboardRow>(`SELECT ${COLUMNS} FROM dashboards WHERE uid = ?`, [uid]);
      return row && toDashboard(row);
    },
    save: (s, now) =>
      db.tx(async (t) => {
        const [row] = await t.all<DashboardRow>(`SELECT ${COLUMNS} FROM dashboards WHERE uid = ?${LOCK_ROW[t.kind]}`, [
          s.uid,
        ]);
        const current = row && toDashboard(row);
        if (current && s.base === null) return { conflict: 'exists' as const, current };
        if (current && typeof s.base === 'number' && s.base !== current.version)
          return { conflict: 'version' as const, current };
        const version = (current?.version ?? 0) + 1;
        const provisioned = s.provisioned ? 1 : 0;
        if (current) {
          await t.run(
            `UPDATE dashboards SET title = ?, version = ?, json = ?, provisioned = ?, provisioned_file = ?,
             updated_at = ?, updated_by = ? WHERE uid = ?`,
            [s.title, version, s.json, provisioned, s.provisionedFile, now, s.author, s.uid],
          );
        } else {
          await t.run(`INSERT INTO dashboards (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
            s.uid,
            s.title,
            version,
            s.json,
            provisioned,
            s.provisionedFile,
            now,
            s.author,
            now,
            s.author,
          ]);
        }
        await t.run(
          'INSERT INTO dashboard_versions (uid, version, json, author, created_at, message) VALUES (?, ?, ?, ?, ?, ?)',
          [s.uid, version, s.json, s.author, now, s.message],
        );
        const saved: StoredDashboard = {
          uid: s.uid,
          title: s.title,
          version,
          json: s.json,
          provisioned: s.provisioned,
          provisionedFile: s.provisionedFile,
          createdAt: current?.createdAt ?? now,
          createdBy: current ? current.createdBy : s.author,
          updatedAt: now,
          updatedBy: s.author,
        };
        return { saved };
      }),
    async delete(uid) {
      return db.tx(async (t) => {
        // Versions first (the foreign key's cascade would do the same).
        await t.run('DELETE FROM dashboard_versions WHERE uid = ?', [uid]);
        const r = await t.run('DELETE FROM dashboards WHERE uid = ?', [uid]);
        return r.changes > 0;
      });
    },
    async versions(uid) {
      const rows = await db.all<Omit<VersionRow, 'json'>>(
        'SELECT uid, version, author, created_at, message FROM dashboard_versions WHERE uid = ? ORDER BY version DESC',
        [uid],
      );
      return rows.map((r) => ({
        uid: r.uid,
        version: r.version,
        author: r.author,
        createdAt: r.created_at,
        message: r.message,
      }));
    },
    async version(uid, version) {
      const [row] = await db.all<VersionRow>(
        'SELECT uid, version, json, author, created_at, message FROM dashboard_versions WHERE uid = ? AND version = ?',
        [uid, version],
      );
      return row && toVersion(row);
    },
  };
}
