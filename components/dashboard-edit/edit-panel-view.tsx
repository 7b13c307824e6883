'use client';

import { RenderedPanel } from '@/components/dashboard/dashboard-panel';
import type { PanelView } from '@/components/dashboard/view-model';
import type { PreviewData } from './use-preview-data';

/** A panel drawn in edit mode from preview data (its current, maybe unsaved, SQL), in the view's own frame. */
export function EditPanelView({
  panel,
  data,
  live,
  hideTitle,
}: {
  panel: PanelView;
  data: PreviewData;
  live?: boolean;
  hideTitle?: boolean;
}) {
  return (
    <RenderedPanel
      panel={panel}
      data={{ ...data, live: live && data.status === 'ready' }}
      hideTitle={hideTitle}
      className="h-full"
    />
  );
}
