import path from 'node:path';
import { ENGINES } from '../engines';
import { PulseboardError } from '../errors';
import { defaultLimits, loadEngineConfigs } from './config';
import type { DataSourceConfig, DataSourceDriver } from './types';

export interface DataSourceEntry {
  config: DataSourceConfig;
  driver: DataSourceDriver;
  /** Run `fn` when a concurrency slot is free. */
  limit<T>(fn: () => Promise<T>): Promise<T>;
}

function limiter(max: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** Datasources by uid. v0 provisions the embedded DuckDB as uid `duckdb`; engines add theirs here. */
export class DataSourceRegistry {
  private entries = new Map<string, DataSourceEntry>();

  add(config: DataSourceConfig, driver: DataSourceDriver): void {
    this.entries.set(config.uid, { config, driver, limit: limiter(config.maxConcurrent) });
  }

  get(uid: string): DataSourceEntry {
    const e = this.entries.get(uid);
    if (!e) throw new PulseboardError(`Unknown datasource "${uid}"`, 400, 'unknown_datasource');
    return e;
  }

  list(): DataSourceConfig[] {
    return [...this.entries.values()].map((e) => e.config);
  }

  /** `ok` or the engine's error, per datasource. */
  async health(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    await Promise.all(
      [...this.entries.values()].map(async (e) => {
        try {
          await e.driver.testConnection();
          out[e.config.uid] = 'ok';
        } catch (err) {
          out[e.config.uid] = (err as Error).message;
        }
      }),
    );
    return out;
  }

  async close(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.driver.close()));
    this.entries.clear();
  }
}

/**
 * Registry from the environment: the embedded DuckDB under PULSEBOARD_DATA_DIR (default ./data), plus the engines
 * of `provisioning/datasources.yaml`, `STARROCKS_URL`, `MYSQL_URL` and `DRUID_URL`.
 */
export function createRegistryFromEnv(
  env: Record<string, string | undefined> = process.env,
  provisioningDir = path.join(process.cwd(), 'provisioning'),
  log: (m: string) => void = () => {},
): DataSourceRegistry {
  const reg = new DataSourceRegistry();
  const limits = defaultLimits(env);
  const dataDir = env.PULSEBOARD_DATA_DIR || path.join(process.cwd(), 'data');
  const file = env.PULSEBOARD_DUCKDB_PATH || path.join(dataDir, 'pulseboard.duckdb');
  const duckdb = ENGINES.duckdb;
  const embedded = {
    uid: 'duckdb',
    name: duckdb.label,
    type: 'duckdb' as const,
    ...limits,
    timeColumn: duckdb.defaultTimeColumn,
  };
  reg.add(embedded, duckdb.createDriver({ ...embedded, url: file }));
  for (const c of loadEngineConfigs(env, provisioningDir, log)) {
    const { url, poolSize, user, password, ...config } = c; // secrets stay in the driver
    reg.add(config, ENGINES[c.type].createDriver(c));
  }
  return reg;
}
