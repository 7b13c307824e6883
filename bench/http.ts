/** Plain node:http requests for the bench: bytes as they travel (gzip not decoded) and keep-alive under control. */
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { promSum } from './stats';

export interface HttpResult {
  status: number;
  /** Body bytes as received (compressed when the server gzipped them). */
  bytes: number;
  /** The body, decoded. */
  text(): string;
}

export interface HttpOptions {
  agent?: http.Agent;
  body?: string;
  /** Ask for a gzipped body, as browsers do. */
  gzip?: boolean;
  timeoutMs?: number;
  /** More request headers (a session cookie, an Authorization header). */
  headers?: Record<string, string>;
}

/**
 * One request; resolves once the whole body has arrived. A kept-alive socket the server closed just as it was
 * reused gives ECONNRESET before any answer: that request is sent again once, as browsers do.
 */
export async function httpRequest(url: URL, opts: HttpOptions = {}): Promise<HttpResult> {
  try {
    return await send(url, opts);
  } catch (err) {
    if ((err as { reusedSocket?: boolean }).reusedSocket && (err as { code?: string }).code === 'ECONNRESET')
      return send(url, opts);
    throw err;
  }
}

function send(url: URL, opts: HttpOptions): Promise<HttpResult> {
  const headers: Record<string, string | number> = {
    ...(opts.gzip ? { 'accept-encoding': 'gzip' } : {}),
    ...opts.headers,
  };
  if (opts.body !== undefined)
    Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(opts.body) });
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: opts.body === undefined ? 'GET' : 'POST', agent: opts.agent, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const gzipped = res.headers['content-encoding'] === 'gzip';
          resolve({
            status: res.statusCode ?? 0,
            bytes: raw.length,
            text: () => (gzipped ? gunzipSync(raw) : raw).toString(),
          });
        });
      },
    );
    if (opts.timeoutMs)
      req.setTimeout(opts.timeoutMs, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (err) => reject(Object.assign(err, { reusedSocket: req.reusedSocket })));
    req.end(opts.body);
  });
}

/**
 * Reads the server's `/metrics` over one kept-open connection, refreshed every second so it never idles out:
 * under a flood of polling clients new connections wait in a full accept queue, an open one still gets answers.
 */
export class MetricsReader {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly url: URL;
  private timer?: NodeJS.Timeout;

  constructor(base: string) {
    this.url = new URL('/metrics', base);
    this.timer = setInterval(() => void this.text().catch(() => undefined), 1000);
  }

  async text(): Promise<string> {
    return (await httpRequest(this.url, { agent: this.agent, timeoutMs: 120_000 })).text();
  }

  /** Engine queries so far for `/api/query` (`http`) or live ticks (`live`). */
  async engineQueries(source: 'live' | 'http'): Promise<number> {
    return promSum(await this.text(), 'pulseboard_datasource_queries_total', { source });
  }

  close(): void {
    clearInterval(this.timer);
    this.agent.destroy();
  }
}
