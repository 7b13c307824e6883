import type { GridPos } from '@/lib/dashboards/schema';

/** Anything laid out on the grid: panels, and rows (`type: 'row'`, a full-width header one grid row high). */
export interface GridItemLike {
  id: number;
  type?: string;
  gridPos: GridPos;
}

const isRow = (p: { type?: string }) => p.type === 'row';

const byPosition = (a: GridItemLike, b: GridItemLike) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x;

/**
 * The panels of each row: those whose top lies below the row's header and above the next row's (Grafana's expanded
 * form: a row owns the panels that follow it). Panels above the first row belong to no row.
 */
export function rowChildren<T extends GridItemLike>(items: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  let current: number | null = null;
  for (const item of [...items].sort(byPosition)) {
    if (isRow(item)) {
      current = item.id;
      out.set(item.id, []);
    } else if (current !== null) out.get(current)!.push(item);
  }
  return out;
}

/**
 * What the grid draws when some rows are collapsed: their panels are left out and everything below moves up by the
 * height their section took, so a collapsed row leaves no gap (as in Grafana).
 */
export function visibleLayout<T extends GridItemLike>(items: readonly T[], collapsed: ReadonlySet<number>): T[] {
  const sorted = [...items].sort(byPosition);
  const rows = sorted.filter(isRow);
  const bottom = Math.max(0, ...sorted.map((p) => p.gridPos.y + p.gridPos.h));
  // Each collapsed row's section: from below its header to the next row's header (or the bottom).
  const sections = rows
    .map((row, i) => ({ row, start: row.gridPos.y + row.gridPos.h, end: rows[i + 1]?.gridPos.y ?? bottom }))
    .filter((s) => collapsed.has(s.row.id));
  const hidden = (p: T) => !isRow(p) && sections.some((s) => p.gridPos.y >= s.start && p.gridPos.y < s.end);
  const shift = (y: number) => sections.reduce((n, s) => (y >= s.end ? n + Math.max(0, s.end - s.start) : n), 0);
  return sorted
    .filter((p) => !hidden(p))
    .map((p) => {
      const by = shift(p.gridPos.y);
      return by ? { ...p, gridPos: { ...p.gridPos, y: p.gridPos.y - by } } : p;
    });
}
