import type { DruidDriver } from '../datasources/druid';
import { druidHttpError } from '../datasources/druid-errors';
import { PulseboardError } from '../errors';
import type { IngestResult } from './duckdb-writer';
import { newestRow, nextId, type DemoStore, type Row } from './store';
import { INGEST_TABLES, rowValues, type IngestTable } from './tables';

/**
 * Demo writes into Druid as native batch tasks (`index_parallel`) with an inline input source, submitted to
 * `POST /druid/indexer/v1/task` and polled until SUCCESS (https://druid.apache.org/docs/latest/ingestion/native-batch): one task per batch, which Druid
 * publishes atomically. An idempotency key becomes the task id, and Druid refuses a second task with the same id,
 * so a retried batch is a no-op. Live streams belong on Kafka (provisioning/druid/); batches suit the simulator.
 */

/** Druid column types per demo table; `ts` becomes `__time`. Strings are dimensions without a type. */
const DIMENSIONS: Readonly<Record<IngestTable, Array<string | { type: 'long' | 'double'; name: string }>>> = {
  sensor_data: [
    'sensor_id',
    { type: 'long', name: 'id' },
    { type: 'double', name: 'temperature' },
    { type: 'double', name: 'humidity' },
  ],
  sales: [
    'city',
    'product',
    'category',
    { type: 'long', name: 'order_id' },
    { type: 'long', name: 'quantity' },
    { type: 'double', name: 'unit_price' },
    { type: 'double', name: 'amount' },
    { type: 'double', name: 'lat' },
    { type: 'double', name: 'lon' },
  ],
};

/** The most rows one inline task carries; larger batches are split by the caller (simulator/backfill batches are smaller). */
const MAX_ROWS = 50_000;

/** How long a batch task waits for its segments to be loaded for queries before it reports SUCCESS. */
const SEGMENT_AVAILABILITY_MS = 60_000;

/** Task ids allow letters, digits, `_` and `-` here; the key is sanitised and prefixed per table. */
function taskIdFor(table: IngestTable, key: string): string {
  return `pulseboard_${table}_${key.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100)}`;
}

/** One batch as the NDJSON the inline input source carries: ISO `ts`, ids filled, `amount` computed. */
function inlineData(table: IngestTable, rows: Row[], now = Date.now()): string {
  const cols = INGEST_TABLES[table].columns;
  return rows
    .map((r) => {
      const values = rowValues(table, r, now, nextId);
      const obj: Record<string, unknown> = {};
      cols.forEach((c, i) => {
        obj[c] = c === 'ts' ? `${String(values[i]).replace(' ', 'T')}Z` : values[i];
      });
      return JSON.stringify(obj);
    })
    .join('\n');
}

/** The `index_parallel` task spec appending `rows` to the Druid datasource named like the table. */
function batchTaskSpec(table: IngestTable, rows: Row[], id?: string, now = Date.now()): Record<string, unknown> {
  return {
    type: 'index_parallel',
    ...(id ? { id } : {}),
    spec: {
      dataSchema: {
        dataSource: table,
        timestampSpec: { column: 'ts', format: 'iso' },
        dimensionsSpec: { dimensions: DIMENSIONS[table] },
        granularitySpec: { segmentGranularity: 'hour', queryGranularity: 'none', rollup: false },
      },
      ioConfig: {
        type: 'index_parallel',
        inputSource: { type: 'inline', data: inlineData(table, rows, now) },
        inputFormat: { type: 'json' },
        appendToExisting: true,
      },
      // SUCCESS only once the rows are queryable: without it a real Druid ends the task when the segments are
      // published, seconds before a Historical loads them (a new datasource answers "Object 'sales' not found").
      tuningConfig: { type: 'index_parallel', awaitSegmentAvailabilityTimeoutMillis: SEGMENT_AVAILABILITY_MS },
    },
  };
}

interface TaskStatus {
  status?: { status?: string; errorMsg?: string | null };
}

export interface DruidStoreOptions {
  /** How often to poll a running task. */
  pollMs?: number;
  /** Give up waiting for a task after this long (the task may still finish). */
  taskTimeoutMs?: number;
}

async function submit(driver: DruidDriver, spec: Record<string, unknown>): Promise<{ id: string } | { exists: true }> {
  const res = await driver.client.request('/druid/indexer/v1/task', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(spec),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.ok) {
    const id = (JSON.parse(text) as { task?: string }).task;
    if (!id)
      throw new PulseboardError(`${driver.where} accepted the batch task but named no task id`, 502, 'bad_response');
    return { id };
  }
  if (res.status === 400 && spec.id && /already exists/i.test(text)) return { exists: true };
  throw druidHttpError(res.status, text, `${driver.where} (task API)`);
}

async function waitForTask(driver: DruidDriver, id: string, opts: DruidStoreOptions): Promise<void> {
  const deadline = Date.now() + (opts.taskTimeoutMs ?? 120_000);
  for (;;) {
    const res = await driver.client.request(`/druid/indexer/v1/task/${encodeURIComponent(id)}/status`, {
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (!res.ok) throw druidHttpError(res.status, text, `${driver.where} (task API)`);
    const status = (JSON.parse(text) as TaskStatus).status;
    if (status?.status === 'SUCCESS') return;
    if (status?.status === 'FAILED') {
      throw new PulseboardError(
        `${driver.where}: batch task ${id} failed, nothing was written: ${status.errorMsg ?? 'no reason given'}`,
        502,
        'ingest_failed',
      );
    }
    if (Date.now() > deadline) {
      throw new PulseboardError(
        `${driver.where}: batch task ${id} is still ${status?.status ?? 'pending'} after ${opts.taskTimeoutMs ?? 120_000} ms; it may still finish`,
        504,
        'timeout',
      );
    }
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 250));
  }
}

export function druidStore(uid: string, driver: DruidDriver, opts: DruidStoreOptions = {}): DemoStore {
  return {
    uid,
    // Druid creates a datasource with its first segment: nothing to set up.
    ensureSchema: async () => {
      await driver.testConnection();
    },
    newest: async (table) => {
      try {
        return await newestRow(driver, table, '__time');
      } catch (err) {
        if ((err as PulseboardError).status === 400 && /not found/i.test((err as Error).message)) return undefined; // no segment yet
        throw err;
      }
    },
    insert: async (table, rows, key): Promise<IngestResult> => {
      if (rows.length > MAX_ROWS)
        throw new PulseboardError(`Druid batches are one inline task: at most ${MAX_ROWS} rows`, 413, 'too_large');
      const id = key ? taskIdFor(table, key) : undefined;
      const submitted = await submit(driver, batchTaskSpec(table, rows, id));
      // A key seen before: the first task's outcome is this batch's outcome.
      await waitForTask(driver, 'exists' in submitted ? (id as string) : submitted.id, opts);
      return { table, inserted: rows.length, replayed: 'exists' in submitted };
    },
  };
}
