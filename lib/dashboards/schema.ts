import { z } from 'zod';

/** Grafana's 24-column grid position; `h` in grid rows (30 px each). */
const GridPosSchema = z.object({
  x: z.number().int().min(0).max(23),
  y: z.number().int().min(0),
  w: z.number().int().min(1).max(24),
  h: z.number().int().min(1),
});

const DataSourceRefSchema = z.object({
  type: z.enum(['duckdb', 'mysql', 'starrocks', 'druid']).optional(),
  uid: z.string().min(1),
});

const TargetSchema = z.object({
  refId: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/),
  datasource: DataSourceRefSchema.optional(),
  rawSql: z.string().min(1),
  /** Grafana's `format`: `time_series` frames have a time column; `table` frames are shown as they come. */
  format: z.enum(['time_series', 'table']).default('time_series'),
});

const ThresholdStepSchema = z.object({ color: z.string(), value: z.number().nullable() });

const FieldDefaultsSchema = z.object({
  unit: z.string().optional(),
  decimals: z.number().int().min(0).max(10).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  displayName: z.string().optional(),
  thresholds: z.object({ steps: z.array(ThresholdStepSchema) }).optional(),
});

const PanelTypeSchema = z.enum(['timeseries', 'gauge', 'stat', 'bar', 'table', 'pie', 'text', 'row']);

/** A `text` panel's options: Markdown (or HTML, shown as text, never as markup) and no query. */
const TextOptionsSchema = z.object({
  content: z.string().max(100_000).optional(),
  mode: z.enum(['markdown', 'html']).optional(),
});

const PanelSchema = z.object({
  id: z.number().int().positive(),
  type: PanelTypeSchema,
  title: z.string().default(''),
  description: z.string().optional(),
  gridPos: GridPosSchema,
  datasource: DataSourceRefSchema.optional(),
  /** At least one, except on `text` panels, which never run any (a panel turned into text keeps its SQL). */
  targets: z.array(TargetSchema).default([]),
  maxDataPoints: z.number().int().min(1).max(100_000).optional(),
  /** Smallest `$__interval` for this panel (`1s`, `1m`). */
  interval: z.string().optional(),
  fieldConfig: z.object({ defaults: FieldDefaultsSchema.default({}) }).default({ defaults: {} }),
  /** Panel-type specific options (legend, reduce calculation, orientation…). */
  options: z.record(z.string(), z.unknown()).default({}),
  /**
   * `row` panels: a full-width header that owns the panels below it up to the next row (Grafana's expanded form);
   * collapsed, the dashboard opens with those panels hidden. Viewers fold and unfold rows for themselves.
   */
  collapsed: z.boolean().optional(),
});

/** A panel that queries needs a target; a text panel's options are checked. */
const CheckedPanelSchema = PanelSchema.superRefine((p, ctx) => {
  if (p.type === 'text') {
    const r = TextOptionsSchema.safeParse(p.options);
    if (!r.success) for (const i of r.error.issues) ctx.addIssue({ ...i, path: ['options', ...i.path] });
  } else if (p.type !== 'row' && !p.targets.length) {
    ctx.addIssue({
      code: 'custom',
      path: ['targets'],
      message: 'a panel needs at least one target (only text panels and rows have none)',
    });
  }
});

const VariableOptionSchema = z.object({ text: z.string(), value: z.string() });

export const VariableSchema = z.object({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'variable names are letters, digits and _'),
  label: z.string().optional(),
  type: z.enum(['custom', 'query', 'constant', 'textbox', 'interval']),
  /** `query`: SQL returning one column of values; `custom`: comma-separated values; `constant`/`textbox`: the value. */
  query: z.string().default(''),
  datasource: DataSourceRefSchema.optional(),
  multi: z.boolean().default(false),
  includeAll: z.boolean().default(false),
  /** Trusted SQL used for "All" instead of the list of every value (Grafana's custom all value). */
  allValue: z.string().optional(),
  current: z.object({ value: z.union([z.string(), z.array(z.string())]) }).optional(),
  options: z.array(VariableOptionSchema).default([]),
});

export const DashboardSchema = z.object({
  uid: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'uid is 1-40 letters, digits, _ or -'),
  title: z.string().min(1),
  description: z.string().optional(),
  tags: z.array(z.string()).default([]),
  time: z.object({ from: z.string(), to: z.string() }).default({ from: 'now-6h', to: 'now' }),
  /** `live`, an interval such as `5s`, or empty for off. */
  refresh: z.string().default(''),
  /** Anonymous embedding allowed (issue: embedding). */
  public: z.boolean().default(false),
  templating: z.object({ list: z.array(VariableSchema) }).default({ list: [] }),
  panels: z.array(CheckedPanelSchema),
  version: z.number().int().default(1),
});

export type GridPos = z.infer<typeof GridPosSchema>;
export type Panel = z.infer<typeof PanelSchema>;
export type PanelType = z.infer<typeof PanelTypeSchema>;
export type Variable = z.infer<typeof VariableSchema>;
export type Dashboard = z.infer<typeof DashboardSchema>;
export type FieldDefaults = z.infer<typeof FieldDefaultsSchema>;

/** Summary row for `GET /api/dashboards`. */
export interface DashboardSummary {
  uid: string;
  title: string;
  description?: string;
  tags: string[];
  panelCount: number;
}
