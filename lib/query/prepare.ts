import { PulseboardError } from '../errors';
import type { DataSourceEntry, DataSourceRegistry } from '../datasources/registry';
import type { Dashboard, Panel } from '../dashboards/schema';
import type { DashboardStore } from '../dashboards/store';
import { renderMacros, type RenderedSql } from '../sql/macros';
import { interpolateVariables } from '../sql/variables';
import { assertReadOnly } from '../sql/read-only';
import { calculateInterval, resolveWindow } from '../sql/time-range';
import { resolveVariablesWithAll, type OptionsLoader } from './variables';
import type { AdHocQueryRequest, QueryRequest, RawRange } from './protocol';

export const DEFAULT_DATASOURCE_UID = 'duckdb';
const DEFAULT_MAX_DATA_POINTS = 1000;

export interface TimeWindow {
  from: Date;
  to: Date;
  /**
   * The instant the window was resolved at (epoch ms), when it differs from `to` (`now` is rounded up to the
   * second): gap filling never adds a bucket that starts after it, a bucket that has not begun.
   */
  now?: number;
}

/** One target with variables interpolated; macros render per time window (full range, or a live tail). */
export interface PreparedTarget {
  refId: string;
  format: 'time_series' | 'table';
  datasource: DataSourceEntry;
  /** SQL after variable interpolation, before macros. */
  sql: string;
  render(window: TimeWindow): RenderedSql;
}

export interface PreparedPanel {
  dashboard: Dashboard;
  panel: Panel;
  raw: RawRange;
  /** Range resolved at preparation time (`resolveWindow`). */
  range: TimeWindow;
  intervalMs: number;
  vars: Record<string, string[]>;
  targets: PreparedTarget[];
  /** Identity of what runs: same key ⇒ same SQL for the same window (shared live channels, dedup). */
  key: string;
}

export interface PrepareDeps {
  dashboards: DashboardStore;
  datasources: DataSourceRegistry;
  loadOptions: OptionsLoader;
}

function findPanel(
  deps: Pick<PrepareDeps, 'dashboards'>,
  uid: string,
  panelId: number,
): { dashboard: Dashboard; panel: Panel } {
  const dashboard = deps.dashboards.get(uid);
  if (!dashboard) throw new PulseboardError(`Dashboard "${uid}" not found`, 404, 'not_found');
  const panel = dashboard.panels.find((p) => p.id === panelId);
  if (!panel) throw new PulseboardError(`Panel ${panelId} not found in dashboard "${uid}"`, 404, 'not_found');
  if (panel.type === 'text')
    throw new PulseboardError(`Panel ${panelId} is a text panel: text panels have no query`, 400, 'no_query');
  if (panel.type === 'row') throw new PulseboardError(`Panel ${panelId} is a row: rows have no query`, 400, 'no_query');
  return { dashboard, panel };
}

/**
 * Look the panel's SQL up, resolve range (at the instant `clockMs`, see `resolveWindow`), interval and variables,
 * and check every target is read-only.
 */
export async function preparePanelQuery(
  deps: PrepareDeps,
  req: QueryRequest,
  clockMs = Date.now(),
): Promise<PreparedPanel> {
  const { dashboard, panel } = findPanel(deps, req.dashboardUid, req.panelId);
  return prepare(deps, dashboard, panel, req, clockMs);
}

/**
 * An editor's SQL, not yet saved in any panel (`POST /api/ds/query`): prepared exactly as a saved panel's, with the
 * variables of `dashboardUid` when given, so the preview runs what the saved panel will run.
 */
export async function prepareAdHocQuery(
  deps: PrepareDeps,
  req: AdHocQueryRequest,
  clockMs = Date.now(),
): Promise<PreparedPanel> {
  const dashboard: Dashboard = (req.dashboardUid && deps.dashboards.get(req.dashboardUid)) || {
    uid: 'adhoc',
    title: 'Ad hoc query',
    tags: [],
    time: { from: 'now-6h', to: 'now' },
    refresh: '',
    public: false,
    templating: { list: [] },
    panels: [],
    version: 1,
  };
  if (req.dashboardUid && dashboard.uid !== req.dashboardUid)
    throw new PulseboardError(`Dashboard "${req.dashboardUid}" not found`, 404, 'not_found');
  const panel: Panel = {
    id: 1,
    type: 'table',
    title: 'Ad hoc query',
    gridPos: { x: 0, y: 0, w: 24, h: 8 },
    targets: req.queries.map((q) => ({ ...q, format: q.format ?? 'time_series' })),
    interval: req.interval,
    fieldConfig: { defaults: {} },
    options: {},
  };
  return prepare(deps, dashboard, panel, req, clockMs);
}

async function prepare(
  deps: PrepareDeps,
  dashboard: Dashboard,
  panel: Panel,
  req: Pick<QueryRequest, 'range' | 'vars' | 'maxDataPoints'>,
  clockMs: number,
): Promise<PreparedPanel> {
  const range = resolveWindow(req.range, clockMs);
  const maxDataPoints = req.maxDataPoints ?? panel.maxDataPoints ?? DEFAULT_MAX_DATA_POINTS;
  const { intervalMs } = calculateInterval(range.to.getTime() - range.from.getTime(), maxDataPoints, panel.interval);
  const { values: vars, allSql } = await resolveVariablesWithAll(dashboard, req.vars, deps.loadOptions, req.range);
  const targets = panel.targets.map((t): PreparedTarget => {
    const datasource = deps.datasources.get(t.datasource?.uid ?? panel.datasource?.uid ?? DEFAULT_DATASOURCE_UID);
    const sql = interpolateVariables(t.rawSql, vars, datasource.driver.dialect, allSql);
    const render = (w: TimeWindow) => {
      const out = renderMacros(sql, {
        dialect: datasource.driver.dialect,
        range: w,
        intervalMs,
        timeColumn: datasource.config.timeColumn,
      });
      assertReadOnly(out.sql, datasource.driver.type);
      return out;
    };
    render(range); // fail fast on bad macros or a statement that is not read-only
    return { refId: t.refId, format: t.format, datasource, sql, render };
  });
  const key = JSON.stringify([
    targets.map((t) => [t.datasource.config.uid, t.refId, t.sql]),
    req.range.from,
    req.range.to,
    intervalMs,
  ]);
  return { dashboard, panel, raw: req.range, range, intervalMs, vars, targets, key };
}
