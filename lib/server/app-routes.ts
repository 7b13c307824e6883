import fs from 'node:fs';
import path from 'node:path';

/**
 * The app's routes as Next's file conventions define them, read from `app/`: route handlers (`route.ts`) with the
 * HTTP methods they export, and pages (`page.tsx`). The server answers unknown API paths and methods from this
 * table, and the bad-input suite fuzzes every entry, so a new route is covered by being added.
 */

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface AppRoute {
  /** URL pattern in Next's segment syntax, e.g. `/api/dashboards/[uid]`, `/d-solo/[uid]/[[...slug]]`. */
  pattern: string;
  kind: 'route' | 'page';
  /** Methods the route handler exports; pages answer GET. */
  methods: HttpMethod[];
  /** Source file, relative to the app directory. */
  file: string;
}

const METHOD = HTTP_METHODS.join('|');
const EXPORT_FUNCTION = new RegExp(`export\\s+(?:async\\s+)?function\\s+(${METHOD})\\b`, 'g');
const EXPORT_CONST = new RegExp(`export\\s+(?:const|let|var)\\s+(${METHOD})\\b`, 'g');
const EXPORT_LIST = /export\s*\{([^}]*)\}/g;

/** HTTP methods a route module exports (`export function GET`, `export const POST = …`, `export { x as PUT }`). */
export function exportedMethods(source: string): HttpMethod[] {
  const found = new Set<string>();
  for (const m of source.matchAll(EXPORT_FUNCTION)) found.add(m[1]);
  for (const m of source.matchAll(EXPORT_CONST)) found.add(m[1]);
  for (const m of source.matchAll(EXPORT_LIST)) {
    for (const part of m[1].split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name && (HTTP_METHODS as readonly string[]).includes(name)) found.add(name);
    }
  }
  return HTTP_METHODS.filter((x) => found.has(x));
}

/** URL segments of a folder path: route groups `(x)` and parallel slots `@x` add none. */
function urlSegments(dir: string): string[] {
  return dir.split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith('@'));
}

/** Every route handler and page under `appDir` (private `_folders` excluded), sorted by pattern. */
export function listAppRoutes(appDir: string): AppRoute[] {
  const out: AppRoute[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(appDir, rel), { withFileTypes: true })) {
      const child = path.join(rel, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('_')) walk(child);
        continue;
      }
      const kind = /^route\.(ts|js|tsx|jsx|mjs)$/.test(e.name)
        ? 'route'
        : /^page\.(tsx|jsx|ts|js|mdx)$/.test(e.name)
          ? 'page'
          : undefined;
      if (!kind) continue;
      const pattern = `/${urlSegments(rel).join('/')}`;
      const methods =
        kind === 'page'
          ? (['GET'] as HttpMethod[])
          : exportedMethods(fs.readFileSync(path.join(appDir, child), 'utf8'));
      out.push({ pattern, kind, methods, file: child });
    }
  };
  walk('');
  return out.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/**
 * Path parameters when `pathname` (raw, still percent-encoded) matches the pattern, else undefined. Static
 * segments compare as sent, as Next's router does; `[x]` takes one non-empty segment, `[...x]` one or more and
 * `[[...x]]` zero or more. Empty segments (`//`, a trailing `/`) are ignored: Next redirects those paths.
 */
export function matchPattern(pattern: string, pathname: string): Record<string, string | string[]> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const got = pathname.split('/').filter(Boolean);
  const params: Record<string, string | string[]> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i];
    const rest = /^\[\[?\.\.\.(\w+)\]\]?$/.exec(w);
    if (rest) {
      if (got.length <= i && !w.startsWith('[[')) return undefined;
      params[rest[1]] = got.slice(i);
      return params;
    }
    if (i >= got.length) return undefined;
    const one = /^\[(\w+)\]$/.exec(w);
    if (one) params[one[1]] = got[i];
    else if (w !== got[i]) return undefined;
  }
  return got.length === want.length ? params : undefined;
}

/** Methods a route answers: what it exports, HEAD with GET (Next derives it), and OPTIONS (Next answers it). */
export function allowedMethods(route: Pick<AppRoute, 'methods' | 'kind'>): HttpMethod[] {
  const m = new Set<HttpMethod>(route.methods);
  if (m.has('GET')) m.add('HEAD');
  if (route.kind === 'route') m.add('OPTIONS');
  return HTTP_METHODS.filter((x) => m.has(x));
}
