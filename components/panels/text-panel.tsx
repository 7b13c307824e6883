'use client';

import dynamic from 'next/dynamic';
import { option } from './field-format';
import type { PanelProps } from './types';

/** The Markdown renderer is its own chunk: dashboards without a text panel never load it. */
const MarkdownView = dynamic(() => import('./markdown-view').then((m) => m.MarkdownView), {
  loading: () => <p className="text-sm text-gray-500 dark:text-gray-400">Loading…</p>,
});

/**
 * Grafana's text panel: `options.content` as Markdown, or with `options.mode: 'html'` shown as the text it is
 * (markup escaped, never injected into the page). Runs no query.
 */
export function TextPanel({ panel }: PanelProps) {
  const content = option<string>(panel.options, 'content', '');
  const mode = option<string>(panel.options, 'mode', 'markdown');
  return (
    <div className="h-full overflow-auto px-1 text-sm text-gray-800 dark:text-gray-200" data-text-mode={mode}>
      {mode === 'html' ? (
        <div className="whitespace-pre-wrap break-words font-mono text-xs">{content}</div>
      ) : (
        <MarkdownView content={content} />
      )}
    </div>
  );
}
