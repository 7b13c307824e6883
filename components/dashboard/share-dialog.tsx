'use client';

import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode, type SVGProps } from 'react';
import { createPortal } from 'react-dom';
import type { VarValues } from '@/lib/query/protocol';
import { useTheme } from '@/components/providers';
import type { Theme } from '@/components/theme-script';
import { applyParams } from './url-state';
import type { PanelView } from './view-model';

/** What a panel's share dialog needs to reproduce the current view: the dashboard and its URL state. */
export interface ShareContext {
  dashboardUid: string;
  range: { from: string; to: string };
  /** The panel's current variable values (sent as the embed token's locked values). */
  vars: VarValues;
  /** `''` off, `live`, or an interval. */
  refresh?: string;
}

/** Where the admin token is kept between dialogs of one tab: never a cookie, never localStorage. */
export const ADMIN_TOKEN_SESSION_KEY = 'pulseboard-admin-token';

export const TTL_OPTIONS: { value: number; label: string }[] = [
  { value: 3600, label: '1 hour' },
  { value: 86_400, label: '24 hours' },
  { value: 604_800, label: '7 days' },
];

const PREVIEW = { width: 480, height: 270 };

interface EmbedTokenResponse {
  token: string;
  url: string;
  iframe: string;
  expiresAt: string | number;
}

/* ---------------- small pieces ---------------- */

function Icon({ children, ...props }: SVGProps<SVGSVGElement>) {
  return (
    <svg viewBox="0 0 24 24" width="14" height="14" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false" {...props}>
      {children}
    </svg>
  );
}

const ShareIcon = (p: SVGProps<SVGSVGElement>) => (
  <Icon {...p}>
    <circle cx="18" cy="5" r="3" />
    <circle cx="6" cy="12" r="3" />
    <circle cx="18" cy="19" r="3" />
    <path d="m8.6 13.5 6.8 4M15.4 6.5l-6.8 4" />
  </Icon>
);

const CloseIcon = (p: SVGProps<SVGSVGElement>) => (
  <Icon {...p}>
    <path d="M18 6 6 18M6 6l12 12" />
  </Icon>
);

/** Dashboard link reproducing the view: the current URL with this panel's range and variable values. */
export function buildDashboardLink(ctx: ShareContext, location: { origin: string; search: string }): string {
  const changes: Record<string, string | string[] | null> = { from: ctx.range.from, to: ctx.range.to };
  for (const [name, value] of Object.entries(ctx.vars)) changes[`var-${name}`] = value;
  return `${location.origin}/d/${encodeURIComponent(ctx.dashboardUid)}${applyParams(location.search, changes)}`;
}

/** The embed URL the server returned, with the viewer's range, refresh and theme (the token locks the variables). */
export function buildEmbedUrl(serverUrl: string, opts: { range: { from: string; to: string }; refresh?: string; theme: Theme }): string {
  const url = new URL(serverUrl, typeof window === 'undefined' ? 'http://localhost' : window.location.href);
  url.searchParams.set('theme', opts.theme);
  url.searchParams.set('from', opts.range.from);
  url.searchParams.set('to', opts.range.to);
  if (opts.refresh) url.searchParams.set('refresh', opts.refresh);
  return url.toString();
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The server's `<iframe>` snippet with its src pointing at `url` (or a plain snippet if it has no src). */
export function iframeSnippet(serverSnippet: string | undefined, url: string, title: string): string {
  const src = `src="${escapeAttr(url)}"`;
  if (serverSnippet && /\ssrc="[^"]*"/.test(serverSnippet)) return serverSnippet.replace(/src="[^"]*"/, src);
  return `<iframe ${src} width="${PREVIEW.width}" height="${PREVIEW.height}" title="${escapeAttr(title)}" style="border:0" loading="lazy"></iframe>`;
}

/** Copy text: the async Clipboard API, else a selected textarea and execCommand (plain http, old browsers). */
async function copyText(text: string, fallbackSource?: HTMLTextAreaElement | HTMLInputElement | null): Promise<boolean> {
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

function CopyButton({ text, label, source }: { text: string; label: string; source?: () => HTMLTextAreaElement | HTMLInputElement | null }) {
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

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-2">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-gray-500 dark:text-gray-400">{title}</h3>
      {children}
    </section>
  );
}

const inputClass =
  'h-8 min-w-0 rounded border border-gray-300 bg-white px-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:border-gray-700 dark:bg-gray-950';

function readSessionToken(): string {
  try {
    return window.sessionStorage.getItem(ADMIN_TOKEN_SESSION_KEY) ?? '';
  } catch {
    return '';
  }
}

function writeSessionToken(value: string): void {
  try {
    if (value) window.sessionStorage.setItem(ADMIN_TOKEN_SESSION_KEY, value);
    else window.sessionStorage.removeItem(ADMIN_TOKEN_SESSION_KEY);
  } catch {
    // Storage unavailable: the token stays in component state only.
  }
}

function formatExpiry(expiresAt: string | number): string {
  const d = new Date(typeof expiresAt === 'number' && expiresAt < 1e12 ? expiresAt * 1000 : expiresAt);
  return Number.isNaN(d.getTime()) ? String(expiresAt) : d.toLocaleString();
}

/* ---------------- the dialog ---------------- */

export interface ShareDialogProps {
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
  const [adminToken, setAdminToken] = useState(readSessionToken);
  const [ttl, setTtl] = useState(TTL_OPTIONS[0].value);
  const [theme, setTheme] = useState<Theme>(currentTheme);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<EmbedTokenResponse | null>(null);

  const embedUrl = useMemo(
    () => (result ? buildEmbedUrl(result.url, { range: context.range, refresh: context.refresh, theme }) : null),
    [result, context.range, context.refresh, theme],
  );
  const snippet = useMemo(() => (embedUrl ? iframeSnippet(result?.iframe, embedUrl, panel.title) : ''), [embedUrl, result, panel.title]);
  // The preview sits inside this app: same path and token on this page's origin, whatever host the server named.
  const previewUrl = useMemo(() => {
    if (!embedUrl) return null;
    const u = new URL(embedUrl);
    return `${window.location.origin}${u.pathname}${u.search}`;
  }, [embedUrl]);

  // Escape closes; Tab stays inside the dialog; focus returns to the opener (handled by the caller's button).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
        return;
      }
      if (e.key !== 'Tab' || !dialogRef.current) return;
      const focusable = dialogRef.current.querySelectorAll<HTMLElement>('button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, iframe, [tabindex]:not([tabindex="-1"])');
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
        headers: { 'Content-Type': 'application/json', ...(adminToken ? { Authorization: `Bearer ${adminToken}` } : {}) },
        body: JSON.stringify({ dashboardUid: context.dashboardUid, panelId: panel.id, vars: context.vars, ttlSeconds: ttl }),
        credentials: 'omit',
        cache: 'no-store',
      });
      const body = (await res.json().catch(() => null)) as Partial<EmbedTokenResponse> & { error?: unknown } | null;
      if (!res.ok || !body || typeof body.url !== 'string') {
        const message = body && typeof body.error === 'string' ? body.error : `Request failed (${res.status} ${res.statusText})`;
        setError(message);
        setResult(null);
        return;
      }
      setResult(body as EmbedTokenResponse);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setResult(null);
    } finally {
      setBusy(false);
    }
  }, [adminToken, context.dashboardUid, context.vars, panel.id, ttl]);

  return createPortal(
    <div className="fixed inset-0 z-50 flex items-start justify-center overflow-y-auto bg-black/40 p-4 sm:items-center" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
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
            <input ref={linkRef} readOnly aria-label="Dashboard link" value={link} className={`${inputClass} flex-1 font-mono text-xs`} onFocus={(e) => e.currentTarget.select()} />
            <CopyButton text={link} label="Copy link" source={() => linkRef.current} />
          </div>
          <p className="text-xs text-gray-500 dark:text-gray-400">Opens the dashboard with this time range and these variable values.</p>
        </Section>

        <Section title="Embed">
          <p className="text-xs text-gray-500 dark:text-gray-400">
            Embeds need a signed token, which the server issues to whoever holds the admin token. Variable values are locked into the token; the
            embedding page cannot change them.
          </p>
          <form
            className="grid grid-cols-1 gap-2 sm:grid-cols-[1fr_auto_auto]"
            onSubmit={(e) => {
              e.preventDefault();
              void generate();
            }}
          >
            <label className="flex min-w-0 flex-col gap-1 text-xs text-gray-600 dark:text-gray-300" htmlFor={`${ids}-admin`}>
              Admin token
              <input
                id={`${ids}-admin`}
                type="password"
                autoComplete="off"
                spellCheck={false}
                value={adminToken}
                onChange={(e) => {
                  setAdminToken(e.target.value);
                  writeSessionToken(e.target.value);
                }}
                className={inputClass}
              />
            </label>
            <label className="flex flex-col gap-1 text-xs text-gray-600 dark:text-gray-300" htmlFor={`${ids}-ttl`}>
              Expires after
              <select id={`${ids}-ttl`} value={ttl} onChange={(e) => setTtl(Number(e.target.value))} className={inputClass}>
                {TTL_OPTIONS.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col gap-1 text-xs text-gray-600 dark:text-gray-300" htmlFor={`${ids}-theme`}>
              Theme
              <select id={`${ids}-theme`} value={theme} onChange={(e) => setTheme(e.target.value === 'dark' ? 'dark' : 'light')} className={inputClass}>
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
            <p role="alert" data-share-error className="rounded border border-red-200 bg-red-50 px-2 py-1.5 text-sm text-red-700 dark:border-red-900 dark:bg-red-950/50 dark:text-red-300">
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

        {result && previewUrl && (
          <Section title="Preview">
            <div className="overflow-auto">
              <iframe
                key={previewUrl}
                src={previewUrl}
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
        className="inline-flex size-6 items-center justify-center rounded text-gray-400 hover:bg-gray-100 hover:text-gray-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 dark:hover:bg-gray-800 dark:hover:text-gray-200"
      >
        <ShareIcon />
      </button>
      {open && <ShareDialog panel={panel} context={context} onClose={close} />}
    </>
  );
}
