import path from 'node:path';
import { createRegistryFromEnv, type DataSourceRegistry } from '../datasources/registry';
import type { DataSourceDriver } from '../datasources/types';
import { demoStoreOf, engineOf, type Engine } from '../engines';
import type { DemoStore } from '../ingest/store';

/** The datasource a CLI command names, its engine's entry, and the store that writes demo rows into it. */
export function openDemoStore(uid: string): {
  registry: DataSourceRegistry;
  store: DemoStore;
  driver: DataSourceDriver;
  engine: Engine;
} {
  const registry = createRegistryFromEnv(
    process.env,
    process.env.PULSEBOARD_PROVISIONING_DIR || path.join(process.cwd(), 'provisioning'),
  );
  const known = registry.list().map((d) => d.uid);
  if (!known.includes(uid)) {
    throw new Error(
      `Unknown datasource "${uid}". Known: ${known.join(', ')}. Add one with STARROCKS_URL, MYSQL_URL, DRUID_URL or provisioning/datasources.yaml.`,
    );
  }
  const { driver } = registry.get(uid);
  return { registry, store: demoStoreOf(uid, driver), driver, engine: engineOf(driver) };
}
