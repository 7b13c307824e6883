import fs from 'node:fs';
import path from 'node:path';
import { DashboardSchema, type Dashboard, type DashboardSummary } from './schema';

export interface DashboardLoadError {
  file: string;
  message: string;
}

/** Dashboards provisioned from `provisioning/dashboards/*.json`, validated with zod at start. */
export class DashboardStore {
  private byUid = new Map<string, Dashboard>();
  /** The file each provisioned dashboard was read from. */
  private readonly files = new Map<string, string>();
  readonly errors: DashboardLoadError[] = [];

  constructor(dashboards: Dashboard[] = []) {
    for (const d of dashboards) this.byUid.set(d.uid, d);
  }

  /**
   * Load every JSON file of the folders; an invalid file is reported in `errors` and skipped. A datasource uid
   * written `${VAR}` or `${VAR:-default}` is taken from `env` (the demo dashboards use
   * `${PULSEBOARD_DEMO_DATASOURCE:-duckdb}`); SQL text is never substituted.
   */
  static fromDirectories(dirs: string[], env: Record<string, string | undefined> = {}): DashboardStore {
    const store = new DashboardStore();
    for (const dir of dirs) {
      const files = fs.existsSync(dir)
        ? fs
            .readdirSync(dir)
            .filter((f) => f.endsWith('.json'))
            .sort()
        : [];
      for (const f of files) {
        const file = path.join(dir, f);
        try {
          const d = resolveDataSourceUids(parseDashboard(JSON.parse(fs.readFileSync(file, 'utf8'))), env);
          store.add(d);
          store.files.set(d.uid, file);
        } catch (err) {
          store.errors.push({ file, message: (err as Error).message });
        }
      }
    }
    return store;
  }

  add(d: Dashboard): void {
    if (this.byUid.has(d.uid)) throw new Error(`Duplicate dashboard uid "${d.uid}"`);
    this.byUid.set(d.uid, d);
  }

  get(uid: string): Dashboard | undefined {
    return this.byUid.get(uid);
  }

  /** Every dashboard read from a file, with the file. */
  provisioned(): Array<{ dashboard: Dashboard; file: string }> {
    return [...this.files].map(([uid, file]) => ({ dashboard: this.byUid.get(uid)!, file }));
  }

  /** Add or replace one (a save through the API). */
  put(d: Dashboard): void {
    this.byUid.set(d.uid, d);
  }

  remove(uid: string): void {
    this.byUid.delete(uid);
  }

  /** Hold exactly these from now on (the metadata store's dashboards, loaded at start). */
  replaceAll(dashboards: Dashboard[]): void {
    this.byUid = new Map(dashboards.map((d) => [d.uid, d]));
  }

  list(): DashboardSummary[] {
    return [...this.byUid.values()].map((d) => ({
      uid: d.uid,
      title: d.title,
      description: d.description,
      tags: d.tags,
      panelCount: d.panels.length,
    }));
  }
}

/** Validate a dashboard document; the error names the first bad path. */
export function parseDashboard(json: unknown): Dashboard {
  const r = DashboardSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`Invalid dashboard at ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  const ids = new Set<number>();
  for (const p of r.data.panels) {
    if (ids.has(p.id)) throw new Error(`Invalid dashboard "${r.data.uid}": duplicate panel id ${p.id}`);
    ids.add(p.id);
  }
  return r.data;
}

const ENV_REF = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}$/;

/** Replace `${VAR}` datasource uids of panels, targets and variables with the environment's value. */
function resolveDataSourceUids(d: Dashboard, env: Record<string, string | undefined>): Dashboard {
  const fix = <T extends { datasource?: { uid: string; type?: string } }>(x: T): T => {
    const m = x.datasource && ENV_REF.exec(x.datasource.uid);
    if (!m) return x;
    const uid = env[m[1]] || m[2];
    if (!uid)
      throw new Error(`Dashboard "${d.uid}": datasource uid ${x.datasource!.uid} is not set in the environment`);
    return { ...x, datasource: { uid } };
  };
  return {
    ...d,
    panels: d.panels.map((p) => ({ ...fix(p), targets: p.targets.map(fix) })),
    templating: { list: d.templating.list.map(fix) },
  };
}
