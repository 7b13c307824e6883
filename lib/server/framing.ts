/**
 * Who may frame what: embed pages (`/embed/…`, Grafana's `/d-solo/…`) the origins of PULSEBOARD_EMBED_ORIGINS
 * (space-separated; 'self' always); every other page nobody. Read at run time, not baked into the build.
 */
export function framingHeaders(origins = "'self'") {
  // 'self' is always allowed: the Share dialog previews the embed inside the app.
  const allowed = new Set([
    "'self'",
    ...origins.split(/\s+/).filter((o) => /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(o)),
  ]);
  // Embed URLs carry their token: never send them on as a Referer.
  const embed = {
    'Content-Security-Policy': `frame-ancestors ${[...allowed].join(' ')}`,
    'Referrer-Policy': 'no-referrer',
  };
  const none = { 'Content-Security-Policy': "frame-ancestors 'none'", 'X-Frame-Options': 'DENY' };
  return (path: string): Record<string, string> => (/^\/(embed|d-solo)\//.test(path) ? embed : none);
}
