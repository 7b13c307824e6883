import { PulseboardError } from '../errors';

/**
 * Druid's error answers as readable panel messages (status codes and body shapes:
 * https://druid.apache.org/docs/latest/api-reference/sql-api and https://druid.apache.org/docs/latest/querying/querying).
 * Bodies come in three shapes: the modern `ErrorResponse` (`error: "druidException"`, `category`, `errorMessage`),
 * the legacy-wrapped form (`error` is a legacy code such as `Query timeout`, plus `category`), and pre-27 bodies
 * with only `error`/`errorMessage`/`errorClass`/`host`. 401/403 and proxies may answer HTML or nothing at all.
 */

export interface DruidErrorBody {
  error?: string;
  errorMessage?: string;
  errorClass?: string;
  category?: string;
}

/** Legacy `error` codes (Druid before 27) to the modern category, for bodies that carry no `category`. */
const LEGACY_CATEGORY: Readonly<Record<string, string>> = {
  'SQL parse failed': 'INVALID_INPUT',
  'Plan validation failed': 'INVALID_INPUT',
  'SQL query is unsupported': 'INVALID_INPUT',
  'Resource limit exceeded': 'INVALID_INPUT',
  'Json parse failed': 'INVALID_INPUT',
  'Query context parse failed': 'INVALID_INPUT',
  'Unauthorized request': 'UNAUTHORIZED',
  'Query capacity exceeded': 'CAPACITY_EXCEEDED',
  'Query cancelled': 'CANCELED',
  'Query interrupted': 'RUNTIME_FAILURE',
  'Unknown exception': 'UNCATEGORIZED',
  'Truncated response context': 'RUNTIME_FAILURE',
  'Unsupported query': 'UNSUPPORTED',
  'Unsupported operation': 'UNSUPPORTED',
  'Query timeout': 'TIMEOUT',
};

const STATUS_CATEGORY: Readonly<Record<number, string>> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'CAPACITY_EXCEEDED',
  500: 'RUNTIME_FAILURE',
  501: 'UNSUPPORTED',
  503: 'SERVICE_UNAVAILABLE',
  504: 'TIMEOUT',
};

/** How each category reads in a panel, and the status Pulseboard answers with. */
const CATEGORY_OUTCOME: Readonly<Record<string, { what: string; status: number; code: string }>> = {
  INVALID_INPUT: { what: 'rejected the query', status: 400, code: 'query_failed' },
  UNAUTHORIZED: {
    what: 'refused the credentials; check the datasource user and password',
    status: 502,
    code: 'datasource_auth',
  },
  FORBIDDEN: {
    what: 'denied access; the datasource user lacks READ permission on a table in this query',
    status: 502,
    code: 'datasource_auth',
  },
  NOT_FOUND: {
    what: 'has no SQL endpoint at this URL; point the datasource at a Druid Router or Broker',
    status: 502,
    code: 'datasource_unreachable',
  },
  CONFLICT: { what: 'reported a conflict', status: 409, code: 'conflict' },
  CAPACITY_EXCEEDED: { what: 'is at query capacity; try again shortly', status: 503, code: 'datasource_busy' },
  SERVICE_UNAVAILABLE: { what: 'is unavailable; try again shortly', status: 503, code: 'datasource_busy' },
  TIMEOUT: { what: 'timed the query out', status: 504, code: 'timeout' },
  CANCELED: { what: 'cancelled the query', status: 502, code: 'query_cancelled' },
  UNSUPPORTED: { what: 'does not support this query', status: 400, code: 'unsupported' },
  RUNTIME_FAILURE: { what: 'failed while running the query', status: 502, code: 'query_failed' },
  UNCATEGORIZED: { what: 'failed while running the query', status: 502, code: 'query_failed' },
  DEFENSIVE: { what: 'hit an internal error', status: 502, code: 'query_failed' },
};

/**
 * Worth retrying with backoff: 429 (query capacity or a lane full) and 503 (no Broker behind the Router, shutting
 * down). A 504 is the query's own timeout and the rest are final.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503;
}

/** Parse the body if it is a Druid JSON error envelope; HTML, empty and other bodies give undefined. */
export function parseErrorBody(text: string): DruidErrorBody | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    if (body && typeof body === 'object' && !Array.isArray(body) && ('error' in body || 'errorMessage' in body))
      return body as DruidErrorBody;
  } catch {
    // not JSON
  }
  return undefined;
}

/** What an HTML or plain body says, shortened: an HTML page's title (Jetty, nginx), else its visible text. */
function bodySnippet(text: string): string {
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  if (title) return title;
  const plain = text
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return plain.length > 160 ? `${plain.slice(0, 157)}…` : plain;
}

/**
 * The message: `errorMessage`, else `error` unless it is the `druidException` tag (a discriminator, never a message).
 * Calcite's list of what the parser would have accepted (`Was expecting one of:` …, `, acceptable options: […]`,
 * 3–5 KB on Druid 33) is left out: the position and the token say what is wrong.
 */
function messageOf(body: DruidErrorBody): string {
  if (body.errorMessage)
    return body.errorMessage
      .replace(/\s*\nWas expecting one of:[\s\S]*$/, '')
      .replace(/, acceptable options: \[[\s\S]*$/, '');
  if (body.error && body.error !== 'druidException') return body.error;
  return '';
}

/** What a failed answer's body says: Druid's message from its JSON envelope, else the HTML page's title or text. */
export function errorDetail(bodyText: string): string {
  const body = parseErrorBody(bodyText);
  return body ? messageOf(body) : bodySnippet(bodyText);
}

/** One failed HTTP answer from Druid as a PulseboardError whose message names the category and HTTP status. */
export function druidHttpError(status: number, bodyText: string, where: string): PulseboardError {
  const body = parseErrorBody(bodyText);
  if (!body && status !== 401 && status !== 403 && status !== 404) {
    const snippet = bodySnippet(bodyText);
    return new PulseboardError(
      `${where} answered HTTP ${status} without a Druid error body${snippet ? ` (${snippet})` : ''}; a proxy or load balancer in front of Druid may have failed`,
      502,
      'datasource_unreachable',
    );
  }
  const category =
    body?.category ??
    (body?.error ? LEGACY_CATEGORY[body.error] : undefined) ??
    STATUS_CATEGORY[status] ??
    'UNCATEGORIZED';
  const outcome = CATEGORY_OUTCOME[category] ?? CATEGORY_OUTCOME.UNCATEGORIZED;
  const detail = errorDetail(bodyText);
  return new PulseboardError(
    `${where} ${outcome.what} (HTTP ${status} ${category})${detail ? `: ${detail}` : ''}`,
    outcome.status,
    outcome.code,
  );
}
