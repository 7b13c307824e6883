/**
 * The Grafana converter on four exports written from Grafana's documented JSON model (grafana-fixtures/): an old
 * schema-14 `rows[]` dashboard with graphs over rawSql and a `$__timeGroup` fill, a schema-39 one with every panel
 * kind and row panels, one with `__inputs` and every variable kind, and one whose panels mostly cannot be converted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertGrafanaDashboard, readInputs, type GrafanaImport, type ImportOptions } from './grafana-import';
import { DashboardSchema, type Panel } from './schema';

const FIXTURES = path.join(import.meta.dirname, 'grafana-fixtures');
const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8'));

const OPTS: ImportOptions = {
  datasources: [
    { uid: 'duckdb', name: 'DuckDB (embedded)', type: 'duckdb' },
    { uid: 'mysql', name: 'MySQL Sensors', type: 'mysql' },
  ],
  defaultDatasource: 'duckdb',
  newUid: () => 'generated1',
};
const convert = (name: string, extra: Partial<ImportOptions> = {}): GrafanaImport =>
  convertGrafanaDashboard(fixture(name), { ...OPTS, ...extra });
const byTitle = (r: GrafanaImport, title: string): Panel => {
  const p = r.dashboard.panels.find((x) => x.title === title);
  if (!p) throw new Error(`no panel "${title}"`);
  return p;
};

describe('every fixture', () => {
  it.each(['mysql-v14-rows', 'v39-panels', 'inputs-variables', 'unconvertible'])(
    '%s converts to a valid dashboard whose panels do not overlap',
    (name) => {
      const r = convert(name, { inputs: { DS_SENSORS: 'duckdb', DS_MYSQL_SENSORS: 'mysql' } });
      expect(DashboardSchema.safeParse(r.dashboard).success).toBe(true);
      const cells = new Set<string>();
      for (const p of r.dashboard.panels)
        for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++)
          for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
            expect(cells.has(`${x},${y}`), `panel ${p.id} "${p.title}" overlaps at ${x},${y}`).toBe(false);
            cells.add(`${x},${y}`);
          }
      // Every Grafana panel is there: converted, a placeholder, or (rows) a heading.
      expect(new Set(r.dashboard.panels.map((p) => p.id)).size).toBe(r.dashboard.panels.length);
    },
  );
});

describe('schema 14: rows[], graph and singlestat over rawSql (Grafana 4.6)', () => {
  const r = convert('mysql-v14-rows', { inputs: { DS_MYSQL_SENSORS: 'mysql' } });

  it('lays rows out as Grafana migrates them: span × 2 columns, 38 px height steps, titled rows as rows', () => {
    expect(r.dashboard.panels.map((p) => [p.id, p.type, p.title, p.gridPos])).toEqual([
      [5, 'row', 'Temperatures', { x: 0, y: 0, w: 24, h: 1 }],
      [1, 'timeseries', 'Temperature per sensor', { x: 0, y: 1, w: 16, h: 7 }],
      [2, 'stat', 'Readings', { x: 16, y: 1, w: 8, h: 7 }],
      [6, 'row', 'Details', { x: 0, y: 8, w: 24, h: 1 }],
      [3, 'timeseries', 'Humidity (time_sec)', { x: 0, y: 9, w: 12, h: 8 }],
      [4, 'table', 'Latest readings', { x: 12, y: 9, w: 12, h: 11 }],
    ]);
  });

  it('keeps rawSql, macros and format, and maps the ${DS_…} input to the chosen datasource', () => {
    const graph = byTitle(r, 'Temperature per sensor');
    expect(graph.targets).toEqual([
      {
        refId: 'A',
        format: 'time_series',
        datasource: { uid: 'mysql' },
        rawSql: expect.stringContaining('$__timeGroup(ts, $__interval, 0) AS time,\n  sensor_id AS metric'),
      },
    ]);
    expect(byTitle(r, 'Readings').targets[0]).toMatchObject({ format: 'table', datasource: { uid: 'mysql' } });
    expect(r.dashboard.templating.list[0]).toMatchObject({
      name: 'sensor',
      type: 'query',
      datasource: { uid: 'mysql' },
    });
    expect(r.missingInputs).toEqual([]);
    expect(r.dashboard.uid).toBe('generated1');
    expect(r.dashboard.refresh).toBe('');
  });

  it('reads graph axes and singlestat fields into field defaults and options', () => {
    expect(byTitle(r, 'Temperature per sensor')).toMatchObject({
      fieldConfig: { defaults: { unit: 'celsius', min: 0 } },
      options: {
        legend: { showLegend: true, placement: 'bottom' },
        lineWidth: 2,
        fillOpacity: 10,
        showPoints: 'never',
      },
    });
    expect(byTitle(r, 'Humidity (time_sec)')).toMatchObject({
      fieldConfig: { defaults: { unit: 'humidity', min: 0, max: 100 } },
      options: { legend: { placement: 'right' }, showPoints: 'always', fillOpacity: 30 },
    });
    expect(byTitle(r, 'Readings')).toMatchObject({
      fieldConfig: {
        defaults: {
          unit: 'short',
          thresholds: {
            steps: [
              { color: '#299c46', value: null },
              { color: 'rgba(237, 129, 40, 0.89)', value: 100 },
              { color: '#d44a3a', value: 1000 },
            ],
          },
        },
      },
      options: { colorMode: 'value', graphMode: 'none' },
    });
    expect(r.warnings).toContain('Panel "Latest readings": column styles are not converted');
  });

  it('names the datasource inputs that need a value, and sends their queries to the default meanwhile', () => {
    const unmapped = convert('mysql-v14-rows');
    expect(unmapped.missingInputs).toEqual([
      { name: 'DS_MYSQL_SENSORS', label: 'MySQL Sensors', type: 'datasource', pluginId: 'mysql' },
    ]);
    expect(byTitle(unmapped, 'Readings').targets[0].datasource).toEqual({ uid: 'duckdb' });
    expect(unmapped.warnings[0]).toMatch(/Input DS_MYSQL_SENSORS \(MySQL Sensors\) was not mapped/);
  });
});

describe('schema 39: new panels and row panels (Grafana 10)', () => {
  const r = convert('v39-panels');

  it('maps each panel type', () => {
    expect(r.dashboard.panels.map((p) => [p.title, p.type])).toEqual([
      ['Revenue per city', 'timeseries'],
      ['Orders', 'stat'],
      ['Temperature', 'gauge'],
      ['Products', 'row'],
      ['Top products', 'bar'],
      ['Revenue by category', 'pie'],
      ['Details', 'row'],
      ['Latest orders', 'table'],
      ['Notes', 'text'],
    ]);
    expect(r.unconverted).toEqual([]);
  });

  it("places a collapsed row's panels under its heading, in order", () => {
    expect(byTitle(r, 'Details').gridPos).toEqual({ x: 0, y: 17, w: 24, h: 1 });
    expect(byTitle(r, 'Latest orders').gridPos).toEqual({ x: 0, y: 18, w: 16, h: 9 });
    expect(byTitle(r, 'Notes')).toMatchObject({
      gridPos: { x: 16, y: 18, w: 8, h: 9 },
      targets: [],
      options: { mode: 'markdown', content: expect.stringContaining('## About this dashboard') },
    });
  });

  it('keeps field config and the options Pulseboard panels read', () => {
    expect(byTitle(r, 'Revenue per city')).toMatchObject({
      fieldConfig: {
        defaults: {
          unit: 'currencyUSD',
          thresholds: {
            steps: [
              { color: 'green', value: null },
              { color: 'red', value: 80 },
            ],
          },
        },
      },
      options: {
        legend: { showLegend: true, placement: 'bottom' },
        lineWidth: 2,
        fillOpacity: 10,
        showPoints: 'never',
      },
    });
    expect(byTitle(r, 'Orders').options).toEqual({ colorMode: 'background', graphMode: 'none', orientation: 'auto' });
    expect(byTitle(r, 'Temperature').fieldConfig.defaults).toMatchObject({ unit: 'celsius', min: -10, max: 40 });
    expect(byTitle(r, 'Top products').options).toEqual({ orientation: 'horizontal' });
    expect(byTitle(r, 'Revenue by category').options).toEqual({
      pieType: 'donut',
      legend: { showLegend: true, placement: 'right' },
    });
  });

  it('sends references to unknown Grafana datasources to the default, once warned', () => {
    expect(r.dashboard.panels.flatMap((p) => p.targets.map((t) => t.datasource?.uid))).toEqual(Array(6).fill('duckdb'));
    expect(r.warnings).toContain('Datasource "P211906C1C32DB77E" (mysql) is not one here: its SQL runs on "duckdb"');
    expect(r.warnings).toContain('Panel "Temperature": shows the last value; the "mean" calculation is not converted');
    expect(r.dashboard).toMatchObject({ uid: 'shop-g10', refresh: '30s', time: { from: 'now-3h', to: 'now' } });
  });

  it('maps a datasource named in the export by its Pulseboard name or uid', () => {
    const json = fixture('v39-panels') as {
      panels: Array<{ datasource?: unknown; targets?: Array<{ datasource?: unknown }> }>;
    };
    json.panels[0].targets![0].datasource = 'MySQL Sensors';
    json.panels[1].targets![0].datasource = { type: 'mysql', uid: 'mysql' };
    const out = convertGrafanaDashboard(json, OPTS);
    expect(out.dashboard.panels[0].targets[0].datasource).toEqual({ uid: 'mysql' });
    expect(out.dashboard.panels[1].targets[0].datasource).toEqual({ uid: 'mysql' });
  });
});

describe('__inputs and variables (Grafana 7.5)', () => {
  const r = convert('inputs-variables', { inputs: { DS_SENSORS: 'duckdb' } });

  it('lists the inputs', () => {
    expect(readInputs(fixture('inputs-variables'))).toEqual([
      {
        name: 'DS_SENSORS',
        label: 'Sensors',
        type: 'datasource',
        pluginId: 'mysql',
        description: 'The database the sensor readings are in',
      },
      { name: 'VAR_SENSOR_TABLE', label: 'sensor_table', type: 'constant', pluginId: '', value: 'sensor_data' },
    ]);
  });

  it('converts query, interval, custom, constant and textbox variables', () => {
    expect(r.dashboard.templating.list).toEqual([
      {
        name: 'sensor',
        label: 'Sensor',
        type: 'query',
        query: 'SELECT DISTINCT sensor_id FROM sensor_data ORDER BY 1',
        datasource: { uid: 'duckdb' },
        multi: true,
        includeAll: true,
        options: [],
      },
      {
        name: 'bucket',
        label: 'Bucket',
        type: 'interval',
        query: '1m,5m,15m,1h',
        multi: false,
        includeAll: false,
        current: { value: '5m' },
        options: [
          { text: 'auto', value: '$__interval' },
          { text: '1m', value: '1m' },
          { text: '5m', value: '5m' },
          { text: '15m', value: '15m' },
          { text: '1h', value: '1h' },
        ],
      },
      {
        name: 'city',
        label: 'City',
        type: 'custom',
        query: 'Lima,Quito,Bogotá',
        multi: true,
        includeAll: true,
        current: { value: ['Lima', 'Quito'] },
        options: [],
      },
      {
        name: 'sensor_table',
        type: 'constant',
        query: 'sensor_data',
        multi: false,
        includeAll: false,
        current: { value: 'sensor_data' },
        options: [],
      },
      {
        name: 'min_temp',
        label: 'Min temperature',
        type: 'textbox',
        query: '-50',
        multi: false,
        includeAll: false,
        current: { value: '-50' },
        options: [],
      },
    ]);
  });

  it('writes the constant into the SQL (Grafana pastes it raw) and keeps interval variables inside macros', () => {
    const sql = byTitle(r, 'Temperature ($bucket buckets)').targets[0].rawSql;
    expect(sql).toContain('FROM sensor_data\n');
    expect(sql).toContain("$__timeGroupAlias(ts, '$bucket')");
    expect(r.warnings).toContain(
      'Constant $sensor_table ("sensor_data") is written into the SQL where it is used (3×), as Grafana pastes it',
    );
  });

  it('uses a given constant input instead of the exported value', () => {
    const other = convert('inputs-variables', { inputs: { DS_SENSORS: 'duckdb', VAR_SENSOR_TABLE: 'sensor_archive' } });
    expect(other.dashboard.templating.list.find((v) => v.name === 'sensor_table')?.query).toBe('sensor_archive');
  });

  it('refuses an input value that is no datasource here, naming the input', () => {
    expect(() => convert('inputs-variables', { inputs: { DS_SENSORS: 'nope' } })).toThrow(
      /inputs\.DS_SENSORS: "nope" is not a datasource here; choose one of duckdb, mysql/,
    );
  });
});

describe('panels that cannot be converted (Grafana 9)', () => {
  const r = convert('unconvertible');

  it('become placeholders at the same place, listed by title, type and reason', () => {
    expect(r.unconverted).toEqual([
      {
        panelId: 1,
        title: 'HTTP requests (Prometheus)',
        type: 'graph',
        reason: 'its queries are not SQL: A (prometheus)',
      },
      {
        panelId: 2,
        title: 'Orders on a map',
        type: 'grafana-worldmap-panel',
        reason: 'Pulseboard has no "grafana-worldmap-panel" panel',
      },
      {
        panelId: 3,
        title: 'Company KPIs',
        type: 'library panel',
        reason: 'library panel "Company KPIs" is not in the export',
      },
      { panelId: 4, title: 'Random walk', type: 'timeseries', reason: 'its queries are not SQL: A (grafana)' },
      { panelId: 5, title: 'Empty stat', type: 'stat', reason: 'it has no queries' },
      { panelId: 9, title: 'Heatmap', type: 'heatmap', reason: 'Pulseboard has no "heatmap" panel' },
    ]);
    const placeholder = r.dashboard.panels.find((p) => p.id === 1)!;
    expect(placeholder).toMatchObject({
      type: 'text',
      title: 'HTTP requests (Prometheus)',
      gridPos: { x: 0, y: 0, w: 12, h: 8 },
      targets: [],
      options: {
        mode: 'markdown',
        content: '**Not converted from Grafana** (`graph`): its queries are not SQL: A (prometheus).',
      },
    });
  });

  it('keeps the SQL targets of a mixed panel and says which were left out', () => {
    expect(byTitle(r, 'Orders (mixed sources)').targets.map((t) => t.refId)).toEqual(['A']);
    expect(r.warnings).toContain(
      'Panel "Orders (mixed sources)": queries left out (not SQL or hidden): B (prometheus), C (hidden)',
    );
  });

  it('keeps an html text panel in html mode (shown as text), and warns about SQL that will not run', () => {
    expect(byTitle(r, 'Runbook').options).toMatchObject({
      mode: 'html',
      content: expect.stringContaining('<h3>Runbook</h3>'),
    });
    expect(r.warnings).toContain(
      'Panel "Orders (Postgres, raw format)" query A will not run as it is: ${city:raw} is not allowed: variable values come from the URL and are always quoted, never pasted into SQL',
    );
    expect(r.warnings).toContain(
      'Panel "Orders (Postgres, raw format)": query A was written for postgres: check that it runs on "duckdb"',
    );
  });

  it('leaves out variables Pulseboard cannot hold, saying so', () => {
    expect(r.dashboard.templating.list.map((v) => [v.name, v.type])).toEqual([
      ['job', 'textbox'],
      ['city', 'custom'],
    ]);
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        'Variable $ds (datasource) is left out: Pulseboard has no datasource variables',
        'Variable $Filters (adhoc) is left out: Pulseboard has no adhoc variables',
        'Variable $job: its query is not SQL: it becomes a textbox holding its current value',
      ]),
    );
  });
});

describe('bad input', () => {
  it.each([
    [null, /must be a Grafana dashboard JSON object/],
    [[], /must be a Grafana dashboard JSON object/],
    [{ panels: [] }, /dashboard.title is missing/],
    [{ title: '   ' }, /dashboard.title is missing/],
  ])('%j is refused with a 400 naming what is wrong', (json, message) => {
    let err: unknown;
    try {
      convertGrafanaDashboard(json, OPTS);
    } catch (e) {
      err = e;
    }
    expect((err as { status?: number }).status).toBe(400);
    expect((err as Error).message).toMatch(message);
  });

  it("takes Grafana's `{dashboard, meta}` answer as the dashboard, and replaces a uid Pulseboard cannot take", () => {
    const r = convertGrafanaDashboard({ dashboard: { title: 'T', uid: 'has spaces' }, meta: {} }, OPTS);
    expect(r.dashboard).toMatchObject({ title: 'T', uid: 'generated1', panels: [] });
    expect(r.warnings[0]).toMatch(/uid "has spaces" is not a Pulseboard uid/);
  });

  it('survives panels of the wrong shapes: they become placeholders, never a crash', () => {
    const r = convertGrafanaDashboard(
      {
        title: 'odd',
        panels: [
          null,
          7,
          { type: 'graph', gridPos: { x: 40, y: -3, w: 0, h: 'x' }, targets: [{ rawSql: 5 }] },
          { id: 2, id2: 1 },
        ],
      },
      OPTS,
    );
    // In reading order (the graph's y of -3 comes first), moved apart where they would cover one another.
    expect(r.dashboard.panels.map((p) => [p.type, p.gridPos])).toEqual([
      ['text', { x: 23, y: 0, w: 1, h: 9 }],
      ['text', { x: 0, y: 0, w: 12, h: 9 }],
      ['text', { x: 0, y: 9, w: 12, h: 9 }],
      ['text', { x: 0, y: 18, w: 12, h: 9 }],
    ]);
    expect(r.unconverted.map((u) => u.reason)).toEqual([
      'its queries are not SQL: ? (no rawSql)',
      'Pulseboard has no "untyped" panel',
      'Pulseboard has no "untyped" panel',
      'Pulseboard has no "untyped" panel',
    ]);
  });
});
