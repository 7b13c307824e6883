import type { DataFrame } from '@/lib/frames/types';
import type { QueryError } from '@/lib/query/protocol';
import { totalRows } from '@/lib/frames/series';

export type PanelStatus = 'loading' | 'ready' | 'error' | 'nodata';

/**
 * What a panel shows: a failed request is an error; before the first answer it is loading; rows mean ready even when
 * some targets failed (they show as a warning); no rows is "No data", or an error when targets failed.
 */
export function panelStatus(
  frames: DataFrame[],
  errors: QueryError[],
  pending: boolean,
  failure?: string,
): { status: PanelStatus; error?: string } {
  if (failure) return { status: 'error', error: failure };
  if (pending) return { status: 'loading' };
  if (totalRows(frames) === 0) {
    return errors.length ? { status: 'error', error: errors.map((e) => e.message).join('\n') } : { status: 'nodata' };
  }
  return { status: 'ready' };
}
