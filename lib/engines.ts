/**
 * One entry per engine type: everything the server decides by engine (driver, demo store and tables, default
 * time column, how to read its settings) is read from here, never from `instanceof` or `type ===` branches.
 * Adding an engine is a name in `engine-type.ts`, an entry here, its driver in `datasources/` and its dialect and
 * lexer profile in `sql/`. Server side only: the entries construct drivers.
 */
import { DruidDriver } from './datasources/druid';
import { DuckDbDriver } from './datasources/duckdb';
import { MySqlDriver } from './datasources/mysql';
import type { DataSourceDriver, EngineConfig } from './datasources/types';
import type { EngineType } from './engine-type';
import { druidStore } from './ingest/druid-store';
import { MYSQL_DDL, STARROCKS_DDL } from './ingest/sql-ddl';
import {
  duckDbStore,
  insertMySql,
  insertStarRocks,
  sqlStore,
  type DemoStore,
  type SqlBatchInsert,
} from './ingest/store';
import { DUCKDB_DDL } from './ingest/tables';
import { backfillDuckDb } from './simulator/backfill-duckdb';
import { dialects } from './sql/dialects';
import { LEX_PROFILES, type LexProfile } from './sql/sql-lexer';
import type { SqlDialect } from './sql/types';

type Env = Record<string, string | undefined>;

/** The connection fields of a `provisioning/datasources.yaml` entry, after `${VAR}` substitution. */
interface ProvisionedConnection {
  url: string;
  database?: string;
  user?: string;
  password?: string;
}

/** Where a driver connects, secrets included. */
type Connection = Pick<EngineConfig, 'url' | 'user' | 'password'>;

export interface Engine<D extends DataSourceDriver = DataSourceDriver> {
  /** Name of the datasource this engine's environment variable adds (`STARROCKS_URL` → `StarRocks`). */
  label: string;
  /** How SQL is rendered for it (`lib/sql/dialects.ts`); its driver carries the same table. */
  dialect: SqlDialect;
  /** Where its strings, identifiers and comments start and end (`lib/sql/sql-lexer.ts`). */
  lexProfile: LexProfile;
  /** What `$__timeColumn` expands to unless the datasource sets `jsonData.timeColumn`. */
  defaultTimeColumn: string;
  /** How long the demo writer gathers rows per write (0: write each at once). */
  demoFlushMs: number;
  /** Hours of demo history written at start unless `PULSEBOARD_BACKFILL_HOURS` says otherwise. */
  demoBackfillHours: number;
  /** The demo tables, idempotent (`IF NOT EXISTS`); empty where the engine makes a table on its first write. */
  ddl: readonly string[];
  /**
   * The connection a provisioning entry names (`host:port` completed to a URL); undefined for an engine that is
   * always there and cannot be provisioned (the embedded DuckDB).
   */
  provisioned?(ds: ProvisionedConnection): Connection;
  /** The connection its environment variable names (`STARROCKS_URL`…), added as the uid equal to the type; undefined when unset. */
  fromEnv?(env: Env): Connection | undefined;
  /** A driver for a datasource of this engine (DuckDB: `url` is the database file). */
  createDriver(config: EngineConfig): D;
  /** Where demo rows and `/api/ingest` batches go on this engine, with `ddl` as its tables. */
  demoStore(uid: string, driver: D, ddl: readonly string[]): DemoStore;
  /** Create the database the demo tables live in, before `ensureSchema`. */
  ensureDatabase?(driver: D): Promise<{ database: string; where: string }>;
  /** Write demo history faster than through the store (DuckDB, in SQL). */
  backfill?(driver: D, hours: number): Promise<{ sensors: number; orders: number }>;
}

function engine<D extends DataSourceDriver>(e: Engine<D>): Engine<D> {
  return e;
}

function masked(url: string): string {
  return url.replace(/:[^:@/]*@/, ':***@');
}

/** A MySQL-protocol URL from `host:port` plus the entry's user, password and database. */
function mysqlUrl(ds: ProvisionedConnection): string {
  if (/^mysql:\/\//.test(ds.url)) return ds.url;
  const u = new URL(`mysql://${ds.url || '127.0.0.1:9030'}`);
  if (ds.user) u.username = encodeURIComponent(ds.user);
  if (ds.password) u.password = encodeURIComponent(ds.password);
  if (ds.database) u.pathname = `/${encodeURIComponent(ds.database)}`;
  return u.toString();
}

function mysqlEnvUrl(env: Env, key: string): Connection | undefined {
  const url = env[key];
  if (!url) return undefined;
  if (!/^mysql:\/\//.test(url))
    throw new Error(`${key} must look like mysql://user:pass@host:port/database, got "${masked(url)}"`);
  return { url };
}

/** `host:port` or `http(s)://…` for a Druid Router or Broker. */
function druidUrl(url: string, key = 'url'): string {
  const full = /^[a-z]+:\/\//i.test(url) ? url : `http://${url}`;
  if (!/^https?:\/\/[^/]+/i.test(full))
    throw new Error(`${key} must look like http://host:8888 (a Druid Router or Broker), got "${masked(url)}"`);
  return full;
}

/** MySQL/MariaDB and StarRocks: one protocol and driver, the demo time column `ts`, CREATE DATABASE before the tables. */
function mysqlProtocol(
  type: 'mysql' | 'starrocks',
  own: Pick<Engine, 'label' | 'demoFlushMs' | 'ddl'> & { envUrl: string; insert: SqlBatchInsert },
): Engine<MySqlDriver> {
  return {
    label: own.label,
    dialect: dialects[type],
    lexProfile: LEX_PROFILES[type],
    defaultTimeColumn: 'ts',
    demoFlushMs: own.demoFlushMs,
    demoBackfillHours: 1,
    ddl: own.ddl,
    provisioned: (ds) => ({ url: mysqlUrl(ds) }),
    fromEnv: (env) => mysqlEnvUrl(env, own.envUrl),
    createDriver: (c) => new MySqlDriver({ type, url: c.url, poolSize: c.poolSize, queryTimeoutMs: c.queryTimeoutMs }),
    demoStore: (uid, d, ddl) => sqlStore(uid, d, ddl, own.insert),
    ensureDatabase: async (d) => ({ database: await d.ensureDatabase(), where: d.where }),
  };
}

/** The engine table, in the order the README lists engines (the order of their environment variables too). */
export const ENGINES: Readonly<Record<EngineType, Engine>> = {
  duckdb: engine<DuckDbDriver>({
    label: 'Embedded DuckDB',
    dialect: dialects.duckdb,
    lexProfile: LEX_PROFILES.duckdb,
    defaultTimeColumn: 'ts',
    demoFlushMs: 0,
    demoBackfillHours: 24,
    ddl: DUCKDB_DDL,
    createDriver: (c) => new DuckDbDriver({ path: c.url }),
    demoStore: duckDbStore,
    backfill: backfillDuckDb,
  }),
  starrocks: mysqlProtocol('starrocks', {
    label: 'StarRocks',
    // Every INSERT makes a new data version per tablet, and too many fail loads until compaction catches up.
    demoFlushMs: 2000,
    ddl: STARROCKS_DDL,
    envUrl: 'STARROCKS_URL',
    insert: insertStarRocks,
  }),
  mysql: mysqlProtocol('mysql', {
    label: 'MySQL',
    demoFlushMs: 0,
    ddl: MYSQL_DDL,
    envUrl: 'MYSQL_URL',
    insert: insertMySql,
  }),
  druid: engine<DruidDriver>({
    label: 'Apache Druid',
    dialect: dialects.druid,
    lexProfile: LEX_PROFILES.druid,
    // Druid's primary time column.
    defaultTimeColumn: '__time',
    // Each write is a batch task that takes seconds.
    demoFlushMs: 5000,
    demoBackfillHours: 1,
    // A Druid datasource comes into being with its first segment.
    ddl: [],
    provisioned: (ds) => ({ url: druidUrl(ds.url), user: ds.user, password: ds.password }),
    fromEnv: (env) =>
      env.DRUID_URL
        ? {
            url: druidUrl(env.DRUID_URL, 'DRUID_URL'),
            user: env.DRUID_USER || undefined,
            password: env.DRUID_PASSWORD || undefined,
          }
        : undefined,
    createDriver: (c) =>
      new DruidDriver({ url: c.url, user: c.user, password: c.password, queryTimeoutMs: c.queryTimeoutMs }),
    demoStore: (uid, d) => druidStore(uid, d),
  }),
};

/** The entry of a driver's engine. */
export function engineOf(driver: DataSourceDriver): Engine {
  return ENGINES[driver.type];
}

/** The store that writes demo rows into datasource `uid`, on its engine's tables. */
export function demoStoreOf(uid: string, driver: DataSourceDriver): DemoStore {
  const e = engineOf(driver);
  return e.demoStore(uid, driver, e.ddl);
}
