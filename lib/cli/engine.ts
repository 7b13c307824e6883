import path from 'node:path';
import { createRegistryFromEnv, type DataSourceRegistry } from '../datasources/registry';
import { MySqlDriver } from '../datasources/mysql';
import { DuckDbDriver } from '../datasources/duckdb';
import { DruidDriver } from '../datasources/druid';
import { druidStore } from '../ingest/druid-store';
import { duckDbStore, sqlStore, type DemoStore } from '../ingest/store';

/** The datasource a CLI command names, with the store that writes demo rows into it. */
export function openDemoStore(uid: string): { registry: DataSourceRegistry; store: DemoStore; driver: MySqlDriver | DuckDbDriver | DruidDriver } {
  const registry = createRegistryFromEnv(process.env, process.env.PULSEBOARD_PROVISIONING_DIR || path.join(process.cwd(), 'provisioning'));
  const known = registry.list().map((d) => d.uid);
  if (!known.includes(uid)) {
    throw new Error(`Unknown datasource "${uid}". Known: ${known.join(', ')}. Add one with STARROCKS_URL, MYSQL_URL, DRUID_URL or provisioning/datasources.yaml.`);
  }
  const { driver } = registry.get(uid);
  if (driver instanceof MySqlDriver) return { registry, store: sqlStore(uid, driver), driver };
  if (driver instanceof DuckDbDriver) return { registry, store: duckDbStore(uid, driver), driver };
  if (driver instanceof DruidDriver) return { registry, store: druidStore(uid, driver), driver };
  throw new Error(`Datasource "${uid}" (${driver.type}) does not take demo writes`);
}
