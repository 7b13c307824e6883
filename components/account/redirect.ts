/** Where the login page sends the browser afterwards: only paths of this site, never another origin. */

const BASE = 'http://pulseboard.invalid';

const isLocalPath = (p: string) => p.startsWith('/') && p[1] !== '/' && p[1] !== '\\';

/**
 * `next` as a same-site path (path, query and hash), or `/`. Refused: anything not starting with one `/`
 * (`//host` and `/\host` are other origins to a browser), control characters (browsers drop tabs and newlines, so
 * `/\t/host` would become `//host`), and whatever does not resolve on this origin. The login page itself gives `/`.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || next.length > 2048 || !isLocalPath(next)) return '/';
  if (/[\u0000-\u001f\u007f]/.test(next)) return '/';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE) return '/';
  if (url.pathname === '/login' || url.pathname.startsWith('/login/')) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can collapse into a leading `//` (`/./\host` → `//host`): check the result again.
  return isLocalPath(path) ? path : '/';
}

/** The login page, coming back to `path` (path and query of the current page) afterwards. */
export function loginHref(path: string): string {
  const next = safeNextPath(path);
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}
