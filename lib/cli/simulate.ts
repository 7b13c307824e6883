/**
 * `npm run simulate`: the demo writer as a separate process.
 * - Default: posts batches to a running Pulseboard through `POST /api/ingest/<table>` with an Idempotency-Key,
 *   retrying a failed batch with the same key.   npm run simulate -- [--url URL] [--duration 60s]
 *   Writing needs the editor role: `PULSEBOARD_TOKEN` holds an editor API token (or the bootstrap admin token).
 * - `--datasource <uid>`: writes batches straight into that engine (the seed's push_data.py), optionally
 *   after `--backfill 1h` of history: INSERTs on MySQL/StarRocks, native batch tasks through Druid's task API.           npm run simulate -- --datasource mysql --backfill 1h
 * - `--via kafka`: publishes the rows to Kafka topics `sales` and `sensor_data` instead (`--kafka host:port[,…]`,
 *   default `$KAFKA_BROKERS` or `127.0.0.1:9092`), for Druid's Kafka supervisors to ingest (the seeds' pipeline).   npm run simulate -- --datasource druid --via kafka
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Simulator, type RowWriter } from '../simulator/simulator';
import { backfillThroughStore } from '../simulator/backfill';
import { openDemoStore } from './engine';
import { kafkaWriter } from '../simulator/kafka';
import { parseDuration } from '../sql/time-grains';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.PULSEBOARD_URL ?? 'http://localhost:3000' },
    duration: { type: 'string' },
    datasource: { type: 'string' },
    backfill: { type: 'string' },
    'flush-ms': { type: 'string' },
    via: { type: 'string' },
    kafka: { type: 'string', default: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092' },
  },
});
if (values.via !== undefined && values.via !== 'kafka') {
  console.error(`[simulate] --via takes "kafka" (got "${values.via}")`);
  process.exit(2);
}
if (values.via && values.backfill) {
  console.error('[simulate] --backfill writes straight into the engine; it does not go with --via kafka');
  process.exit(2);
}
const base = values.url!.replace(/\/$/, '');
/** An editor API token (or the bootstrap `PULSEBOARD_ADMIN_TOKEN`): `/api/ingest` needs the editor role. */
const token = process.env.PULSEBOARD_TOKEN || undefined;

/** A refusal no retry will change. */
class Fatal extends Error {}
let sent = 0;

async function post(table: string, rows: unknown[]): Promise<void> {
  const key = randomUUID();
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${base}/api/ingest/${table}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': key,
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(rows),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status === 401 || res.status === 403) {
        throw new Fatal(
          `${table}: HTTP ${res.status} ${await res.text()}\n[simulate] Writing needs the editor role: set PULSEBOARD_TOKEN to an editor API token ` +
            '(Admin → API tokens), or to the value of PULSEBOARD_ADMIN_TOKEN.',
        );
      }
      if (res.status < 500) {
        if (!res.ok) console.error(`[simulate] ${table}: HTTP ${res.status} ${await res.text()}`);
        else sent += rows.length;
        return;
      }
      throw new Error(`HTTP ${res.status}`);
    } catch (err) {
      if (err instanceof Fatal || attempt >= 4) throw err;
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
}

let write: RowWriter = post;
let target = base;
let flushMs = 0;
let close = async () => {};
if (values.via === 'kafka') {
  const brokers = values
    .kafka!.split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  const kafka = kafkaWriter(brokers);
  write = async (table, rows) => {
    await kafka.write(table, rows);
    sent += rows.length;
  };
  target = `Kafka ${brokers.join(',')} (topics sales, sensor_data${values.datasource ? `, read by datasource "${values.datasource}"` : ''})`;
  flushMs = Number(values['flush-ms'] ?? 250);
  close = kafka.close;
} else if (values.datasource) {
  const { registry, store, driver, engine } = openDemoStore(values.datasource);
  await store.ensureSchema();
  if (values.backfill) {
    const t0 = Date.now();
    const n = await backfillThroughStore(store, parseDuration(values.backfill) / 3600);
    console.log(`[simulate] backfilled ${n.sensors} readings and ${n.orders} orders in ${Date.now() - t0} ms`);
  }
  write = async (table, rows) => {
    await store.insert(table, rows);
    sent += rows.length;
  };
  target = `datasource "${store.uid}" (${driver.type})`;
  // Batched writes, at least every second: each INSERT or batch task costs the engine more than its rows.
  flushMs = Number(values['flush-ms'] ?? Math.max(1000, engine.demoFlushMs));
  close = () => registry.close();
}

const sim = new Simulator(write, {
  flushMs,
  onError: (err) => {
    console.error(`[simulate] write failed: ${err.message}`);
    if (err instanceof Fatal) process.exit(1);
  },
});
sim.start();
console.log(`[simulate] writing sensor readings and orders to ${target} (Ctrl-C to stop)`);
const report = setInterval(() => console.log(`[simulate] ${sent} rows written`), 10_000);
const stop = async () => {
  await sim.stop();
  clearInterval(report);
  await close();
  console.log(`[simulate] stopped after ${sent} rows`);
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
if (values.duration) setTimeout(stop, parseDuration(values.duration) * 1000);
