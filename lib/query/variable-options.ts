import { PulseboardError } from '../errors';
import type { Variable } from '../dashboards/schema';
import { customOptions } from '../dashboards/custom-options';
import type { DataSourceEntry, DataSourceRegistry } from '../datasources/registry';
import { renderMacros, type RenderedSql } from '../sql/macros';
import { assertReadOnly } from '../sql/read-only';
import { calculateInterval, resolveWindow } from '../sql/time-range';
import type { RawRange } from './protocol';
import { quotableOptions } from './variables';
import { DEFAULT_DATASOURCE_UID } from './prepare';

const MINUTE = 60_000;
/** How long a query variable's options are reused for the same rendered SQL. */
const CACHE_MS = 30_000;
const MAX_OPTIONS = 10_000;
/** The `$__interval` an options query renders with: as a panel of the default 1000 points over the range. */
const OPTIONS_DATA_POINTS = 1000;

/**
 * The window an options query reads: the range resolved at `clockMs`, widened outward to whole minutes. A moving
 * range (`now-6h`) then renders the same SQL for a minute, so the cache serves it; and the options stay a superset
 * of what the panels' window holds, so a value a panel shows is never refused as "not an option".
 */
export function optionsWindow(raw: RawRange, clockMs: number): { from: Date; to: Date } {
  const r = resolveWindow(raw, clockMs);
  return {
    from: new Date(Math.floor(r.from.getTime() / MINUTE) * MINUTE),
    to: new Date(Math.ceil(r.to.getTime() / MINUTE) * MINUTE),
  };
}

/** A query variable's options query with its macros rendered over `raw` for its datasource, checked read-only. */
function renderOptionsQuery(v: Variable, ds: DataSourceEntry, raw: RawRange, clockMs: number): RenderedSql {
  const range = optionsWindow(raw, clockMs);
  const { intervalMs } = calculateInterval(range.to.getTime() - range.from.getTime(), OPTIONS_DATA_POINTS);
  const rendered = renderMacros(v.query, {
    dialect: ds.driver.dialect,
    range,
    intervalMs,
    timeColumn: ds.config.timeColumn,
  });
  assertReadOnly(rendered.sql, ds.driver.type);
  return rendered;
}

/** Options of dashboard variables: listed (custom, interval) or read by a query variable's SQL, cached 30 s. */
export class VariableOptions {
  private cache = new Map<string, { at: number; values: Promise<string[]> }>();
  private readonly logged = new Set<string>();

  constructor(
    private readonly datasources: DataSourceRegistry,
    private readonly log: (msg: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Values of a variable; a query variable's SQL runs with its macros rendered over `raw` (its results are cached
   * by datasource and rendered SQL; `fresh` skips the cache, for the variables editor's preview).
   */
  async load(v: Variable, raw: RawRange, opts: { fresh?: boolean } = {}): Promise<string[]> {
    return (await this.run(v, raw, opts)).values;
  }

  /** As `load`, plus the SQL as sent (macros expanded) for query variables: the variables editor's preview. */
  async run(v: Variable, raw: RawRange, opts: { fresh?: boolean } = {}): Promise<{ values: string[]; sql?: string }> {
    if (v.type !== 'query') return { values: customOptions(v).map((o) => o.value) };
    if (!v.query.trim()) throw new PulseboardError(`Variable "${v.name}" has no query`, 400, 'bad_variable');
    const ds = this.datasources.get(v.datasource?.uid ?? DEFAULT_DATASOURCE_UID);
    const rendered = renderOptionsQuery(v, ds, raw, this.now());
    const params = rendered.params ?? [];
    const key = `${ds.config.uid}\u0000${rendered.sql}\u0000${params.map((d) => d.getTime()).join()}`;
    const hit = this.cache.get(key);
    if (!opts.fresh && hit && this.now() - hit.at < CACHE_MS) return { values: await hit.values, sql: rendered.sql };
    const values = this.query(v, ds, rendered);
    values.catch(() => this.cache.delete(key));
    this.prune();
    this.cache.set(key, { at: this.now(), values });
    return { values: await values, sql: rendered.sql };
  }

  private async query(v: Variable, ds: DataSourceEntry, rendered: RenderedSql): Promise<string[]> {
    const f = await ds.driver.query(rendered.sql, rendered.params ?? [], {
      maxRows: MAX_OPTIONS,
      signal: AbortSignal.timeout(ds.config.queryTimeoutMs),
    });
    if (!f.fields.length) throw new PulseboardError(`Variable "${v.name}" query returned no columns`, 400);
    const { usable, skipped } = quotableOptions(
      f.fields[0].values.filter((x) => x !== null).map(String),
      ds.driver.dialect,
    );
    for (const bad of skipped)
      this.logOnce(
        `variable "${v.name}" (${ds.config.uid}): skipped the stored value ${JSON.stringify(bad)}, which cannot be quoted into ${ds.driver.type} SQL`,
      );
    return usable;
  }

  /** Expired entries go once the cache holds many (each moving range adds one a minute). */
  private prune(): void {
    if (this.cache.size < 500) return;
    const now = this.now();
    for (const [k, e] of this.cache) if (now - e.at >= CACHE_MS) this.cache.delete(k);
  }

  /** Log a message the first time only (bounded: a flood of distinct messages is logged until the set is full). */
  private logOnce(msg: string): void {
    if (this.logged.has(msg) || this.logged.size >= 1000) return;
    this.logged.add(msg);
    this.log(msg);
  }
}
