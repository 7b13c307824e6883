'use client';

import { lazy, Suspense, useCallback, useRef, useState } from 'react';
import { ShareIcon } from '@/components/icons';
import type { ShareContext } from './share-urls';
import type { PanelView } from './view-model';

// The dialog (link, embed token, snippet, live preview) is its own chunk, downloaded on the first click: pages that
// never share, embeds above all, do not carry it.
const ShareDialog = lazy(() => import('./share-dialog').then((m) => ({ default: m.ShareDialog })));

/** The title-bar button that opens a panel's share dialog. */
export function ShareButton({ panel, context }: { panel: Pick<PanelView, 'id' | 'title'>; context: ShareContext }) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => {
    setOpen(false);
    buttonRef.current?.focus();
  }, []);
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-label="Share panel"
        aria-haspopup="dialog"
        aria-expanded={open}
        title="Share"
        onClick={() => setOpen(true)}
        onPointerEnter={() => void import('./share-dialog')}
        className="inline-flex size-6 items-center justify-center rounded text-gray-400 hover:bg-gray-100 hover:text-gray-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:hover:bg-gray-800 dark:hover:text-gray-200"
      >
        <ShareIcon width={14} height={14} />
      </button>
      {open && (
        <Suspense fallback={null}>
          <ShareDialog panel={panel} context={context} onClose={close} />
        </Suspense>
      )}
    </>
  );
}
