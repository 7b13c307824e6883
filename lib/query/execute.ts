import { PulseboardError, abortError } from '../errors';
import type { DataFrame } from '../frames/types';
import type { Metrics } from '../metrics';
import { fillGaps } from '../frames/fill-gaps';
import { applySqlConventions } from '../frames/sql-conventions';
import type { PreparedPanel, PreparedTarget, TimeWindow } from './prepare';
import type { QueryError, QueryResponse } from './protocol';

interface Inflight {
  promise: Promise<DataFrame>;
  controller: AbortController;
  waiters: number;
}

/**
 * Runs targets on their engines. Identical SQL already running on the same datasource is shared (in-flight
 * dedup): 50 identical concurrent requests cause one engine execution. The engine query is cancelled when its
 * timeout passes or when every request waiting on it has gone away.
 */
export class QueryExecutor {
  private inflight = new Map<string, Inflight>();

  constructor(private readonly metrics?: Metrics) {}

  async runTarget(
    t: PreparedTarget,
    window: TimeWindow,
    opts: { signal?: AbortSignal; source?: string } = {},
  ): Promise<DataFrame> {
    const rendered = t.render(window);
    const params = rendered.params ?? [];
    const key = `${t.datasource.config.uid}\u0000${rendered.sql}\u0000${params.map((d) => d.getTime()).join()}`;
    let entry = this.inflight.get(key);
    if (!entry) entry = this.start(key, t, rendered.sql, params, opts.source ?? 'http');
    entry.waiters++;
    // Grafana's `time`/`time_sec`/`metric` columns before gap filling, which steps the time column in epoch ms.
    const frame = applySqlConventions(await waitFor(entry, opts.signal), t.format);
    const withRef = withBucketInterval({ ...frame, refId: t.refId }, rendered.bucketMs);
    return rendered.fill ? fillGaps(withRef, rendered.fill, window) : withRef;
  }

  private start(key: string, t: PreparedTarget, sql: string, params: unknown[], source: string): Inflight {
    const { config, driver } = t.datasource;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(timeoutReason(config.queryTimeoutMs)), config.queryTimeoutMs);
    const endTimer = this.metrics?.queryDuration.startTimer({ datasource: config.uid });
    const promise = t.datasource
      .limit(() => {
        controller.signal.throwIfAborted();
        return driver.query(sql, params, { signal: controller.signal, maxRows: config.maxRows });
      })
      .then(
        (frame) => {
          this.metrics?.queries.inc({ datasource: config.uid, source, status: 'ok' });
          return frame;
        },
        (err) => {
          this.metrics?.queries.inc({ datasource: config.uid, source, status: 'error' });
          throw toQueryError(err, controller.signal);
        },
      )
      .finally(() => {
        clearTimeout(timer);
        endTimer?.();
        if (this.inflight.get(key) === entry) this.inflight.delete(key);
      });
    promise.catch(() => undefined);
    const entry: Inflight = { promise, controller, waiters: 0 };
    this.inflight.set(key, entry);
    return entry;
  }

  /** Every target of a panel; a failing target becomes `errors[]`, the others still return frames. */
  async runPanel(
    p: PreparedPanel,
    window: TimeWindow = p.range,
    opts: { signal?: AbortSignal; source?: string } = {},
  ): Promise<QueryResponse> {
    const results = await Promise.allSettled(p.targets.map((t) => this.runTarget(t, window, opts)));
    const frames: DataFrame[] = [];
    const errors: QueryError[] = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') frames.push(r.value);
      else errors.push({ refId: p.targets[i].refId, message: (r.reason as Error).message });
    });
    return errors.length ? { frames, errors } : { frames };
  }
}

/** `$__timeGroup` results: the time field carries the bucket width, so panels can tell the still-filling bucket. */
function withBucketInterval(frame: DataFrame, bucketMs?: number): DataFrame {
  const ti = frame.fields.findIndex((f) => f.type === 'time');
  if (!bucketMs || ti < 0) return frame;
  return { ...frame, fields: frame.fields.map((f, i) => (i === ti ? { ...f, interval: bucketMs } : f)) };
}

function waitFor(entry: Inflight, signal?: AbortSignal): Promise<DataFrame> {
  if (!signal) return entry.promise.finally(() => entry.waiters--);
  return new Promise<DataFrame>((resolve, reject) => {
    const onAbort = () => {
      // The last waiter leaving cancels the engine query; others keep it alive.
      if (--entry.waiters === 0) entry.controller.abort(new DOMException('Query cancelled', 'AbortError'));
      reject(new PulseboardError('Query cancelled', 499, 'cancelled'));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    entry.promise.then(
      (f) => {
        signal.removeEventListener('abort', onAbort);
        entry.waiters--;
        resolve(f);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        entry.waiters--;
        reject(e);
      },
    );
  });
}

function timeoutReason(ms: number): Error {
  const e = new Error(`Query timed out after ${ms} ms and was cancelled on the engine`);
  e.name = 'TimeoutError';
  return e;
}

function toQueryError(err: unknown, signal: AbortSignal): Error {
  if (signal.aborted) return abortError(signal);
  return err instanceof Error ? err : new Error(String(err));
}
