import path from 'node:path';
import { DashboardStore } from './dashboards/store';
import type { DashboardLibrary } from './dashboards/library';
import type { Variable } from './dashboards/schema';
import { createRegistryFromEnv, type DataSourceRegistry } from './datasources/registry';
import { PulseboardError } from './errors';
import type { IngestResult } from './ingest/duckdb-writer';
import type { DemoStore } from './ingest/store';
import { demoStoreOf, engineOf } from './engines';
import { backfillThroughStore } from './simulator/backfill';
import type { IngestTable, SalesRow, SensorRow } from './ingest/tables';
import { LiveHub } from './live/hub';
import { createMetrics, type Metrics } from './metrics';
import { QueryExecutor } from './query/execute';
import { DEFAULT_DATASOURCE_UID, prepareAdHocQuery, preparePanelQuery, type PrepareDeps } from './query/prepare';
import type {
  AdHocQueryRequest,
  QueryRequest,
  QueryResponse,
  RawRange,
  VariableOptionsRequest,
} from './query/protocol';
import { VariableOptions } from './query/variable-options';
import { typedErrorPosition } from './sql/error-position';
import { SchemaCache, selectSchema, type SchemaAnswer, type SchemaQuery } from './datasources/schema';
import { authorizeEmbed, withLockedVars } from './embed/access';
import { Simulator } from './simulator/simulator';

/** How often the same ad hoc SQL of the same editor is logged again. */
const AD_HOC_LOG_EVERY_MS = 60_000;

export interface RuntimeOptions {
  env?: Record<string, string | undefined>;
  /** The clock ranges resolve against (epoch ms); tests drive time with it. Default `Date.now`. */
  now?: () => number;
  /** Defaults to `PULSEBOARD_SIMULATOR` (on unless `off`). */
  simulator?: boolean;
  /** Process metrics (CPU, memory, event loop); off in tests that make several runtimes. */
  defaultMetrics?: boolean;
  log?: (msg: string) => void;
}

/** Everything the server holds: datasources, dashboards, query executor, live hub, metrics, simulator. */
export class Runtime {
  readonly metrics: Metrics;
  readonly datasources: DataSourceRegistry;
  readonly dashboards: DashboardStore;
  /** Dashboards kept in the metadata store, with versions (set by the server once the store is open). */
  library?: DashboardLibrary;
  readonly executor: QueryExecutor;
  readonly hub: LiveHub;
  simulator?: Simulator;
  /** The datasource demo rows, the simulator and `/api/ingest` write to (`PULSEBOARD_DEMO_DATASOURCE`). */
  readonly demo: DemoStore;
  /** Catalogs read for autocomplete, per datasource. */
  private readonly schemas = new SchemaCache();
  private readonly options: VariableOptions;
  /** When each editor's ad hoc SQL was last logged (see `adHocQuery`). */
  private readonly adHocLogged = new Map<string, number>();
  private readonly log: (msg: string) => void;
  private readonly now: () => number;

  constructor(private readonly opts: RuntimeOptions = {}) {
    const env = opts.env ?? process.env;
    this.log = opts.log ?? ((m) => console.log(`[pulseboard] ${m}`));
    this.metrics = createMetrics(opts.defaultMetrics ?? true);
    const dir = env.PULSEBOARD_PROVISIONING_DIR || path.join(process.cwd(), 'provisioning');
    this.datasources = createRegistryFromEnv(env, dir, this.log);
    const demoUid = env.PULSEBOARD_DEMO_DATASOURCE || DEFAULT_DATASOURCE_UID;
    this.demo = demoStoreOf(demoUid, this.datasources.get(demoUid).driver);
    const extra = (env.PULSEBOARD_EXTRA_DASHBOARDS || '').split(path.delimiter).filter(Boolean);
    this.dashboards = DashboardStore.fromDirectories([path.join(dir, 'dashboards'), ...extra], env);
    for (const e of this.dashboards.errors) this.log(`skipped dashboard ${e.file}: ${e.message}`);
    this.executor = new QueryExecutor(this.metrics);
    this.now = opts.now ?? Date.now;
    this.options = new VariableOptions(this.datasources, this.log, this.now);
    this.hub = new LiveHub({
      prepare: async (req, clockMs, embedOnly) =>
        preparePanelQuery(this.prepareDeps, await this.authorize(req, embedOnly), clockMs),
      executor: this.executor,
      metrics: this.metrics,
      tickMs: Number(env.PULSEBOARD_LIVE_TICK_MS) || 1000,
      now: this.now,
    });
  }

  get prepareDeps(): PrepareDeps {
    return {
      dashboards: this.dashboards,
      datasources: this.datasources,
      loadOptions: (v, range) => this.variableOptions(v, range),
    };
  }

  /** Create demo tables, backfill history, start the simulator unless turned off. An engine that is down is logged, not fatal. */
  async start(): Promise<void> {
    const env = this.opts.env ?? process.env;
    // The embedded DuckDB has the demo tables whichever datasource the demo writes to.
    await demoStoreOf(DEFAULT_DATASOURCE_UID, this.datasources.get(DEFAULT_DATASOURCE_UID).driver).ensureSchema();
    const simulate = this.opts.simulator ?? env.PULSEBOARD_SIMULATOR !== 'off';
    if (!simulate) return;
    const { driver } = this.datasources.get(this.demo.uid);
    const engine = engineOf(driver);
    const t0 = Date.now();
    try {
      await engine.ensureDatabase?.(driver);
      await this.demo.ensureSchema();
      const hours = Number(env.PULSEBOARD_BACKFILL_HOURS ?? engine.demoBackfillHours);
      const filled = engine.backfill
        ? await engine.backfill(driver, hours)
        : await backfillThroughStore(this.demo, hours);
      this.log(
        `backfilled ${filled.sensors} sensor readings and ${filled.orders} orders into ${this.demo.uid} in ${Date.now() - t0} ms`,
      );
    } catch (err) {
      this.log(`demo data on ${this.demo.uid} not prepared: ${(err as Error).message}`);
    }
    let lastError = '';
    this.simulator = new Simulator((table, rows) => this.ingest(table, rows, undefined, 'simulator'), {
      flushMs: Number(env.PULSEBOARD_SIMULATOR_FLUSH_MS) || engine.demoFlushMs,
      onError: (err) => {
        if (err.message !== lastError) this.log(`simulator write failed: ${err.message}`);
        lastError = err.message;
      },
    });
    this.simulator.start();
  }

  /**
   * An embed's request: the token must grant the panel, and its locked variables replace requested ones.
   * `embedOnly` (the access gate found no role): only an embed token or a `public` dashboard grants the panel.
   */
  async authorize(req: QueryRequest, embedOnly = false): Promise<QueryRequest> {
    if (!req.embedToken && !embedOnly) return req;
    if (!req.embedToken && !this.dashboards.get(req.dashboardUid)?.public)
      throw new PulseboardError('Log in to see this panel, or send an API token', 401, 'unauthorized');
    const grant = await authorizeEmbed(
      this.dashboards,
      this.embedSecret,
      req.dashboardUid,
      req.panelId,
      req.embedToken,
    );
    return { ...req, vars: withLockedVars(req.vars, grant.claims) };
  }

  /** Secret that signs embed tokens (`PULSEBOARD_EMBED_SECRET`); server side only. */
  get embedSecret(): string | undefined {
    return (this.opts.env ?? process.env).PULSEBOARD_EMBED_SECRET || undefined;
  }

  /** One panel's query for `POST /api/query`, its range resolved as a live snapshot's is (`resolveWindow`). */
  async query(req: QueryRequest, signal?: AbortSignal, embedOnly = false): Promise<QueryResponse> {
    const prepared = await preparePanelQuery(this.prepareDeps, await this.authorize(req, embedOnly), this.now());
    return this.executor.runPanel(prepared, prepared.range, { signal, source: 'http' });
  }

  /**
   * An editor's SQL for the panel editor's preview (`POST /api/ds/query`): prepared and checked as a saved panel's
   * (macros, quoted variables, read-only, timeout, row cap, cancelled when the client goes away), logged with who
   * sent it. The answer adds the SQL as sent to each engine and the time taken.
   */
  async adHocQuery(
    req: AdHocQueryRequest,
    actor: string,
    signal?: AbortSignal,
  ): Promise<QueryResponse & { queries: Array<{ refId: string; datasourceUid: string; sql: string }>; ms: number }> {
    const prepared = await prepareAdHocQuery(this.prepareDeps, req, this.now());
    const queries = prepared.targets.map((t) => ({
      refId: t.refId,
      datasourceUid: t.datasource.config.uid,
      sql: t.render(prepared.range).sql,
    }));
    // Logged once a minute per editor and SQL as typed: a live preview re-runs the same SQL every second.
    const at = this.now();
    for (const [i, q] of queries.entries()) {
      const key = `${actor}\u0000${q.datasourceUid}\u0000${prepared.targets[i].sql}`;
      if (at - (this.adHocLogged.get(key) ?? -Infinity) < AD_HOC_LOG_EVERY_MS) continue;
      if (this.adHocLogged.size >= 1000) this.adHocLogged.clear();
      this.adHocLogged.set(key, at);
      this.log(`ad hoc SQL by ${actor} on ${q.datasourceUid}: ${q.sql.replace(/\s+/g, ' ').slice(0, 300)}`);
    }
    const t0 = performance.now();
    const res = await this.executor.runPanel(prepared, prepared.range, { signal, source: 'editor' });
    const ms = Math.round((performance.now() - t0) * 10) / 10;
    if (!res.errors) return { ...res, queries, ms };
    // An engine error that points into the SQL sent is shown at the same place in the SQL the editor typed.
    const errors = res.errors.map((e) => {
      const typed = prepared.panel.targets.find((t) => t.refId === e.refId)?.rawSql;
      const sent = queries.find((q) => q.refId === e.refId)?.sql;
      const position = typed && sent ? typedErrorPosition(e.message, sent, typed) : undefined;
      return position ? { ...e, position } : e;
    });
    return { ...res, errors, queries, ms };
  }

  /**
   * Tables and columns of datasource `uid` for the panel editor's autocomplete (`GET /api/datasources/<uid>/schema`),
   * its catalog read at most once a minute. 404 for a datasource that does not exist.
   */
  async schema(uid: string, q: SchemaQuery): Promise<SchemaAnswer> {
    if (!this.datasources.list().some((c) => c.uid === uid))
      throw new PulseboardError(`Unknown datasource "${uid}"`, 404, 'not_found');
    const { config, driver, limit } = this.datasources.get(uid);
    const snapshot = await this.schemas.get(uid, () =>
      limit(() => driver.fetchSchema({ signal: AbortSignal.timeout(config.queryTimeoutMs) })),
    );
    return selectSchema(snapshot, q);
  }

  /** Write a batch to the demo datasource, all or nothing, then wake live queries reading that table. */
  async ingest(
    table: IngestTable,
    rows: Array<SensorRow | SalesRow>,
    idempotencyKey?: string,
    source = 'api',
  ): Promise<IngestResult> {
    const res = await this.demo.insert(table, rows, idempotencyKey);
    if (!res.replayed) {
      this.metrics.ingestedRows.inc({ table, source }, res.inserted);
      this.hub.notifyWrite(this.demo.uid, table);
    }
    return res;
  }

  /**
   * Values of a variable: a custom or interval one's list, or a query one's SQL run with its macros (`$__timeFilter`…)
   * over `range`, the range the dashboard is viewed at; query results are cached for 30 s.
   */
  variableOptions(v: Variable, range: RawRange): Promise<string[]> {
    return this.options.load(v, range);
  }

  /**
   * The variables editor's preview (`POST /api/ds/variable-options`): a variable as it is being edited, its values
   * read fresh (no cache), with the SQL as sent for a query variable; logged with who asked.
   */
  async previewVariable(
    req: VariableOptionsRequest,
    actor: string,
  ): Promise<{ values: string[]; ms: number; sql?: string }> {
    if (req.dashboardUid && !this.dashboards.get(req.dashboardUid))
      throw new PulseboardError(`Dashboard "${req.dashboardUid}" not found`, 404, 'not_found');
    const t0 = performance.now();
    const { values, sql } = await this.options.run(req.variable, req.range, { fresh: true });
    if (sql)
      this.log(
        `variable query by ${actor} on ${req.variable.datasource?.uid ?? DEFAULT_DATASOURCE_UID}: ${sql.replace(/\s+/g, ' ').slice(0, 300)}`,
      );
    return { values, ms: Math.round((performance.now() - t0) * 10) / 10, ...(sql ? { sql } : {}) };
  }

  async close(): Promise<void> {
    await this.simulator?.stop();
    this.hub.close();
    await this.datasources.close();
  }
}
