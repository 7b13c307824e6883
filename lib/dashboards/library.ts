import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { PulseboardError } from '../errors';
import type { DashboardVersion, MetaStore, StoredDashboard } from '../store/types';
import type { Dashboard, DashboardSummary } from './schema';
import { parseDashboard, type DashboardStore } from './store';

/** What the API shows of a dashboard besides its document. */
export interface DashboardMeta {
  version: number;
  provisioned: boolean;
  /** The file's name (not its path) for a provisioned dashboard. */
  provisionedFile: string | null;
  createdAt: number;
  createdBy: string | null;
  updatedAt: number;
  updatedBy: string | null;
}

/**
 * A dashboard changed in the store: saved as `version` (created, saved, restored) or deleted, by `by` at `at`
 * (epoch ms). What editors who have it open are told; never the document.
 */
export type DashboardChange =
  | { type: 'dashboard-saved'; uid: string; version: number; by: string | null; at: number }
  | { type: 'dashboard-deleted'; uid: string; by: string | null; at: number };

export type DashboardListItem = DashboardSummary & Pick<DashboardMeta, 'version' | 'provisioned' | 'updatedAt'>;

/** A save refused because someone else saved first: Grafana's 412 `version-mismatch`. */
export class VersionMismatch extends PulseboardError {
  constructor(
    readonly current: DashboardMeta,
    uid: string,
  ) {
    super(
      `Dashboard "${uid}" has changed since you opened it: it is at version ${current.version}` +
        `${current.updatedBy ? `, saved by ${current.updatedBy}` : ''}. Reload it, save a copy, or overwrite it.`,
      412,
      'version-mismatch',
    );
  }
}

const MAX_MESSAGE = 500;

function metaOf(s: StoredDashboard): DashboardMeta {
  return {
    version: s.version,
    provisioned: s.provisioned,
    provisionedFile: s.provisionedFile ? path.basename(s.provisionedFile) : null,
    createdAt: s.createdAt,
    createdBy: s.createdBy,
    updatedAt: s.updatedAt,
    updatedBy: s.updatedBy,
  };
}

/** The document without its version number: what a provisioned file and its stored copy compare on. */
function content(d: Dashboard): string {
  return JSON.stringify({ ...d, version: 0 });
}

function readDocument(json: unknown, uidFromPath?: string): Dashboard {
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new PulseboardError('dashboard must be a JSON object', 400, 'bad_dashboard');
  const doc = { ...(json as Record<string, unknown>) };
  if (uidFromPath !== undefined) {
    if (doc.uid !== undefined && doc.uid !== uidFromPath)
      throw new PulseboardError(
        `dashboard.uid "${String(doc.uid).slice(0, 60)}" does not match the URL's "${uidFromPath}"`,
        400,
        'bad_dashboard',
      );
    doc.uid = uidFromPath;
  }
  try {
    return parseDashboard(doc);
  } catch (err) {
    throw new PulseboardError((err as Error).message, 400, 'bad_dashboard');
  }
}

function message(m: string | undefined, fallback: string): string {
  const text = (m ?? '').trim();
  if (text.length > MAX_MESSAGE) throw new PulseboardError(`message must be at most ${MAX_MESSAGE} characters`, 400);
  return text || fallback;
}

/** A uid for a new dashboard that names none: 9 random characters, as Grafana's. */
export function newUid(): string {
  return randomBytes(7).toString('base64url').slice(0, 9);
}

/**
 * Dashboards in the metadata store, with every version kept, and the runtime's in-memory copy (`DashboardStore`,
 * read by every query) kept in step with it. Files under provisioning are loaded into the store at start and marked
 * provisioned: read-only here, changed only by editing the file (a changed file becomes a new version). A save
 * names the version it was based on; a stale one is refused with 412, as Grafana does.
 */
export class DashboardLibrary {
  private meta = new Map<string, DashboardMeta>();
  private readonly events = new EventEmitter<{ change: [DashboardChange] }>();

  constructor(
    private readonly store: MetaStore,
    private readonly cache: DashboardStore,
    private readonly log: (msg: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** Provisioned files into the store (new ones added, changed ones as a new version), then the store into memory. */
  async load(): Promise<void> {
    const files = this.cache.provisioned();
    const fromFile = new Set<string>();
    for (const { dashboard, file } of files) {
      fromFile.add(dashboard.uid);
      const stored = await this.store.dashboards.get(dashboard.uid);
      if (stored && !stored.provisioned) {
        this.log(
          `provisioning: ${file} has uid "${dashboard.uid}", which a dashboard saved in Pulseboard already uses; the file is skipped (give it another uid)`,
        );
        continue;
      }
      if (
        stored &&
        content(JSON.parse(stored.json) as Dashboard) === content(dashboard) &&
        stored.provisionedFile === file
      )
        continue;
      const r = await this.store.dashboards.save(
        {
          uid: dashboard.uid,
          title: dashboard.title,
          json: JSON.stringify({ ...dashboard, version: (stored?.version ?? 0) + 1 }),
          author: 'provisioning',
          message: stored ? `Changed in ${path.basename(file)}` : `Provisioned from ${path.basename(file)}`,
          provisioned: true,
          provisionedFile: file,
          base: stored ? stored.version : null,
        },
        this.now(),
      );
      if ('conflict' in r) this.log(`provisioning: ${file} was saved by another instance meanwhile; kept theirs`);
    }
    // A provisioned dashboard whose file is gone stays, editable now: nothing is lost silently.
    for (const s of await this.store.dashboards.list()) {
      if (!s.provisioned || fromFile.has(s.uid)) continue;
      await this.store.dashboards.save(
        {
          ...s,
          author: 'provisioning',
          message: `${path.basename(s.provisionedFile ?? 'its file')} is gone: the dashboard is editable now`,
          provisioned: false,
          provisionedFile: null,
          json: s.json,
          base: s.version,
        },
        this.now(),
      );
    }
    const all: Dashboard[] = [];
    this.meta.clear();
    for (const s of await this.store.dashboards.list()) {
      try {
        all.push(parseDashboard(JSON.parse(s.json)));
        this.meta.set(s.uid, metaOf(s));
      } catch (err) {
        this.log(
          `dashboard "${s.uid}" in the metadata store is not valid and is not served: ${(err as Error).message}`,
        );
      }
    }
    this.cache.replaceAll(all);
  }

  /**
   * Take in what other instances sharing the store saved or deleted since (the server calls this every few
   * seconds); this instance's own writes are in memory at once. Returns the uids that changed.
   */
  async refresh(): Promise<string[]> {
    const heads = await this.store.dashboards.heads();
    const changed: string[] = [];
    const seen = new Set<string>();
    for (const h of heads) {
      seen.add(h.uid);
      if (this.meta.get(h.uid)?.version === h.version) continue;
      const s = await this.store.dashboards.get(h.uid);
      if (!s) continue;
      try {
        this.cache.put(parseDashboard({ ...JSON.parse(s.json), version: s.version }));
        this.meta.set(s.uid, metaOf(s));
        changed.push(s.uid);
        this.saved(metaOf(s), s.uid);
      } catch (err) {
        this.log(
          `dashboard "${s.uid}" in the metadata store is not valid and is not served: ${(err as Error).message}`,
        );
      }
    }
    for (const uid of [...this.meta.keys()]) {
      if (seen.has(uid)) continue;
      this.cache.remove(uid);
      this.meta.delete(uid);
      changed.push(uid);
      this.emit({ type: 'dashboard-deleted', uid, by: null, at: this.now() });
    }
    return changed;
  }

  list(): DashboardListItem[] {
    return this.cache.list().map((d) => {
      const m = this.meta.get(d.uid);
      return { ...d, version: m?.version ?? 1, provisioned: m?.provisioned ?? false, updatedAt: m?.updatedAt ?? 0 };
    });
  }

  metaOf(uid: string): DashboardMeta | undefined {
    return this.meta.get(uid);
  }

  /**
   * Every save, restore and delete, made here or by another instance sharing the store (seen by `refresh` within
   * its period); returns the unsubscribe. The live server listens once and tells the editors watching.
   */
  onChange(listener: (c: DashboardChange) => void): () => void {
    this.events.on('change', listener);
    return () => this.events.off('change', listener);
  }

  /** Dashboard `uid`'s newest version, who saved it and when; undefined when there is none. */
  head(uid: string): { version: number; by: string | null; at: number } | undefined {
    const m = this.meta.get(uid);
    return m && { version: m.version, by: m.updatedBy, at: m.updatedAt };
  }

  /** A new dashboard; its uid (given or generated) must be free. */
  async create(
    json: unknown,
    author: string | null,
    msg?: string,
  ): Promise<{ dashboard: Dashboard; meta: DashboardMeta }> {
    const raw = json && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
    const doc = readDocument({ ...raw, uid: raw.uid ?? newUid() });
    return this.write(doc, null, author, message(msg, 'Created'));
  }

  /**
   * Save over `uid`, based on version `base` ('any': overwrite). Provisioned dashboards are refused: save a copy
   * under another uid instead.
   */
  async update(
    uid: string,
    json: unknown,
    base: number | 'any',
    author: string | null,
    msg?: string,
  ): Promise<{ dashboard: Dashboard; meta: DashboardMeta }> {
    const doc = readDocument(json, uid);
    this.refuseProvisioned(uid);
    if (!this.meta.has(uid)) throw new PulseboardError(`Dashboard "${uid}" not found`, 404, 'not_found');
    return this.write(
      doc,
      base,
      author,
      message(msg, `Saved version ${typeof base === 'number' ? base + 1 : ''}`.trim()),
    );
  }

  /** Delete `uid` and its versions; `by` is who (told to editors who have it open). */
  async remove(uid: string, by: string | null = null): Promise<void> {
    this.refuseProvisioned(uid);
    if (!(await this.store.dashboards.delete(uid)))
      throw new PulseboardError(`Dashboard "${uid}" not found`, 404, 'not_found');
    this.cache.remove(uid);
    this.meta.delete(uid);
    this.emit({ type: 'dashboard-deleted', uid, by, at: this.now() });
  }

  async versions(uid: string): Promise<Array<Omit<DashboardVersion, 'json'>>> {
    if (!this.meta.has(uid)) throw new PulseboardError(`Dashboard "${uid}" not found`, 404, 'not_found');
    return this.store.dashboards.versions(uid);
  }

  async version(uid: string, n: number): Promise<Omit<DashboardVersion, 'json'> & { dashboard: unknown }> {
    const v = await this.store.dashboards.version(uid, n);
    if (!v) throw new PulseboardError(`Dashboard "${uid}" has no version ${n}`, 404, 'not_found');
    const { json, ...rest } = v;
    return { ...rest, dashboard: JSON.parse(json) };
  }

  /** Version `n`'s document saved as a new version (history is never rewritten). */
  async restore(uid: string, n: number, author: string | null, msg?: string) {
    this.refuseProvisioned(uid);
    const old = await this.version(uid, n);
    const current = this.meta.get(uid);
    if (!current) throw new PulseboardError(`Dashboard "${uid}" not found`, 404, 'not_found');
    return this.write(readDocument(old.dashboard, uid), current.version, author, message(msg, `Restored version ${n}`));
  }

  /**
   * Grafana's `POST /api/dashboards/db`: create when the uid is new or missing; else save based on
   * `dashboard.version`, or over anything with `overwrite`.
   */
  async grafanaSave(
    body: { dashboard: Record<string, unknown>; overwrite?: boolean; message?: string },
    author: string | null,
  ) {
    const uid = typeof body.dashboard.uid === 'string' ? body.dashboard.uid : undefined;
    if (!uid || !this.meta.has(uid)) return this.create(body.dashboard, author, body.message);
    if (body.overwrite) return this.update(uid, body.dashboard, 'any', author, body.message);
    const base = body.dashboard.version;
    if (typeof base !== 'number') throw new VersionMismatch(this.meta.get(uid)!, uid);
    return this.update(uid, body.dashboard, base, author, body.message);
  }

  private refuseProvisioned(uid: string): void {
    const m = this.meta.get(uid);
    if (m?.provisioned)
      throw new PulseboardError(
        `Dashboard "${uid}" is provisioned from ${m.provisionedFile}: change the file, or save a copy under another uid`,
        400,
        'provisioned',
      );
  }

  private async write(doc: Dashboard, base: number | null | 'any', author: string | null, msg: string) {
    const current = this.meta.get(doc.uid);
    if (current?.provisioned) this.refuseProvisioned(doc.uid);
    // The version the store will give it when nothing raced this save (the store's number wins either way).
    const version = base === null ? 1 : (current?.version ?? 0) + 1;
    const r = await this.store.dashboards.save(
      {
        uid: doc.uid,
        title: doc.title,
        json: JSON.stringify({ ...doc, version }),
        author,
        message: msg,
        provisioned: false,
        provisionedFile: null,
        base,
      },
      this.now(),
    );
    if ('conflict' in r) {
      // Another instance may have saved: this one learns the newest version from the refusal.
      this.meta.set(doc.uid, metaOf(r.current));
      if (r.conflict === 'exists')
        throw new PulseboardError(`A dashboard with uid "${doc.uid}" already exists`, 409, 'exists');
      throw new VersionMismatch(metaOf(r.current), doc.uid);
    }
    const saved = parseDashboard({ ...JSON.parse(r.saved.json), version: r.saved.version });
    this.cache.put(saved);
    const meta = metaOf(r.saved);
    this.meta.set(doc.uid, meta);
    this.saved(meta, doc.uid);
    return { dashboard: saved, meta };
  }

  private saved(meta: DashboardMeta, uid: string): void {
    this.emit({ type: 'dashboard-saved', uid, version: meta.version, by: meta.updatedBy, at: meta.updatedAt });
  }

  /** A listener that throws must not fail the save that has already happened. */
  private emit(change: DashboardChange): void {
    try {
      this.events.emit('change', change);
    } catch (err) {
      this.log(`dashboard change listener failed: ${(err as Error).message}`);
    }
  }
}
