import { randomUUID } from 'node:crypto';
import { stringify as losslessStringify } from 'lossless-json';
import { PulseboardError, abortError } from '../errors';
import { druidHttpError, isRetryableStatus } from './druid-errors';

/**
 * HTTP to a Druid Router or Broker: Basic auth, SQL queries posted to `/druid/v2/sql` with retries, and
 * cancellation by `DELETE /druid/v2/sql/{sqlQueryId}` (https://druid.apache.org/docs/latest/api-reference/sql-api).
 */

export interface DruidClientOptions {
  /** Router or Broker base URL, `http://host:8888`; `user:password@` in it is used for Basic auth. */
  url: string;
  user?: string;
  password?: string;
  /** Retries after HTTP 429/503 (queue full, no Broker), with backoff. */
  retries?: number;
  /** Delay before the first retry; doubles each time. */
  retryDelayMs?: number;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        reject(abortError(signal));
      },
      { once: true },
    );
  });
}

/** Raised for one attempt that Druid asked us to retry; carries the error to show if retries run out. */
class RetryableAnswer extends Error {
  constructor(readonly final: PulseboardError) {
    super(final.message);
  }
}

export class DruidClient {
  /** `Druid at host:port`, for messages. */
  readonly where: string;
  private readonly base: string;
  private readonly authorization?: string;

  constructor(private readonly opts: DruidClientOptions) {
    let u: URL;
    try {
      u = new URL(opts.url);
    } catch {
      throw new Error(`Druid URL must look like http://host:8888, got "${opts.url.replace(/:[^:@/]*@/, ':***@')}"`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new Error(`Druid URL must start with http:// or https://, got "${u.protocol}"`);
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
      throw new PulseboardError(
        `Cannot reach ${this.where}: ${cause?.code ?? cause?.message ?? (err as Error).message}`,
        502,
        'datasource_unreachable',
      );
    }
  }

  /**
   * One SQL query: `POST /druid/v2/sql` with the body `bodyFor` builds around a query id generated here (so an
   * abort can cancel it before any byte arrives), retried with backoff while Druid answers 429 or 503. `read`
   * consumes the body of the successful answer; its `stop` (and aborting `signal`) drops the request and cancels
   * the query in Druid.
   */
  async sql<T>(
    bodyFor: (sqlQueryId: string) => unknown,
    read: (body: ReadableStream<Uint8Array>, stop: () => void) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const retries = this.opts.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sqlOnce(bodyFor, read, signal);
      } catch (err) {
        if (!(err instanceof RetryableAnswer)) throw err;
        if (attempt >= retries) throw err.final;
        await sleep((this.opts.retryDelayMs ?? 250) * 2 ** attempt, signal);
      }
    }
  }

  private async sqlOnce<T>(
    bodyFor: (sqlQueryId: string) => unknown,
    read: (body: ReadableStream<Uint8Array>, stop: () => void) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    signal?.throwIfAborted();
    const sqlQueryId = `pulseboard-${randomUUID()}`;
    const http = new AbortController();
    let cancelled = false;
    const cancel = () => {
      if (cancelled) return;
      cancelled = true;
      http.abort();
      void this.cancel(sqlQueryId);
    };
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      const res = await this.request('/druid/v2/sql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/plain, application/json' },
        // lossless: a BIGINT parameter beyond 2^53 is written as its exact digits
        body: losslessStringify(bodyFor(sqlQueryId)),
        signal: http.signal,
      });
      if (!res.ok) {
        const error = druidHttpError(res.status, await res.text(), this.where);
        throw isRetryableStatus(res.status) ? new RetryableAnswer(error) : error;
      }
      if (!res.body) throw new PulseboardError(`${this.where} answered with an empty body`, 502, 'bad_response');
      return await read(res.body, cancel);
    } catch (err) {
      if (signal?.aborted) throw abortError(signal);
      throw err;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  }

  /** `DELETE /druid/v2/sql/{id}`: 202 when Druid found the query, false when it had already finished (404). */
  async cancel(sqlQueryId: string): Promise<boolean> {
    try {
      const res = await this.request(`/druid/v2/sql/${encodeURIComponent(sqlQueryId)}`, {
        method: 'DELETE',
        signal: AbortSignal.timeout(5000),
      });
      await res.arrayBuffer().catch(() => undefined);
      return res.status === 202;
    } catch {
      return false; // best effort: Druid's own timeout still ends the query
    }
  }
}
