import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { DataSourceConfig } from './registry';

type Env = Record<string, string | undefined>;

/** One datasource as written in `provisioning/datasources.yaml` (Grafana-like). */
const YamlDataSourceSchema = z.object({
  name: z.string().optional(),
  uid: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'uid is 1-40 letters, digits, _ or -'),
  type: z.enum(['duckdb', 'mysql', 'starrocks', 'druid']),
  /** `host:port`, or a full `mysql://…` / `http://…` URL. */
  // An empty `${VAR}` leaves the YAML value null.
  url: z.string().nullish().transform((v) => v ?? ''),
  database: z.string().nullish().transform((v) => v ?? undefined),
  user: z.string().nullish().transform((v) => v ?? undefined),
  password: z.union([z.string(), z.number()]).nullish().transform((v) => (v == null ? undefined : String(v))),
  jsonData: z.object({
    queryTimeoutMs: z.coerce.number().int().positive().optional(),
    maxRows: z.coerce.number().int().positive().optional(),
    maxConcurrent: z.coerce.number().int().positive().optional(),
    poolSize: z.coerce.number().int().positive().optional(),
  }).default({}),
});

const YamlFileSchema = z.object({ apiVersion: z.number().optional(), datasources: z.array(YamlDataSourceSchema).default([]) });

/** Connection settings of an external engine, secrets included: server side only. */
export interface EngineConfig extends DataSourceConfig {
  url: string;
  poolSize: number;
}

/** `${VAR}` and `${VAR:-default}` from the environment, as Grafana provisioning does. */
export function substituteEnv(text: string, env: Env): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, def?: string) => env[name] || def || '');
}

function intEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

/** Limits every datasource starts from; a datasource's own `jsonData` overrides them. */
export function defaultLimits(env: Env) {
  return {
    queryTimeoutMs: intEnv(env, 'PULSEBOARD_QUERY_TIMEOUT_MS', 30_000),
    maxRows: intEnv(env, 'PULSEBOARD_MAX_ROWS', 100_000),
    maxConcurrent: intEnv(env, 'PULSEBOARD_MAX_CONCURRENT_QUERIES', 8),
    poolSize: intEnv(env, 'PULSEBOARD_POOL_SIZE', 8),
  };
}

function mysqlUrl(ds: z.infer<typeof YamlDataSourceSchema>): string {
  if (/^mysql:\/\//.test(ds.url)) return ds.url;
  const u = new URL(`mysql://${ds.url || '127.0.0.1:9030'}`);
  if (ds.user) u.username = encodeURIComponent(ds.user);
  if (ds.password) u.password = encodeURIComponent(ds.password);
  if (ds.database) u.pathname = `/${encodeURIComponent(ds.database)}`;
  return u.toString();
}

/**
 * External datasources: `provisioning/datasources.yaml` (entries whose url is empty after substitution are
 * skipped, so one file serves machines with and without the engine), then the short env forms
 * `STARROCKS_URL` (uid `starrocks`) and `MYSQL_URL` (uid `mysql`), which win over a yaml entry of the same uid.
 */
export function loadEngineConfigs(env: Env, provisioningDir: string, log: (m: string) => void = () => {}): EngineConfig[] {
  const limits = defaultLimits(env);
  const out = new Map<string, EngineConfig>();
  const file = path.join(provisioningDir, 'datasources.yaml');
  if (fs.existsSync(file)) {
    const parsed = YamlFileSchema.safeParse(parseYaml(substituteEnv(fs.readFileSync(file, 'utf8'), env)) ?? {});
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      throw new Error(`${file}: ${i.path.join('.')}: ${i.message}`);
    }
    for (const ds of parsed.data.datasources) {
      if (ds.type === 'duckdb') continue; // the embedded engine is always there
      if (!ds.url) {
        log(`datasource "${ds.uid}" skipped: no url after substituting the environment`);
        continue;
      }
      if (ds.type === 'druid') {
        log(`datasource "${ds.uid}" skipped: the druid type is not available yet`);
        continue;
      }
      out.set(ds.uid, { uid: ds.uid, name: ds.name ?? ds.uid, type: ds.type, url: mysqlUrl(ds), ...limits, ...ds.jsonData });
    }
  }
  for (const [uid, type, key] of [['starrocks', 'starrocks', 'STARROCKS_URL'], ['mysql', 'mysql', 'MYSQL_URL']] as const) {
    const url = env[key];
    if (!url) continue;
    if (!/^mysql:\/\//.test(url)) throw new Error(`${key} must look like mysql://user:pass@host:port/database, got "${url.replace(/:[^:@/]*@/, ':***@')}"`);
    out.set(uid, { uid, name: type === 'starrocks' ? 'StarRocks' : 'MySQL', type, url, ...limits });
  }
  return [...out.values()];
}
