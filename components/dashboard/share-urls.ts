import type { VarValues } from '@/lib/query/protocol';
import type { Theme } from '@/components/theme-script';
import { applyParams } from './url-state';

/** What the share dialog shows, as pure functions: the dashboard link, the embed URL and snippet, the token's answer. */

/** What a panel's share dialog needs to reproduce the current view: the dashboard and its URL state. */
export interface ShareContext {
  dashboardUid: string;
  range: { from: string; to: string };
  /** The panel's current variable values (sent as the embed token's locked values). */
  vars: VarValues;
  /** `''` off, `live`, or an interval. */
  refresh?: string;
}

/** How long an embed token may live, as the dialog offers it. */
export const TTL_OPTIONS: { value: number; label: string }[] = [
  { value: 3600, label: '1 hour' },
  { value: 86_400, label: '24 hours' },
  { value: 604_800, label: '7 days' },
];

/** Size of the embed preview and of the plain snippet's iframe. */
export const PREVIEW = { width: 480, height: 270 };

/** `POST /api/embed-tokens`'s answer. */
export interface EmbedTokenResponse {
  token: string;
  url: string;
  iframe: string;
  expiresAt: string | number;
}

/** Dashboard link reproducing the view: the current URL with this panel's range and variable values. */
export function buildDashboardLink(ctx: ShareContext, location: { origin: string; search: string }): string {
  const changes: Record<string, string | string[] | null> = { from: ctx.range.from, to: ctx.range.to };
  for (const [name, value] of Object.entries(ctx.vars)) changes[`var-${name}`] = value;
  return `${location.origin}/d/${encodeURIComponent(ctx.dashboardUid)}${applyParams(location.search, changes)}`;
}

/** The embed URL the server returned, with the viewer's range, refresh and theme (the token locks the variables). */
export function buildEmbedUrl(
  serverUrl: string,
  opts: { range: { from: string; to: string }; refresh?: string; theme: Theme },
): string {
  const url = new URL(serverUrl, typeof window === 'undefined' ? 'http://localhost' : window.location.href);
  url.searchParams.set('theme', opts.theme);
  url.searchParams.set('from', opts.range.from);
  url.searchParams.set('to', opts.range.to);
  if (opts.refresh) url.searchParams.set('refresh', opts.refresh);
  return url.toString();
}

/** The embed URL's path and query on `origin`: the preview sits inside this app, whatever host the server named. */
export function previewUrl(embedUrl: string, origin: string): string {
  const u = new URL(embedUrl);
  return `${origin}${u.pathname}${u.search}`;
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

/** The token's expiry in local time; epoch seconds or ms, or ISO text. Shown as given when it is not a date. */
export function formatExpiry(expiresAt: string | number): string {
  const d = new Date(typeof expiresAt === 'number' && expiresAt < 1e12 ? expiresAt * 1000 : expiresAt);
  return Number.isNaN(d.getTime()) ? String(expiresAt) : d.toLocaleString();
}

/** `POST /api/embed-tokens`'s answer as a result, or the message to show (the server's `error`, else the status). */
export function readEmbedTokenAnswer(
  res: { ok: boolean; status: number; statusText: string },
  body: (Partial<EmbedTokenResponse> & { error?: unknown }) | null,
): { result: EmbedTokenResponse } | { error: string } {
  if (!res.ok || !body || typeof body.url !== 'string') {
    return {
      error: body && typeof body.error === 'string' ? body.error : `Request failed (${res.status} ${res.statusText})`,
    };
  }
  return { result: body as EmbedTokenResponse };
}
