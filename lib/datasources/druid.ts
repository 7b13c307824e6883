import { randomUUID } from 'node:crypto';
import { parse as parseLossless } from 'lossless-json';
import { dialects } from '../sql/dialects';
import { toDataFrame, toExactNumber, type ColumnSpec } from '../frames/data-frame';
import { druidHttpError, isRetryableStatus } from './druid-errors';
import { PulseboardError, abortError } from '../errors';
import type { DataFrame, FieldType } from '../frames/types';
import type { DataSourceDriver, QueryOptions } from './types';

/**
 * Apache Druid over its SQL HTTP API (`POST /druid/v2/sql`, reference: ../shared/reference/druid-sql-api.md).
 * Results stream as `arrayLines` with the three header rows (names, native types, SQL types), so columns are typed
 * by Druid's SQL type, duplicate aliases survive and a body cut mid-stream is detected by its missing blank trailer
 * line. Each query carries a client-generated `sqlQueryId`, so an abort can `DELETE` it before any byte arrives.
 */

export interface DruidOptions {
  /** Router or Broker base URL, `http://host:8888`; `user:password@` in it is used for Basic auth. */
  url: string;
  user?: string;
  password?: string;
  /** Sent as `context.timeout`: Druid stops the query itself after this. */
  queryTimeoutMs: number;
  /** Retries after HTTP 429/503 (queue full, no Broker), with backoff. */
  retries?: number;
  /** Delay before the first retry; doubles each time. */
  retryDelayMs?: number;
}

/** One `?` value as Druid's typed parameter (reference §2.1). */
export interface DruidParameter {
  type: 'TIMESTAMP' | 'VARCHAR' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN';
  value: string | number | boolean | null;
}

export function typedParameter(v: unknown): DruidParameter {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new PulseboardError('Invalid date in a query parameter', 400, 'bad_value');
    return { type: 'TIMESTAMP', value: v.toISOString() };
  }
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new PulseboardError(`Integer parameter ${v} is beyond what Druid's JSON parameters carry exactly`, 400, 'bad_value');
    }
    return { type: 'BIGINT', value: Number(v) };
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new PulseboardError(`Parameter ${v} is not a finite number`, 400, 'bad_value');
    return { type: Number.isInteger(v) ? 'BIGINT' : 'DOUBLE', value: v };
  }
  if (typeof v === 'boolean') return { type: 'BOOLEAN', value: v };
  if (v === null || v === undefined) return { type: 'VARCHAR', value: null };
  return { type: 'VARCHAR', value: String(v) };
}

/** Druid SQL type name (third header row) to a frame field type. */
export function fieldTypeOf(sqlType: string): FieldType {
  const t = sqlType.toUpperCase();
  if (t === 'TIMESTAMP' || t === 'DATE') return 'time';
  if (/^(BIGINT|INTEGER|SMALLINT|TINYINT|DOUBLE|FLOAT|REAL|DECIMAL)/.test(t)) return 'number';
  if (t === 'BOOLEAN') return 'boolean';
  return 'string';
}

function convert(v: unknown, type: FieldType): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'time':
      return typeof v === 'number' ? v : Date.parse(String(v));
    case 'number':
      return typeof v === 'number' ? v : toExactNumber(String(v));
    case 'boolean':
      return v === true || v === 1 || v === 'true';
    default:
      return typeof v === 'string' ? v : JSON.stringify(v);
  }
}

/** Integers beyond 2^53 stay exact decimal strings; every other number parses as usual. */
const exactNumber = (text: string): number | string => (/^-?\d+$/.test(text) && !Number.isSafeInteger(Number(text)) ? text : Number(text));

/** One JSON line; the lossless parser only when a 16+ digit run could be an integer JSON.parse would round. */
export function parseJsonLine(line: string): unknown {
  return /\d{16}/.test(line) ? parseLossless(line, null, exactNumber) : JSON.parse(line);
}

interface StreamResult {
  columns: ColumnSpec[];
  values: unknown[][];
  rowCapHit: boolean;
}

/**
 * Read an `arrayLines` body with the three header rows. A complete body ends with a blank line (`\n\n`); a body
 * without it, or a connection that drops, was cut after Druid started streaming: that is an error, never a
 * shorter result (reference §5.3).
 */
export async function readArrayLines(body: ReadableStream<Uint8Array>, maxRows: number, where: string): Promise<StreamResult> {
  const decoder = new TextDecoder();
  const header: string[][] = [];
  let columns: ColumnSpec[] = [];
  let values: unknown[][] = [];
  let rows = 0;
  let pending = '';
  let ended = false;
  const cut = (why: string) =>
    new PulseboardError(
      `${where} cut the result off after ${rows} row(s) (${why}): the query failed on the server after it started streaming; not showing a partial result`,
      502,
      'truncated',
    );

  const takeLine = (line: string): boolean => {
    if (line === '') {
      ended = true;
      return true;
    }
    if (ended) throw new PulseboardError(`${where} sent data after the end of the result`, 502, 'bad_response');
    let row: unknown;
    try {
      row = parseJsonLine(line);
    } catch {
      throw cut('a line is not valid JSON');
    }
    if (!Array.isArray(row)) throw new PulseboardError(`${where} sent a result line that is not an array`, 502, 'bad_response');
    if (header.length < 3) {
      header.push(row.map(String));
      if (header.length === 3) {
        columns = header[0].map((name, i) => ({ name, type: fieldTypeOf(header[2][i] ?? '') }));
        values = columns.map(() => []);
      }
      return true;
    }
    if (rows >= maxRows) return false;
    columns.forEach((c, i) => values[i].push(convert(row[i], c.type)));
    rows++;
    return true;
  };

  const reader = body.getReader();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (err) {
        throw cut(`connection closed: ${(err as Error).message}`);
      }
      pending += chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
      let start = 0;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
        const more = takeLine(pending.slice(start, nl));
        start = nl + 1;
        if (!more) return { columns, values, rowCapHit: true };
      }
      pending = pending.slice(start);
      if (chunk.done) break;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  if (!ended || pending !== '') throw cut('the end-of-result blank line never came');
  if (header.length < 3) throw new PulseboardError(`${where} sent ${header.length} of the 3 header rows`, 502, 'bad_response');
  return { columns, values, rowCapHit: false };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(t); reject(abortError(signal)); }, { once: true });
  });
}

/** Raised for one attempt that Druid asked us to retry; carries the error to show if retries run out. */
class RetryableAnswer extends Error {
  constructor(readonly final: PulseboardError) {
    super(final.message);
  }
}

export class DruidDriver implements DataSourceDriver {
  readonly type = 'druid' as const;
  readonly dialect = dialects.druid;
  /** `Druid at host:port`, for messages. */
  readonly where: string;
  private readonly base: string;
  private readonly authorization?: string;

  constructor(private readonly opts: DruidOptions) {
    let u: URL;
    try {
      u = new URL(opts.url);
    } catch {
      throw new Error(`Druid URL must look like http://host:8888, got "${opts.url.replace(/:[^:@/]*@/, ':***@')}"`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`Druid URL must start with http:// or https://, got "${u.protocol}"`);
    const user = opts.user ?? decodeURIComponent(u.username);
    const password = opts.password ?? decodeURIComponent(u.password);
    u.username = '';
    u.password = '';
    this.base = u.toString().replace(/\/+$/, '');
    this.where = `Druid at ${u.host}`;
    if (user) this.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  /** One HTTP call to Druid with the datasource's credentials; unreachable hosts become a readable 502. */
  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.authorization) headers.set('authorization', this.authorization);
    try {
      return await fetch(`${this.base}${path}`, { ...init, headers });
    } catch (err) {
      if (init.signal?.aborted) throw err;
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new PulseboardError(`Cannot reach ${this.where}: ${cause?.code ?? cause?.message ?? (err as Error).message}`, 502, 'datasource_unreachable');
    }
  }

  async query(sql: string, params: unknown[] = [], opts: QueryOptions = {}): Promise<DataFrame> {
    const retries = this.opts.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.queryOnce(sql, params, opts);
      } catch (err) {
        if (!(err instanceof RetryableAnswer)) throw err;
        if (attempt >= retries) throw err.final;
        await sleep((this.opts.retryDelayMs ?? 250) * 2 ** attempt, opts.signal);
      }
    }
  }

  private async queryOnce(sql: string, params: unknown[], opts: QueryOptions): Promise<DataFrame> {
    opts.signal?.throwIfAborted();
    const sqlQueryId = `pulseboard-${randomUUID()}`;
    const http = new AbortController();
    let cancelled = false;
    const cancel = () => {
      if (cancelled) return;
      cancelled = true;
      http.abort();
      void this.cancel(sqlQueryId);
    };
    opts.signal?.addEventListener('abort', cancel, { once: true });
    try {
      const res = await this.request('/druid/v2/sql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/plain, application/json' },
        body: JSON.stringify({
          query: sql,
          resultFormat: 'arrayLines',
          header: true,
          typesHeader: true,
          sqlTypesHeader: true,
          context: { sqlQueryId, timeout: this.opts.queryTimeoutMs, sqlTimeZone: 'UTC' },
          parameters: params.map(typedParameter),
        }),
        signal: http.signal,
      });
      if (!res.ok) {
        const error = druidHttpError(res.status, await res.text(), this.where);
        throw isRetryableStatus(res.status) ? new RetryableAnswer(error) : error;
      }
      if (!res.body) throw new PulseboardError(`${this.where} answered with an empty body`, 502, 'bad_response');
      const out = await readArrayLines(res.body, opts.maxRows ?? Number.POSITIVE_INFINITY, this.where);
      if (out.rowCapHit) cancel(); // stop Druid producing rows nobody reads
      return toDataFrame('', out.columns, out.values, out.rowCapHit);
    } catch (err) {
      if (opts.signal?.aborted) throw abortError(opts.signal);
      throw err;
    } finally {
      opts.signal?.removeEventListener('abort', cancel);
    }
  }

  /** `DELETE /druid/v2/sql/{id}`: 202 when Druid found the query, false when it had already finished (404). */
  async cancel(sqlQueryId: string): Promise<boolean> {
    try {
      const res = await this.request(`/druid/v2/sql/${encodeURIComponent(sqlQueryId)}`, { method: 'DELETE', signal: AbortSignal.timeout(5000) });
      await res.arrayBuffer().catch(() => undefined);
      return res.status === 202;
    } catch {
      return false; // best effort: Druid's own timeout still ends the query
    }
  }

  /** `/status/health` proves the host answers (it needs no credentials); `SELECT 1` proves credentials and SQL. */
  async testConnection(): Promise<void> {
    const health = await this.request('/status/health', { signal: AbortSignal.timeout(5000) });
    const text = (await health.text()).trim();
    if (!health.ok || text !== 'true') {
      throw new PulseboardError(`${this.where} is not healthy: /status/health answered HTTP ${health.status} ${text.slice(0, 80)}`, 502, 'datasource_unreachable');
    }
    await this.query('SELECT 1', [], { maxRows: 1, signal: AbortSignal.timeout(Math.min(this.opts.queryTimeoutMs, 10_000)) });
  }

  async close(): Promise<void> {
    // fetch keeps no per-driver connections to release
  }
}
