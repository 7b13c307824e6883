import type { CSSProperties, ReactNode } from 'react';
import type { PanelView } from './view-model';

/** Grafana grid: 24 columns, 30 px rows, 8 px gaps. */
const ROW_HEIGHT = 30;
const GAP = 8;

export interface DashboardGridProps {
  panels: PanelView[];
  renderPanel: (panel: PanelView, className: string) => ReactNode;
}

function placement(panel: PanelView): CSSProperties {
  const { x, y, w, h } = panel.gridPos;
  return {
    '--pb-col': `${x + 1} / span ${Math.min(w, 24 - x)}`,
    '--pb-row': `${y + 1} / span ${h}`,
    '--pb-h': `${h * ROW_HEIGHT + (h - 1) * GAP}px`,
  } as CSSProperties;
}

/**
 * Panels placed by `gridPos` on a 24-column grid of 30 px rows; below 768 px they stack full width in reading order
 * (by y, then x) at their grid height.
 */
export function DashboardGrid({ panels, renderPanel }: DashboardGridProps) {
  const ordered = [...panels].sort((a, b) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x);
  return (
    <div className="flex flex-col gap-2 md:grid md:grid-cols-24 md:auto-rows-[30px]">
      {ordered.map((panel) => (
        <div
          key={panel.id}
          style={placement(panel)}
          className="flex h-[var(--pb-h)] min-w-0 md:h-auto md:[grid-column:var(--pb-col)] md:[grid-row:var(--pb-row)]"
        >
          {renderPanel(panel, 'flex-1')}
        </div>
      ))}
    </div>
  );
}
