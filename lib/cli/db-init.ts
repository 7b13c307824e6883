/**
 * `npm run db:init -- --datasource <uid>`: create the database and the demo tables (idempotent).
 * StarRocks gets DUPLICATE KEY / DISTRIBUTED BY HASH / replication_num=1 tables, MySQL/MariaDB plain InnoDB ones.
 */
import { parseArgs } from 'node:util';
import { openDemoStore } from './engine';

const { values } = parseArgs({
  options: { datasource: { type: 'string', default: process.env.PULSEBOARD_DEMO_DATASOURCE || 'duckdb' } },
});

try {
  const { registry, store, driver, engine } = openDemoStore(values.datasource!);
  const db = await engine.ensureDatabase?.(driver);
  if (db) console.log(`[db:init] database ${db.database} ready on ${db.where}`);
  await store.ensureSchema();
  console.log(`[db:init] tables sensor_data and sales ready on datasource "${store.uid}"`);
  await registry.close();
} catch (err) {
  console.error(`[db:init] ${(err as Error).message}`);
  process.exit(1);
}
