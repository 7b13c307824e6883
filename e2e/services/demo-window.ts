/**
 * One fixed hour of demo rows, the same on every run: the simulator's model driven by a seeded generator, with ids
 * set, so the real Druid and the fixture can be loaded with identical rows and asked the same questions.
 */
import type { SalesRow, SensorRow } from '@/lib/ingest/tables';
import { SensorModel, orderDemand, randomOrder } from '@/lib/simulator/model';

/** A past hour no Kafka test writes into (they write "now"), so reruns on the same cluster find it unchanged. */
export const WINDOW = { from: '2024-03-01T10:00:00.000Z', to: '2024-03-01T11:00:00.000Z' } as const;

/**
 * The Idempotency-Key of the window's batch for `table`: a rerun on the same cluster replays the first task instead
 * of adding the rows again (Druid refuses a second task with the same id).
 */
export const windowKey = (table: string) => `e2e-window-${table}-${WINDOW.from.slice(0, 13)}`;

/** mulberry32: a small seeded generator, enough for demo rows. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Sensor readings every 5 s per sensor and orders on the demand curve, from `WINDOW.from` up to `WINDOW.to`. */
export function windowRows(): { sensor_data: SensorRow[]; sales: SalesRow[] } {
  const from = Date.parse(WINDOW.from);
  const to = Date.parse(WINDOW.to);
  const rand = seeded(20240301);
  const model = new SensorModel(rand);
  const sensors: SensorRow[] = [];
  for (let t = from; t < to; t += 5000) sensors.push(...model.next(t));
  sensors.forEach((r, i) => (r.id = i + 1));
  const sales: SalesRow[] = [];
  for (let t = from; t < to; t += (400 / orderDemand(t)) * (0.5 + rand())) {
    sales.push({ ...randomOrder(Math.round(t), rand), order_id: sales.length + 1 });
  }
  return { sensor_data: sensors, sales: sales.filter((r) => (r.ts as number) < to) };
}
