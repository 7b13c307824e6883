import { DashboardSchema, type Dashboard, type GridPos } from '@/lib/dashboards/schema';

/** The dashboard document as the editor holds it: the full JSON (with SQL), as `GET /api/dashboards/<uid>` gave it. */
export type EditDoc = Record<string, unknown> & {
  uid: string;
  title: string;
  panels: (Record<string, unknown> & { id: number; title?: string; type?: string; gridPos: GridPos })[];
};

/** The grid the editor lays panels on: Grafana's 24 columns. */
export const GRID_COLS = 24;

/** Keys that are not part of what a user edits: the store's version and the API's metadata. */
const NOT_CONTENT = new Set(['version', 'meta']);

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * The document as one canonical string: keys sorted, `version` and `meta` left out. Time range and variable values
 * chosen in the URL never enter the document, so they never count as changes.
 */
export function normalise(doc: Record<string, unknown>): string {
  const content = Object.fromEntries(Object.entries(doc).filter(([k]) => !NOT_CONTENT.has(k)));
  return JSON.stringify(sortKeys(content));
}

/** Whether the edited document differs from the loaded one (by content, not key order). */
export function hasUnsavedChanges(loaded: Record<string, unknown>, edited: Record<string, unknown>): boolean {
  return normalise(loaded) !== normalise(edited);
}

/** A grid item as react-grid-layout takes it (`i` is the panel id). */
export interface GridItem {
  i: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Rows are one grid row high and full width: moved, never resized. */
  isResizable?: boolean;
}

/** Panels → react-grid-layout items, clamped to the 24-column grid. */
export function toLayout(panels: EditDoc['panels']): GridItem[] {
  return panels.map((p) => {
    if (p.type === 'row')
      return { i: String(p.id), x: 0, y: Math.max(0, p.gridPos.y), w: GRID_COLS, h: 1, isResizable: false };
    const x = Math.min(Math.max(0, p.gridPos.x), GRID_COLS - 1);
    const w = Math.min(Math.max(1, p.gridPos.w), GRID_COLS - x);
    return { i: String(p.id), x, y: Math.max(0, p.gridPos.y), w, h: Math.max(1, p.gridPos.h) };
  });
}

/** Apply a react-grid-layout layout to the panels' `gridPos`; panels the layout does not name keep theirs. */
export function applyLayout(panels: EditDoc['panels'], layout: readonly GridItem[]): EditDoc['panels'] {
  const byId = new Map(layout.map((item) => [item.i, item]));
  return panels.map((p) => {
    const item = byId.get(String(p.id));
    if (!item) return p;
    const gridPos = { x: item.x, y: item.y, w: item.w, h: item.h };
    const same =
      gridPos.x === p.gridPos.x && gridPos.y === p.gridPos.y && gridPos.w === p.gridPos.w && gridPos.h === p.gridPos.h;
    return same ? p : { ...p, gridPos };
  });
}

/** A copy of panel `id` with the next free id, placed just below the original (same x and size). */
export function duplicatePanel(panels: EditDoc['panels'], id: number): EditDoc['panels'] {
  const source = panels.find((p) => p.id === id);
  if (!source) return panels;
  const nextId = Math.max(0, ...panels.map((p) => p.id)) + 1;
  const copy = structuredClone(source);
  copy.id = nextId;
  copy.gridPos = { ...source.gridPos, y: source.gridPos.y + source.gridPos.h };
  // Panels below the original move down to make room (the grid compacts upward again on the next drag).
  const moved = panels.map((p) =>
    p.id !== id && p.gridPos.y >= copy.gridPos.y && overlapsX(p.gridPos, copy.gridPos)
      ? { ...p, gridPos: { ...p.gridPos, y: p.gridPos.y + copy.gridPos.h } }
      : p,
  );
  const at = moved.findIndex((p) => p.id === id);
  return [...moved.slice(0, at + 1), copy, ...moved.slice(at + 1)];
}

function overlapsX(a: GridPos, b: GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w;
}

/**
 * SQL a new panel starts with: the macros every engine renders (bucketed by `$__interval`, gaps filled with 0),
 * over the demo's `sales` table, ready to Run and then change.
 */
export const STARTER_SQL =
  "SELECT $__timeGroupAlias($__timeColumn, '$__interval', 0), count(*) AS value\nFROM sales\nWHERE $__timeFilter($__timeColumn)\nGROUP BY 1\nORDER BY 1";

/**
 * A new time-series panel at the bottom of the grid, half its width, with the next free id, the datasource of the
 * dashboard's first panel (if any) and the starter SQL.
 */
export function addPanel(panels: EditDoc['panels']): EditDoc['panels'] {
  const id = Math.max(0, ...panels.map((p) => p.id)) + 1;
  const bottom = Math.max(0, ...panels.map((p) => p.gridPos.y + p.gridPos.h));
  const datasource = panels.find((p) => p.datasource)?.datasource;
  const panel: EditDoc['panels'][number] = {
    id,
    type: 'timeseries',
    title: 'New panel',
    gridPos: { x: 0, y: bottom, w: GRID_COLS / 2, h: 8 },
    ...(datasource ? { datasource } : {}),
    targets: [{ refId: 'A', rawSql: STARTER_SQL, format: 'time_series' }],
  };
  return [...panels, panel];
}

/** A row at the bottom of the grid: panels dragged below it belong to it, and viewers can fold them away. */
export function addRow(panels: EditDoc['panels']): EditDoc['panels'] {
  const id = Math.max(0, ...panels.map((p) => p.id)) + 1;
  const bottom = Math.max(0, ...panels.map((p) => p.gridPos.y + p.gridPos.h));
  return [
    ...panels,
    { id, type: 'row', title: 'Row title', collapsed: false, gridPos: { x: 0, y: bottom, w: GRID_COLS, h: 1 } },
  ];
}

/** Remove panel `id` (a row goes alone: its panels stay where they are, under the row above, if any). */
export function deletePanel(panels: EditDoc['panels'], id: number): EditDoc['panels'] {
  return panels.filter((p) => p.id !== id);
}

export type ModelCheck = { ok: true; doc: EditDoc } | { ok: false; error: string };

/**
 * The JSON model's text checked as a dashboard: JSON syntax, then the schema; the error names the bad path
 * (`panels[0].gridPos.w: …`). The uid may not change here (the editor saves to the dashboard it opened).
 */
export function checkModel(text: string, uid: string): ModelCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `Invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, error: 'The model must be a JSON object' };
  const result = DashboardSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    return { ok: false, error: `${pathOf(issue.path) || '(root)'}: ${issue.message}` };
  }
  const doc = raw as Record<string, unknown>;
  if (doc.uid !== uid)
    return { ok: false, error: `uid: the uid cannot change here (it is "${uid}"); use Save as copy for a new one` };
  return { ok: true, doc: raw as EditDoc };
}

function pathOf(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out;
}

/** Settings the drawer edits, as form strings. */
export interface SettingsForm {
  title: string;
  description: string;
  tags: string;
  from: string;
  to: string;
  refresh: string;
  public: boolean;
}

export function settingsOf(doc: EditDoc): SettingsForm {
  const d = doc as Partial<Dashboard>;
  return {
    title: doc.title,
    description: d.description ?? '',
    tags: (d.tags ?? []).join(', '),
    from: d.time?.from ?? 'now-6h',
    to: d.time?.to ?? 'now',
    refresh: d.refresh ?? '',
    public: d.public ?? false,
  };
}

/** The document with the drawer's settings applied (an empty description is removed; tags trimmed, empties dropped). */
export function applySettings(doc: EditDoc, form: SettingsForm): EditDoc {
  const next: EditDoc = {
    ...doc,
    title: form.title,
    tags: form.tags
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean),
    time: { from: form.from.trim(), to: form.to.trim() },
    refresh: form.refresh.trim(),
    public: form.public,
  };
  if (form.description.trim()) next.description = form.description;
  else delete next.description;
  return next;
}

/** The document for "Save as copy": a fresh uid (the server generates one) and "<title> (copy)". */
export function copyOf(doc: EditDoc): Record<string, unknown> {
  const { uid: _uid, version: _version, meta: _meta, ...rest } = doc;
  return { ...rest, title: `${doc.title} (copy)` };
}
