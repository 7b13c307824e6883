'use client';

import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { CloseIcon } from '@/components/icons';
import { inputClass } from '@/components/ui-classes';
import { useTheme } from '@/components/providers';
import type { Theme } from '@/components/theme-script';
import { readAdminToken, writeAdminToken } from './admin-token';
import { CopyButton } from './copy-button';
import {
  PREVIEW,
  TTL_OPTIONS,
  buildDashboardLink,
  buildEmbedUrl,
  formatExpiry,
  iframeSnippet,
  previewUrl,
  readEmbedTokenAnswer,
  type EmbedTokenResponse,
  type ShareContext,
} from './share-urls';
import type { PanelView } from './view-model';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-2">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-gray-500 dark:text-gray-400">{title}</h3>
      {children}
    </section>
  );
}

interface ShareDialogProps {
  panel: Pick<PanelView, 'id' | 'title'>;
  context: ShareContext;
  onClose: () => void;
}

/** Share a panel: a dashboard link, an embed snippet with a signed token (admin only) and a live preview. */
export function ShareDialog({ panel, context, onClose }: ShareDialogProps) {
  const { theme: currentTheme } = useTheme();
  const ids = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const linkRef = useRef<HTMLInputElement>(null);
  const snippetRef = useRef<HTMLTextAreaElement>(null);

  const [link] = useState(() => buildDashboardLink(context, window.location));
  const [adminToken, setAdminToken] = useState(() => readAdminToken());
  const [ttl, setTtl] = useState(TTL_OPTIONS[0].value);
  const [theme, setTheme] = useState<Theme>(currentTheme);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<EmbedTokenResponse | null>(null);

  const embedUrl = useMemo(
    () => (result ? buildEmbedUrl(result.url, { range: context.range, refresh: context.refresh, theme }) : null),
    [result, context.range, context.refresh, theme],
  );
  const snippet = useMemo(
    () => (embedUrl ? iframeSnippet(result?.iframe, embedUrl, panel.title) : ''),
    [embedUrl, result, panel.title],
  );
  // The preview sits inside this app: same path and token on this page's origin, whatever host the server named.
  const previewSrc = useMemo(() => (embedUrl ? previewUrl(embedUrl, window.location.origin) : null), [embedUrl]);

  // Escape closes; Tab stays inside the dialog; focus returns to the opener (handled by the caller's button).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
        return;
      }
      if (e.key !== 'Tab' || !dialogRef.current) return;
      const focusable = dialogRef.current.querySelectorAll<HTMLElement>(
        'button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, iframe, [tabindex]:not([tabindex="-1"])',
      );
      if (!focusable.length) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  useEffect(() => {
    linkRef.current?.focus();
    linkRef.current?.select();
  }, []);

  const generate = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch('/api/embed-tokens', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(adminToken ? { Authorization: `Bearer ${adminToken}` } : {}),
        },
        body: JSON.stringify({
          dashboardUid: context.dashboardUid,
          panelId: panel.id,
          vars: context.vars,
          ttlSeconds: ttl,
        }),
        // An editor's session cookie is enough; a pasted API token is sent instead when there is one.
        credentials: adminToken ? 'omit' : 'same-origin',
        cache: 'no-store',
      });
      const answer = readEmbedTokenAnswer(
        res,
        (await res.json().catch(() => null)) as Parameters<typeof readEmbedTokenAnswer>[1],
      );
      if ('error' in answer) {
        setError(answer.error);
        setResult(null);
        return;
      }
      setResult(answer.result);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setResult(null);
    } finally {
      setBusy(false);
    }
  }, [adminToken, context.dashboardUid, context.vars, panel.id, ttl]);

  return createPortal(
    <div
      className="fixed inset-0 z-50 flex items-start justify-center overflow-y-auto bg-black/40 p-4 sm:items-center"
      onMouseDown={(e) => e.target === e.currentTarget && onClose()}
    >
      <div
        ref={dialogRef}
        role="dialog"
        aria-modal="true"
        aria-label={`Share ${panel.title}`}
        data-share-panel-id={panel.id}
        className="flex w-full max-w-xl flex-col gap-4 rounded-lg border border-gray-200 bg-white p-4 text-gray-900 shadow-xl dark:border-gray-800 dark:bg-gray-900 dark:text-gray-100"
      >
        <header className="flex items-center gap-2">
          <h2 className="mr-auto truncate text-base font-semibold">Share “{panel.title}”</h2>
          <button
            type="button"
            aria-label="Close"
            onClick={onClose}
            className="inline-flex size-8 items-center justify-center rounded text-gray-500 hover:bg-gray-100 hover:text-gray-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:hover:bg-gray-800 dark:hover:text-gray-100"
          >
            <CloseIcon width={16} height={16} />
          </button>
        </header>

        <Section title="Link">
          <div className="flex gap-2">
            <input
              ref={linkRef}
              readOnly
              aria-label="Dashboard link"
              value={link}
              className={`${inputClass} flex-1 font-mono text-xs`}
              onFocus={(e) => e.currentTarget.select()}
            />
            <CopyButton text={link} label="Copy link" source={() => linkRef.current} />
          </div>
          <p className="text-xs text-gray-500 dark:text-gray-400">
            Opens the dashboard with this time range and these variable values.
          </p>
        </Section>

        <Section title="Embed">
          <p className="text-xs text-gray-500 dark:text-gray-400">
            Embeds need a signed token, which the server issues to editors: signed in as an editor, leave the API token
            empty; otherwise paste an editor API token. Variable values are locked into the token; the embedding page
            cannot change them.
          </p>
          <form
            className="grid grid-cols-1 gap-2 sm:grid-cols-[1fr_auto_auto]"
            onSubmit={(e) => {
              e.preventDefault();
              void generate();
            }}
          >
            <label
              className="flex min-w-0 flex-col gap-1 text-xs text-gray-600 dark:text-gray-300"
              htmlFor={`${ids}-admin`}
            >
              API token
              <input
                id={`${ids}-admin`}
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={adminToken}
                onChange={(e) => {
                  setAdminToken(e.target.value);
                  writeAdminToken(e.target.value);
                }}
                className={inputClass}
              />
            </label>
            <label className="flex flex-col gap-1 text-xs text-gray-600 dark:text-gray-300" htmlFor={`${ids}-ttl`}>
              Expires after
              <select
                id={`${ids}-ttl`}
                value={ttl}
                onChange={(e) => setTtl(Number(e.target.value))}
                className={inputClass}
              >
                {TTL_OPTIONS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col gap-1 text-xs text-gray-600 dark:text-gray-300" htmlFor={`${ids}-theme`}>
              Theme
              <select
                id={`${ids}-theme`}
                value={theme}
                onChange={(e) => setTheme(e.target.value === 'dark' ? 'dark' : 'light')}
                className={inputClass}
              >
                <option value="light">Light</option>
                <option value="dark">Dark</option>
              </select>
            </label>
            <div className="sm:col-span-3">
              <button
                type="submit"
                disabled={busy}
                aria-busy={busy}
                className="inline-flex h-8 items-center rounded bg-blue-600 px-3 text-sm font-medium text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2 disabled:opacity-60 dark:focus-visible:ring-offset-gray-900"
              >
                {busy ? 'Generating…' : result ? 'Generate new embed' : 'Generate embed'}
              </button>
            </div>
          </form>
          {error && (
            <p
              role="alert"
              data-share-error
              className="rounded border border-red-200 bg-red-50 px-2 py-1.5 text-sm text-red-700 dark:border-red-900 dark:bg-red-950/50 dark:text-red-300"
            >
              {error}
            </p>
          )}
          {result && embedUrl && (
            <>
              <div className="flex gap-2">
                <textarea
                  ref={snippetRef}
                  readOnly
                  aria-label="Embed snippet"
                  value={snippet}
                  rows={3}
                  className="min-w-0 flex-1 resize-none rounded border border-gray-300 bg-white p-2 font-mono text-xs focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-700 dark:bg-gray-950"
                  onFocus={(e) => e.currentTarget.select()}
                />
                <CopyButton text={snippet} label="Copy embed snippet" source={() => snippetRef.current} />
              </div>
              <p className="text-xs text-gray-500 dark:text-gray-400" data-expires-at={String(result.expiresAt)}>
                Token expires {formatExpiry(result.expiresAt)}.
              </p>
            </>
          )}
        </Section>

        {result && previewSrc && (
          <Section title="Preview">
            <div className="overflow-auto">
              <iframe
                key={previewSrc}
                src={previewSrc}
                title={`Embed preview: ${panel.title}`}
                width={PREVIEW.width}
                height={PREVIEW.height}
                className="max-w-full rounded border border-gray-200 bg-white dark:border-gray-800 dark:bg-gray-950"
              />
            </div>
          </Section>
        )}
      </div>
    </div>,
    document.body,
  );
}
