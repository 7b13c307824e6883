import type { DemoStore, Row } from '../ingest/store';
import type { IngestTable } from '../ingest/tables';
import { SensorModel, orderDemand, randomOrder } from './model';

const BATCH = 5000;

/**
 * History for engines written in batches (MySQL and StarRocks INSERTs, Druid batch tasks): the same model as the live simulator,
 * from the newest stored row (at most `hours` back) to now, in batches of a few thousand rows.
 */
export async function backfillThroughStore(
  store: DemoStore,
  hours: number,
  now = Date.now(),
): Promise<{ sensors: number; orders: number }> {
  const earliest = Math.floor(now / 1000) * 1000 - hours * 3_600_000;
  const counts = { sensors: 0, orders: 0 };
  const flush = async (table: IngestTable, rows: Row[]) => {
    if (!rows.length) return;
    await store.insert(table, rows.splice(0));
  };
  const sFrom = Math.max(earliest, ((await store.newest('sensor_data')) ?? 0) + 1000);
  const model = new SensorModel();
  const sensors: Row[] = [];
  for (let t = Math.ceil(sFrom / 1000) * 1000; t <= now; t += 1000) {
    sensors.push(...model.next(t));
    counts.sensors += 5;
    if (sensors.length >= BATCH) await flush('sensor_data', sensors);
  }
  await flush('sensor_data', sensors);
  const orders: Row[] = [];
  for (
    let t = Math.max(earliest, ((await store.newest('sales')) ?? 0) + 1);
    t <= now;
    t += (400 / orderDemand(t)) * (0.5 + Math.random())
  ) {
    orders.push(randomOrder(Math.round(t)));
    counts.orders++;
    if (orders.length >= BATCH) await flush('sales', orders);
  }
  await flush('sales', orders);
  return counts;
}
