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
  readonly errors: DashboardLoadError[] = [];

  constructor(dashboards: Dashboard[] = []) {
    for (const d of dashboards) this.byUid.set(d.uid, d);
  }

  /** Load every JSON file of the folders; an invalid file is reported in `errors` and skipped. */
  static fromDirectories(dirs: string[]): DashboardStore {
    const store = new DashboardStore();
    for (const dir of dirs) {
      const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
      for (const f of files) {
        const file = path.join(dir, f);
        try {
          store.add(parseDashboard(JSON.parse(fs.readFileSync(file, 'utf8'))));
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

  list(): DashboardSummary[] {
    return [...this.byUid.values()].map((d) => ({
      uid: d.uid, title: d.title, description: d.description, tags: d.tags, panelCount: d.panels.length,
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
