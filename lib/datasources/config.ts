import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ENGINES } from '../engines';
import type { EngineType } from '../engine-type';
import type { EngineConfig } from './types';
import { parseDuration } from '../sql/time-grains';

type Env = Record<string, string | undefined>;

/** One datasource as written in `provisioning/datasources.yaml` (Grafana-like). */
const YamlDataSourceSchema = z.object({
  name: z.string().optional(),
  uid: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'uid is 1-40 letters, digits, _ or -'),
  type: z.enum(Object.keys(ENGINES) as [EngineType, ...EngineType[]]),
  /** `host:port`, or a full `mysql://…` / `http://…` URL. */
  // An empty `${VAR}` leaves the YAML value null.
  url: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  database: z
    .string()
    .nullish()
    .transform((v) => v ?? undefined),
  user: z
    .string()
    .nullish()
    .transform((v) => v ?? undefined),
  password: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((v) => (v == null ? undefined : String(v))),
  jsonData: z
    .object({
      queryTimeoutMs: z.coerce.number().int().positive().optional(),
      maxRows: z.coerce.number().int().positive().optional(),
      maxConcurrent: z.coerce.number().int().positive().optional(),
      poolSize: z.coerce.number().int().positive().optional(),
      /** What `$__timeColumn` expands to; `__time` on Druid, `ts` elsewhere. */
      timeColumn: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'timeColumn is a plain column name')
        .optional(),
      /** How late rows may arrive and still show within a live tick (`5m`); a slow pipeline sets more. */
      liveLateness: z.union([z.string(), z.number()]).optional(),
      /** How often live panels re-read their whole range (`60s`). */
      liveReconcile: z.union([z.string(), z.number()]).optional(),
    })
    .default({}),
});

const YamlFileSchema = z.object({
  apiVersion: z.number().optional(),
  datasources: z.array(YamlDataSourceSchema).default([]),
});

/** `${VAR}` and `${VAR:-default}` from the environment, as Grafana provisioning does. */
export function substituteEnv(text: string, env: Env): string {
  return text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
    (_, name: string, def?: string) => env[name] || def || '',
  );
}

function intEnv(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

/**
 * A duration setting in ms: Grafana interval text (`90s`, `2m`, `1h`), ISO-8601 (`PT2M`) or a number of seconds;
 * `0` is allowed when `zero` is.
 */
export function durationSetting(value: string | number, name: string, zero: boolean): number {
  const text = String(value).trim();
  if (zero && /^0+(\.0*)?(ms|s|m|h)?$/.test(text)) return 0;
  try {
    return Math.round(parseDuration(text) * 1000);
  } catch {
    throw new Error(
      `${name} must be a duration such as 90s, 2m or 1h${zero ? ' (or 0)' : ''}, got "${text.slice(0, 40)}"`,
    );
  }
}

function durationEnv(env: Env, name: string, fallback: string, zero: boolean): number {
  return durationSetting(env[name] || fallback, name, zero);
}

/** Limits every datasource starts from; a datasource's own `jsonData` overrides them. */
export function defaultLimits(env: Env) {
  return {
    queryTimeoutMs: intEnv(env, 'PULSEBOARD_QUERY_TIMEOUT_MS', 30_000),
    maxRows: intEnv(env, 'PULSEBOARD_MAX_ROWS', 100_000),
    maxConcurrent: intEnv(env, 'PULSEBOARD_MAX_CONCURRENT_QUERIES', 8),
    poolSize: intEnv(env, 'PULSEBOARD_POOL_SIZE', 8),
    liveLatenessMs: durationEnv(env, 'PULSEBOARD_LIVE_LATENESS', '2m', true),
    liveReconcileMs: durationEnv(env, 'PULSEBOARD_LIVE_RECONCILE', '60s', false),
  };
}

/** `jsonData` as datasource settings: durations in ms. */
function jsonDataSettings(uid: string, j: z.infer<typeof YamlDataSourceSchema>['jsonData']) {
  const { liveLateness, liveReconcile, ...rest } = j;
  return {
    ...rest,
    ...(liveLateness === undefined
      ? {}
      : { liveLatenessMs: durationSetting(liveLateness, `datasource "${uid}" jsonData.liveLateness`, true) }),
    ...(liveReconcile === undefined
      ? {}
      : { liveReconcileMs: durationSetting(liveReconcile, `datasource "${uid}" jsonData.liveReconcile`, false) }),
  };
}

/**
 * External datasources: `provisioning/datasources.yaml` (entries whose url is empty after substitution are
 * skipped, so one file serves machines with and without the engine), then the short env forms
 * `STARROCKS_URL` (uid `starrocks`), `MYSQL_URL` (uid `mysql`) and `DRUID_URL` (uid `druid`, with `DRUID_USER` and
 * `DRUID_PASSWORD`), which win over a yaml entry of the same uid.
 */
export function loadEngineConfigs(
  env: Env,
  provisioningDir: string,
  log: (m: string) => void = () => {},
): EngineConfig[] {
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
      const engine = ENGINES[ds.type];
      if (!engine.provisioned) continue; // the embedded engine is always there
      if (!ds.url) {
        log(`datasource "${ds.uid}" skipped: no url after substituting the environment`);
        continue;
      }
      out.set(ds.uid, {
        uid: ds.uid,
        name: ds.name ?? ds.uid,
        type: ds.type,
        ...limits,
        timeColumn: engine.defaultTimeColumn,
        ...jsonDataSettings(ds.uid, ds.jsonData),
        ...engine.provisioned(ds),
      });
    }
  }
  for (const [type, engine] of Object.entries(ENGINES) as [EngineType, (typeof ENGINES)[EngineType]][]) {
    const connection = engine.fromEnv?.(env);
    if (connection)
      out.set(type, {
        uid: type,
        name: engine.label,
        type,
        ...connection,
        ...limits,
        timeColumn: engine.defaultTimeColumn,
      });
  }
  return [...out.values()];
}
