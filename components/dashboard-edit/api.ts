import { ApiError, apiFetch } from '@/components/account/api';
import type { EditDoc } from './model';

/** `meta` of `GET /api/dashboards/<uid>`. */
export interface DashboardMetaView {
  version: number;
  provisioned: boolean;
  provisionedFile: string | null;
  updatedAt: number;
  updatedBy: string | null;
}

/** A refused call: the server's message, status and (for a 412) who saved which version. */
export class SaveError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly current?: { version: number; updatedBy: string | null },
  ) {
    super(message);
    this.name = 'SaveError';
  }
}

/** `apiFetch`, its refusals as `SaveError` (a 412 carries who saved which version). */
async function call<T>(path: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', body?: unknown): Promise<T> {
  try {
    return await apiFetch<T>(path, method, body);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    const current = (err.body as { current?: { version: number; updatedBy: string | null } } | null)?.current;
    throw new SaveError(err.message, err.status, err.status === 412 ? current : undefined);
  }
}

const base = (uid: string) => `/api/dashboards/${encodeURIComponent(uid)}`;

/** The full document (with SQL: editors only), its version and meta. */
export async function loadDashboard(uid: string): Promise<{ doc: EditDoc; version: number; meta?: DashboardMetaView }> {
  const data = await call<EditDoc & { version?: number; meta?: DashboardMetaView }>(base(uid), 'GET');
  const { version, meta, ...doc } = data;
  return { doc: doc as EditDoc, version: meta?.version ?? version ?? 1, meta };
}

type Saved = { uid: string; version: number; url: string };

/** Save on top of `version` (412 `SaveError` with `current` when someone saved first), or over anything. */
export function saveDashboard(
  doc: EditDoc,
  at: { version: number } | { overwrite: true },
  message: string,
): Promise<Saved> {
  return call<Saved>(base(doc.uid), 'PUT', { dashboard: doc, ...at, message: message || undefined });
}

export function createDashboard(doc: Record<string, unknown>, message: string): Promise<Saved> {
  return call<Saved>('/api/dashboards', 'POST', { dashboard: doc, message: message || undefined });
}

export function deleteDashboard(uid: string): Promise<unknown> {
  return call(base(uid), 'DELETE');
}

export interface VersionRow {
  version: number;
  author: string | null;
  createdAt: number;
  message: string | null;
}

export async function listVersions(uid: string): Promise<VersionRow[]> {
  return (await call<{ versions: VersionRow[] }>(`${base(uid)}/versions`, 'GET')).versions;
}

export function restoreVersion(uid: string, version: number): Promise<Saved> {
  return call<Saved>(`${base(uid)}/versions/${version}/restore`, 'POST', {});
}
