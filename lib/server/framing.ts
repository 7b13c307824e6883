/**
 * Who may frame what: embed pages (`/embed/…`, Grafana's `/d-solo/…`) the origins of PULSEBOARD_EMBED_ORIGINS
 * (space-separated, default 'self'); every other page nobody. Read at run time, not baked into the build.
 */
export function framingHeaders(origins = "'self'") {
  const allowed = origins.split(/\s+/).filter((o) => o === "'self'" || /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/.test(o));
  const embed = { 'Content-Security-Policy': `frame-ancestors ${allowed.length ? allowed.join(' ') : "'self'"}` };
  const none = { 'Content-Security-Policy': "frame-ancestors 'none'", 'X-Frame-Options': 'DENY' };
  return (path: string): Record<string, string> => (/^\/(embed|d-solo)\//.test(path) ? embed : none);
}
