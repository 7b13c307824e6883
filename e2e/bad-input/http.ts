import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';

/**
 * A raw HTTP client for the bad-input suite: the path, method and headers go on the wire exactly as generated
 * (fetch and Playwright's request context would resolve `..` and `%2e%2e` first, and refuse odd Host headers).
 */

export const HANG_MS = 10_000;

export interface RawRequest {
  method: string;
  /** Request target as sent: `/api/x/%zz?y`. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Decoded text (gzip, br and deflate undone). */
  body: string;
  ms: number;
}

// One connection per request: a request with broken framing (a bad Transfer-Encoding) may end its connection
// after its answer, which a kept-alive socket would carry over to the next, unrelated case as "socket hang up".
const agent = new http.Agent({ keepAlive: false });

function decode(buf: Buffer, encoding: string | undefined): Buffer {
  if (encoding === 'gzip') return zlib.gunzipSync(buf);
  if (encoding === 'br') return zlib.brotliDecompressSync(buf);
  if (encoding === 'deflate') return zlib.inflateSync(buf);
  return buf;
}

/** Send one request; rejects when no complete answer comes within HANG_MS. */
export function send(port: number, req: RawRequest): Promise<RawResponse> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    // A body always goes with its Content-Length: Node's client writes a GET body unframed otherwise.
    const length =
      req.body !== undefined && !Object.keys(req.headers ?? {}).some((h) => h.toLowerCase() === 'content-length')
        ? { 'content-length': String(Buffer.byteLength(req.body)) }
        : {};
    const r = http.request(
      {
        host: '127.0.0.1',
        port,
        method: req.method,
        path: req.path,
        headers: { ...req.headers, ...length },
        agent,
        setHost: !req.headers?.host,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          try {
            const body = decode(Buffer.concat(chunks), res.headers['content-encoding']).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body, ms: performance.now() - t0 });
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    r.setTimeout(HANG_MS, () =>
      r.destroy(new Error(`no answer within ${HANG_MS} ms: ${req.method} ${req.path.slice(0, 200)}`)),
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Bytes straight onto a socket (for requests Node's client will not form); the status of the first answer line. */
export function sendRaw(port: number, bytes: string | Buffer): Promise<RawResponse & { text: string }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    // Written, not ended: a half-closed client may lose its answer. Requests say `Connection: close`; the server closes.
    const s = net.connect(port, '127.0.0.1', () => s.write(bytes));
    let text = '';
    const timer = setTimeout(() => {
      s.destroy();
      reject(new Error(`no answer within ${HANG_MS} ms to ${JSON.stringify(String(bytes).slice(0, 80))}`));
    }, HANG_MS);
    s.on('data', (d) => {
      text += d.toString('latin1');
    });
    s.on('error', () => undefined); // a reset after the answer is fine; no answer is caught by the timer or close
    s.on('close', () => {
      clearTimeout(timer);
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!m)
        return reject(
          new Error(`connection closed without an HTTP answer to ${JSON.stringify(String(bytes).slice(0, 80))}`),
        );
      const [head, ...rest] = text.split('\r\n\r\n');
      const headers: http.IncomingHttpHeaders = {};
      for (const line of head.split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: Number(m[1]), headers, body: rest.join('\r\n\r\n'), text, ms: performance.now() - t0 });
    });
  });
}

export function closeAgent(): void {
  agent.destroy();
}

/**
 * POST `bytes` of JSON-ish padding in 64 KiB chunks without a Content-Length (chunked), stopping as soon as an
 * answer arrives: the server must answer (413) without waiting for, or holding, the whole body.
 */
export function uploadChunked(
  port: number,
  path: string,
  bytes: number,
  extraHeaders: Record<string, string> = {},
): Promise<RawResponse> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    let answered = false;
    const r = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...extraHeaders },
        agent: false,
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - t0,
          }),
        );
      },
    );
    r.setTimeout(HANG_MS, () => r.destroy(new Error(`no answer within ${HANG_MS} ms to a ${bytes}-byte upload`)));
    r.on('error', (err) => {
      if (!answered) reject(err);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (!answered && sent < bytes) {
        sent += chunk.length;
        if (!r.write(chunk)) return void r.once('drain', pump);
      }
      if (!answered) r.end(']');
    };
    r.write('[');
    pump();
  });
}
