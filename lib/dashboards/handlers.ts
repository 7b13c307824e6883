import { readGrant } from '../auth/principal-header';
import { actorName } from '../auth/service';
import { PulseboardError } from '../errors';
import { errorResponse } from '../http/respond';
import { getRuntime } from '../runtime-access';
import type { DashboardLibrary, DashboardMeta } from './library';
import type { Dashboard } from './schema';

/** The library, or a 503 when the server runs without a metadata store (it always has one under `npm start`). */
export function library(): DashboardLibrary {
  const lib = getRuntime().library;
  if (!lib) throw new PulseboardError('Dashboards cannot be saved: the metadata store is not open', 503);
  return lib;
}

/** A dashboard at its current version, with its meta when the store holds it; undefined when there is none. */
export function dashboardDocument(uid: string): { dashboard: Dashboard; meta?: DashboardMeta } | undefined {
  const rt = getRuntime();
  const d = rt.dashboards.get(uid);
  if (!d) return undefined;
  const meta = rt.library?.metaOf(uid);
  return meta ? { dashboard: { ...d, version: meta.version }, meta } : { dashboard: d };
}

/** Who saves, as versions record it. */
export function author(req: Request): string | null {
  return actorName(readGrant(req.headers));
}

/** A version number from the path, or a 400 naming it. */
export function versionParam(raw: string): number {
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1)
    throw new PulseboardError(`version must be a whole number ≥ 1, got "${raw.slice(0, 40)}"`, 400);
  return Number(raw);
}

/** Errors as `{error}`; a stale save as Grafana answers it: 412 `{status: "version-mismatch", …}`. */
export function dashboardError(err: unknown): Response {
  // By its code, not `instanceof`: the library was made by the server's module graph, this runs in Next's.
  const e = err as { code?: string; message: string; current?: DashboardMeta };
  if (e?.code === 'version-mismatch')
    return Response.json(
      { status: 'version-mismatch', message: e.message, error: e.message, current: e.current },
      { status: 412 },
    );
  return errorResponse(err);
}
