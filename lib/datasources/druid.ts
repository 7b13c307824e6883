import { PulseboardError } from '../errors';
import { toDataFrame } from '../frames/data-frame';
import type { DataFrame } from '../frames/types';
import { dialects } from '../sql/dialects';
import { DruidClient, type DruidClientOptions } from './druid-client';
import { readArrayLines, typedParameter } from './druid-values';
import { SCHEMA_MAX_CATALOG_COLUMNS, toSchema } from './schema';
import type { DataSourceDriver, QueryOptions, SchemaSnapshot } from './types';

/**
 * Apache Druid over its SQL HTTP API (https://druid.apache.org/docs/latest/api-reference/sql-api).
 * Results stream as `arrayLines` with the three header rows (names, native types, SQL types), so columns are typed
 * by Druid's SQL type, duplicate aliases survive and a body cut mid-stream is detected by its missing blank trailer
 * line. Each query carries a client-generated `sqlQueryId`, so an abort can `DELETE` it before any byte arrives.
 */

export interface DruidOptions extends DruidClientOptions {
  /** Sent as `context.timeout`: Druid stops the query itself after this. */
  queryTimeoutMs: number;
}

export class DruidDriver implements DataSourceDriver {
  readonly type = 'druid' as const;
  readonly dialect = dialects.druid;
  /** HTTP to the Router or Broker (also the task API, for ingestion). */
  readonly client: DruidClient;

  constructor(private readonly opts: DruidOptions) {
    this.client = new DruidClient(opts);
  }

  /** `Druid at host:port`, for messages. */
  get where(): string {
    return this.client.where;
  }

  async query(sql: string, params: unknown[] = [], opts: QueryOptions = {}): Promise<DataFrame> {
    return this.client.sql(
      (sqlQueryId) => ({
        query: sql,
        resultFormat: 'arrayLines',
        header: true,
        typesHeader: true,
        sqlTypesHeader: true,
        context: { sqlQueryId, timeout: this.opts.queryTimeoutMs, sqlTimeZone: 'UTC' },
        parameters: params.map(typedParameter),
      }),
      async (body, stop) => {
        const out = await readArrayLines(body, opts.maxRows ?? Number.POSITIVE_INFINITY, this.where);
        if (out.rowCapHit) stop(); // stop Druid producing rows nobody reads
        return toDataFrame('', out.columns, out.values, out.rowCapHit);
      },
      opts.signal,
    );
  }

  /** Datasources (schema `druid`) and their columns, from Druid's `INFORMATION_SCHEMA.COLUMNS`. */
  async fetchSchema(opts: QueryOptions = {}): Promise<SchemaSnapshot> {
    const frame = await this.query(
      `SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, ORDINAL_POSITION FROM INFORMATION_SCHEMA.COLUMNS
       WHERE TABLE_SCHEMA = 'druid'`,
      [],
      { ...opts, maxRows: SCHEMA_MAX_CATALOG_COLUMNS },
    );
    return toSchema(frame, 'druid');
  }

  /** `/status/health` proves the host answers (it needs no credentials); `SELECT 1` proves credentials and SQL. */
  async testConnection(): Promise<void> {
    const health = await this.client.request('/status/health', { signal: AbortSignal.timeout(5000) });
    const text = (await health.text()).trim();
    if (!health.ok || text !== 'true') {
      throw new PulseboardError(
        `${this.where} is not healthy: /status/health answered HTTP ${health.status} ${text.slice(0, 80)}`,
        502,
        'datasource_unreachable',
      );
    }
    await this.query('SELECT 1', [], {
      maxRows: 1,
      signal: AbortSignal.timeout(Math.min(this.opts.queryTimeoutMs, 10_000)),
    });
  }

  async close(): Promise<void> {
    // fetch keeps no per-driver connections to release
  }
}
