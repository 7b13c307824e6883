import { useMemo, type CSSProperties, type ReactNode } from 'react';
import type { PanelView } from './view-model';
import { rowChildren, visibleLayout } from './rows';

/** Grafana grid: 24 columns, 30 px rows, 8 px gaps. */
const ROW_HEIGHT = 30;
const GAP = 8;

const NONE: ReadonlySet<number> = new Set();

export interface DashboardGridProps {
  panels: PanelView[];
  renderPanel: (panel: PanelView, className: string) => ReactNode;
  /** Rows folded now (their panels are not drawn, and nothing they would hide runs a query). */
  collapsed?: ReadonlySet<number>;
  onToggleRow?: (id: number) => void;
}

function placement(panel: PanelView): CSSProperties {
  const { x, y, w, h } = panel.gridPos;
  return {
    '--pb-col': `${x + 1} / span ${Math.min(w, 24 - x)}`,
    '--pb-row': `${y + 1} / span ${h}`,
    '--pb-h': `${h * ROW_HEIGHT + (h - 1) * GAP}px`,
  } as CSSProperties;
}

/** A row's header: its title and a fold toggle that says how many panels it holds. */
function RowHeader({
  row,
  count,
  collapsed,
  onToggle,
}: {
  row: PanelView;
  count: number;
  collapsed: boolean;
  onToggle?: () => void;
}) {
  return (
    <button
      type="button"
      data-row-id={row.id}
      aria-expanded={!collapsed}
      onClick={onToggle}
      className="flex w-full items-center gap-2 border-b border-gray-200 px-1 text-left text-base font-semibold text-gray-800 hover:text-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-800 dark:text-gray-100 dark:hover:text-blue-300"
    >
      <span aria-hidden="true" className={`inline-block transition-transform ${collapsed ? '' : 'rotate-90'}`}>
        ▸
      </span>
      <span className="truncate">{row.title || 'Row'}</span>
      {collapsed && (
        <span className="text-xs font-normal text-gray-500">
          ({count} {count === 1 ? 'panel' : 'panels'})
        </span>
      )}
    </button>
  );
}

/**
 * Panels placed by `gridPos` on a 24-column grid of 30 px rows; below 768 px they stack full width in reading order
 * (by y, then x) at their grid height. Rows are headers that fold the panels below them (up to the next row); a
 * folded row's panels are not drawn and what follows moves up.
 */
export function DashboardGrid({ panels, renderPanel, collapsed = NONE, onToggleRow }: DashboardGridProps) {
  const ordered = useMemo(() => visibleLayout(panels, collapsed), [panels, collapsed]);
  const children = useMemo(() => rowChildren(panels), [panels]);
  return (
    <div className="flex flex-col gap-2 md:grid md:grid-cols-24 md:auto-rows-[30px]">
      {ordered.map((panel) => (
        <div
          key={panel.id}
          style={placement(panel)}
          className="flex h-[var(--pb-h)] min-w-0 md:h-auto md:[grid-column:var(--pb-col)] md:[grid-row:var(--pb-row)]"
        >
          {panel.type === 'row' ? (
            <RowHeader
              row={panel}
              count={children.get(panel.id)?.length ?? 0}
              collapsed={collapsed.has(panel.id)}
              onToggle={onToggleRow && (() => onToggleRow(panel.id))}
            />
          ) : (
            renderPanel(panel, 'flex-1')
          )}
        </div>
      ))}
    </div>
  );
}
