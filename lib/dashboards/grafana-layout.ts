/**
 * Grafana panel positions to Pulseboard's 24-column grid. Rows are flattened: old `rows[]` dashboards (schema < 16)
 * are laid out as Grafana's own migration does (span × 2 columns, heights of 38 px steps), and `row` panels give
 * their nested (collapsed) panels a place in order, pushing what follows down. A titled row becomes a Pulseboard
 * row (a one-unit header that folds the panels below it), collapsed as it was in Grafana.
 */
import type { GridPos } from './schema';
import { arr, num, obj, str, type Json } from './grafana-json';

export type LayoutItem =
  | { kind: 'panel'; raw: Json; gridPos: GridPos }
  | { kind: 'heading'; title: string; collapsed: boolean; gridPos: GridPos };

const COLUMNS = 24;
const DEFAULT_SPAN = 4;
const DEFAULT_ROW_HEIGHT_PX = 250;
const MIN_HEIGHT_PX = 90;
/** A grid unit as Grafana's migration counts it: a 30 px cell and its 8 px margin. */
const HEIGHT_STEP_PX = 38;

/** Grafana's `getGridHeight`: `"250px"` or 250 to grid units. */
function gridHeight(height: unknown): number {
  const px = num(typeof height === 'string' ? height.replace(/px$/, '') : height) ?? DEFAULT_ROW_HEIGHT_PX;
  return Math.ceil(Math.max(px, MIN_HEIGHT_PX) / HEIGHT_STEP_PX);
}

function clampPos(p: { x?: number; y?: number; w?: number; h?: number }): GridPos {
  const x = Math.min(COLUMNS - 1, Math.max(0, Math.floor(p.x ?? 0)));
  const w = Math.min(COLUMNS - x, Math.max(1, Math.floor(p.w ?? 12)));
  return { x, y: Math.max(0, Math.floor(p.y ?? 0)), w, h: Math.max(1, Math.floor(p.h ?? 9)) };
}

function posOf(raw: Json): { x?: number; y?: number; w?: number; h?: number } {
  const g = obj(raw.gridPos);
  return { x: num(g.x), y: num(g.y), w: num(g.w), h: num(g.h) };
}

function heading(title: string | undefined, y: number, collapsed: unknown): LayoutItem[] {
  return title?.trim()
    ? [{ kind: 'heading', title: title.trim(), collapsed: collapsed === true, gridPos: { x: 0, y, w: COLUMNS, h: 1 } }]
    : [];
}

/** One old-style row's panels packed left to right from `top`, wrapping at 24 columns; returns the row's end. */
function packRow(row: Json, top: number, out: LayoutItem[]): number {
  const rowH = gridHeight(row.height);
  let [x, lineY, lineH] = [0, top, 0];
  for (const p of arr(row.panels).map(obj)) {
    const w = Math.min(COLUMNS, Math.max(1, Math.floor(num(p.span) ?? DEFAULT_SPAN) * 2));
    const h = p.height === undefined || p.height === null ? rowH : gridHeight(p.height);
    if (x + w > COLUMNS) [x, lineY, lineH] = [0, lineY + Math.max(lineH, rowH), 0];
    out.push({ kind: 'panel', raw: p, gridPos: clampPos({ x, y: lineY, w, h }) });
    x += w;
    lineH = Math.max(lineH, h);
  }
  return lineH ? lineY + Math.max(lineH, rowH) : top;
}

function layoutRows(rows: Json[], warn: (m: string) => void): LayoutItem[] {
  const out: LayoutItem[] = [];
  const titled = rows.some((r) => r.collapse || r.showTitle || r.repeat);
  let y = 0;
  for (const row of rows) {
    if (row.repeatIteration) continue;
    if (str(row.repeat)) warn(`Row "${str(row.title) ?? ''}" repeats per $${str(row.repeat)}: it is shown once`);
    const head = titled ? heading(str(row.title), y, row.collapse) : [];
    out.push(...head);
    y = packRow(row, y + head.length, out);
  }
  return out;
}

const byPosition = (a: Json, b: Json) => (posOf(a).y ?? 0) - (posOf(b).y ?? 0) || (posOf(a).x ?? 0) - (posOf(b).x ?? 0);

/** A `row` panel: its heading, and its nested panels placed under it (returns how far they push what follows). */
function layoutRowPanel(row: Json, y: number, out: LayoutItem[], warn: (m: string) => void): number {
  if (str(row.repeat)) warn(`Row "${str(row.title) ?? ''}" repeats per $${str(row.repeat)}: it is shown once`);
  out.push(...heading(str(row.title), y, row.collapsed));
  const nested = arr(row.panels).map(obj).sort(byPosition);
  if (!nested.length) return 0;
  const minY = Math.min(...nested.map((p) => posOf(p).y ?? 0));
  let bottom = 0;
  for (const p of nested) {
    const pos = clampPos({ ...posOf(p), y: y + 1 + (posOf(p).y ?? 0) - minY });
    out.push({ kind: 'panel', raw: p, gridPos: pos });
    bottom = Math.max(bottom, pos.y + pos.h);
  }
  return bottom - (y + 1);
}

function layoutPanels(panels: Json[], warn: (m: string) => void): LayoutItem[] {
  const out: LayoutItem[] = [];
  let offset = 0;
  for (const p of [...panels].sort(byPosition)) {
    const pos = clampPos(posOf(p));
    if (p.type === 'row') offset += layoutRowPanel(p, pos.y + offset, out, warn);
    else out.push({ kind: 'panel', raw: p, gridPos: { ...pos, y: pos.y + offset } });
  }
  return out;
}

const overlap = (a: GridPos, b: GridPos) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Panels that would cover one another (no or clashing `gridPos`: Grafana's grid pushes them apart, a CSS grid would
 * draw one over the other) move down below what they collide with, in reading order.
 */
function pushApart(items: LayoutItem[]): LayoutItem[] {
  const placed: GridPos[] = [];
  return items.map((it) => {
    const pos = { ...it.gridPos };
    for (let hit = placed.find((p) => overlap(p, pos)); hit; hit = placed.find((p) => overlap(p, pos)))
      pos.y = hit.y + hit.h;
    placed.push(pos);
    return { ...it, gridPos: pos };
  });
}

/** Every panel of a Grafana dashboard (rows flattened) with its place on the grid, in reading order. */
export function layoutDashboard(dash: Json, warn: (m: string) => void): LayoutItem[] {
  const panels = arr(dash.panels).map(obj);
  const rows = arr(dash.rows).map(obj);
  return pushApart(!panels.length && rows.length ? layoutRows(rows, warn) : layoutPanels(panels, warn));
}
