/**
 * `npm run simulate`: the demo writer as a separate process, posting batches to a running Pulseboard through
 * `POST /api/ingest/<table>` with an Idempotency-Key, retrying a failed batch with the same key.
 *   PULSEBOARD_URL=http://localhost:3000 npm run simulate -- [--url URL] [--duration 60s]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Simulator } from '../simulator/simulator';
import { parseDuration } from '../sql/time-grains';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.PULSEBOARD_URL ?? 'http://localhost:3000' },
    duration: { type: 'string' },
  },
});
const base = values.url!.replace(/\/$/, '');
let sent = 0;

async function post(table: string, rows: unknown[]): Promise<void> {
  const key = randomUUID();
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(`${base}/api/ingest/${table}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: JSON.stringify(rows),
        signal: AbortSignal.timeout(10_000),
      });
      if (res.status < 500) {
        if (!res.ok) console.error(`[simulate] ${table}: HTTP ${res.status} ${await res.text()}`);
        else sent += rows.length;
        return;
      }
      throw new Error(`HTTP ${res.status}`);
    } catch (err) {
      if (attempt >= 4) throw err;
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
}

const sim = new Simulator((table, rows) => post(table, rows), {
  onError: (err) => console.error(`[simulate] write failed: ${err.message}`),
});
sim.start();
console.log(`[simulate] writing sensor readings and orders to ${base} (Ctrl-C to stop)`);
const report = setInterval(() => console.log(`[simulate] ${sent} rows written`), 10_000);
const stop = () => {
  sim.stop();
  clearInterval(report);
  console.log(`[simulate] stopped after ${sent} rows`);
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
if (values.duration) setTimeout(stop, parseDuration(values.duration) * 1000);
