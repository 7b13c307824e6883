import type { RawResponse } from './http';

/**
 * What every answer to bad input must respect: no 5xx except a genuine engine outage, a JSON error that names what
 * was wrong on `/api/*`, and no internals (file paths, stack traces, other panels' SQL).
 */

/** A 5xx that is honest: the engine is down or slow, and the message says so. */
const OUTAGE = /Cannot reach|timed out|not healthy|unavailable|refused the credentials/i;
const GENERIC = /^(internal server error|bad request|not found|error|method not allowed)\.?$/i;

/**
 * Signs of internals leaking: absolute source paths, stack frames, module internals. Text the client sent itself
 * (`sent`, e.g. a uid of `%2Ftmp%2Fx` echoed in "Dashboard not found") is not a leak.
 */
export function internalsIn(text: string, sent = '', cwd = process.cwd()): string | undefined {
  const checks: Array<[RegExp, string]> = [
    [new RegExp(cwd.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'the server directory'],
    [/\n\s+at [^\n]*[:(][^\n]*:\d+:\d+\)?/, 'a stack frame'],
    [/node_modules[\\/]/, 'a node_modules path'],
    [/\.(?:ts|tsx|js|mjs|cjs):\d+:\d+/, 'a source position'],
    [/webpack-internal:|\[project\]\//, 'a bundler path'],
    [/(?:^|[\s"'(])\/(?:home|root|usr|tmp|var|work|opt)\/[\w.-]+\//, 'an absolute file path'],
  ];
  for (const [re, what] of checks) {
    const m = re.exec(text);
    if (m && !sent.includes(m[0].trim().replace(/^["'(]/, ''))) return `${what} (${JSON.stringify(m[0].slice(0, 80))})`;
  }
  return undefined;
}

/** What a request carried, decoded as a server might echo it. */
export function sentText(parts: Array<string | Buffer | undefined>): string {
  const raw = parts
    .filter((p) => p !== undefined)
    .map(String)
    .join('\n');
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    decoded = raw.replace(/%([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
  return `${raw}\n${decoded}`;
}

/** Lines of panel SQL distinctive enough to recognise, per panel (`uid/id`). */
export type SqlIndex = Map<string, string[]>;

export function sqlLines(rawSql: string): string[] {
  return rawSql
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= 25);
}

/**
 * The first line of another panel's SQL in `text`; lines the allowed panels share are fine, and so are lines the
 * request carried itself (`sent`: a Grafana import preview answers with the SQL it was sent).
 */
export function otherPanelsSql(text: string, index: SqlIndex, allowed: string[] = [], sent = ''): string | undefined {
  const own = new Set(allowed.flatMap((a) => index.get(a) ?? []));
  for (const [panel, lines] of index) {
    if (allowed.includes(panel)) continue;
    const hit = lines.find((l) => !own.has(l) && text.includes(l) && !sent.includes(l));
    if (hit) return `SQL of panel ${panel}: ${hit.slice(0, 60)}`;
  }
  return undefined;
}

export interface CheckOptions {
  /** `/api/*`: errors must be JSON `{error}`. */
  api: boolean;
  method: string;
  sql?: SqlIndex;
  /** The panels whose own SQL may appear (in their own engine errors). */
  panels?: string[];
  /** Skip the SQL check (a dashboard document carries its own SQL by design). */
  sqlAllowed?: boolean;
  /** `sentText` of the request: echoes of it are not leaks. */
  sent?: string;
}

/** The strings inside a JSON body, unescaped (a stack trace in an error string has real newlines there). */
function jsonStrings(body: string): string {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    return '';
  }
  const out: string[] = [];
  const walk = (x: unknown, depth: number) => {
    if (typeof x === 'string') out.push(x);
    else if (x && typeof x === 'object' && depth < 20) for (const y of Object.values(x)) walk(y, depth + 1);
  };
  walk(v, 0);
  return out.join('\n');
}

/** Everything wrong with one answer; empty when it is fine. */
export function problemsOf(res: RawResponse, o: CheckOptions): string[] {
  const out: string[] = [];
  if (res.status >= 500 && !(res.status >= 502 && res.status <= 504 && OUTAGE.test(res.body)))
    out.push(`status ${res.status}`);
  if (res.ms > 10_000) out.push(`took ${Math.round(res.ms)} ms`);
  const leak = internalsIn(res.body, o.sent) ?? internalsIn(jsonStrings(res.body), o.sent);
  if (leak) out.push(`leaks ${leak}`);
  if (o.sql && !o.sqlAllowed) {
    const sql = otherPanelsSql(res.body, o.sql, o.panels, o.sent);
    if (sql) out.push(`leaks ${sql}`);
  }
  const hasBody = o.method !== 'HEAD' && res.status !== 204 && res.status !== 304;
  if (o.api && hasBody && res.status >= 400) {
    if (!/application\/json/.test(String(res.headers['content-type'])))
      out.push(`error is ${res.headers['content-type'] ?? 'untyped'}, not JSON`);
    else {
      let error: unknown;
      try {
        error = (JSON.parse(res.body) as { error?: unknown }).error;
      } catch {
        out.push('error body is not valid JSON');
      }
      if (typeof error !== 'string' || error.length < 8 || GENERIC.test(error))
        out.push(`error does not say what was wrong: ${JSON.stringify(error)}`);
    }
  }
  if (res.status === 405 && !res.headers.allow) out.push('405 without Allow');
  return out;
}
