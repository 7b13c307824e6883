'use client';

import { useEffect, useState } from 'react';

/** Copy text: the async Clipboard API, else a selected textarea and execCommand (plain http, old browsers). */
async function copyText(
  text: string,
  fallbackSource?: HTMLTextAreaElement | HTMLInputElement | null,
): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Permission denied or not focused: fall through to the selection route.
  }
  let el = fallbackSource ?? null;
  let temporary: HTMLTextAreaElement | null = null;
  if (!el) {
    temporary = document.createElement('textarea');
    temporary.value = text;
    temporary.setAttribute('readonly', '');
    temporary.style.position = 'fixed';
    temporary.style.opacity = '0';
    document.body.appendChild(temporary);
    el = temporary;
  }
  try {
    el.focus();
    el.select();
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    temporary?.remove();
  }
}

/** A Copy button that says `Copied` or `Copy failed` for 1.5 s; `source` is the field to select when the Clipboard API is not there. */
export function CopyButton({
  text,
  label,
  source,
}: {
  text: string;
  label: string;
  source?: () => HTMLTextAreaElement | HTMLInputElement | null;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(t);
  }, [state]);
  return (
    <button
      type="button"
      aria-label={label}
      data-copy-state={state}
      onClick={async () => setState((await copyText(text, source?.())) ? 'copied' : 'failed')}
      className="inline-flex h-8 shrink-0 items-center rounded border border-gray-300 bg-white px-3 text-sm hover:border-gray-400 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-700 dark:bg-gray-900 dark:hover:border-gray-600"
    >
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'}</span>
    </button>
  );
}
