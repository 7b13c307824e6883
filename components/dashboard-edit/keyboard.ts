import { cloneLayout, moveElement, verticalCompactor } from 'react-grid-layout/core';
import { GRID_COLS, type GridItem } from './model';

/** What an arrow key does to the focused panel: move it one cell, or (with Shift) grow or shrink it. */
const STEP: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/**
 * The layout after an arrow key on item `id`, as a mouse drag or resize would leave it (others pushed out of the way,
 * then compacted upward); null when the key is not an arrow. Up and down swap places with the neighbouring panel.
 */
export function nudge(layout: readonly GridItem[], id: string, key: string, resize: boolean): GridItem[] | null {
  const step = STEP[key];
  if (!step) return null;
  const items = cloneLayout(layout) as GridItem[];
  const item = items.find((l) => l.i === id);
  if (!item) return null;
  const [dx, dy] = step;
  if (resize) {
    item.w = Math.min(Math.max(1, item.w + dx), GRID_COLS - item.x);
    item.h = Math.max(1, item.h + dy);
    return [
      ...verticalCompactor.compact(
        moveElement(items, item, item.x, item.y, true, false, 'vertical', GRID_COLS),
        GRID_COLS,
      ),
    ] as GridItem[];
  }
  const x = Math.min(Math.max(0, item.x + dx), GRID_COLS - item.w);
  // Vertical compaction pulls a panel back up into free space: moving down jumps below the next panel in its columns
  // (which then moves up into the place it left).
  let y = item.y + dy;
  const inColumns = (o: GridItem) => o.i !== id && o.x < x + item.w && x < o.x + o.w;
  if (dy > 0) {
    const below = items.filter((o) => inColumns(o) && o.y >= item.y + item.h).sort((a, b) => a.y - b.y)[0];
    y = below ? below.y + below.h : item.y + 1;
  } else if (dy < 0) {
    // Moving up takes the place of the panel above, which moves down below this one.
    const above = items.filter((o) => inColumns(o) && o.y + o.h <= item.y).sort((a, b) => b.y - a.y)[0];
    y = above ? above.y : item.y - 1;
  }
  const moved = moveElement(items, item, x, Math.max(0, y), true, false, 'vertical', GRID_COLS);
  return [...verticalCompactor.compact(moved, GRID_COLS)] as GridItem[];
}
