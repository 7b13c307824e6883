/**
 * `npm run druid:supervisors [-- --druid http://host:8888] [--kafka host:port]`: the seeds' pipeline (Kafka topics
 * `sales` and `sensor_data` → Druid datasources) on any Druid, from `provisioning/druid/*-kafka-supervisor.json`.
 * - Druid: `--druid`, else `$DRUID_URL`, else http://127.0.0.1:8888 (a Router, or the Overlord); Basic auth with
 *   `DRUID_USER`/`DRUID_PASSWORD` when set.
 * - Kafka: `--kafka` (else `$KAFKA_BROKERS`) replaces each spec's `bootstrap.servers`; without either the files are
 *   submitted exactly as written (they name `kafka:9092`, as in a compose setup).
 * A supervisor already running what the file says is left alone: a plain POST of even an unchanged spec makes Druid
 * stop its tasks and start new ones. A missing or different one is POSTed with `skipRestartIfUnmodified=true`, so
 * a Druid that finds it unchanged after all (33 and later read that flag) still keeps its tasks. Prints each
 * supervisor's state; exits 1 if any step failed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DruidClient } from '../datasources/druid-client';
import { errorDetail } from '../datasources/druid-errors';

const SUPERVISOR_API = '/druid/indexer/v1/supervisor';
const FILE_SUFFIX = '-kafka-supervisor.json';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface SupervisorStatus {
  /** `RUNNING`, `PENDING`, `SUSPENDED`, `UNHEALTHY_SUPERVISOR`… (`payload.state`). */
  state: string;
  /** The finer state, e.g. `CONNECTING_TO_STREAM`, `LOST_CONTACT_WITH_STREAM` (`payload.detailedState`). */
  detailedState: string;
  /** The newest of `payload.recentErrors`, if any. */
  recentError?: string;
}

export type SupervisorOutcome = { id: string; file: string } & (
  | {
      action: 'submitted' | 'unchanged';
      /** Why: `new`, the fields that differed, or why an unchanged one was not posted again. */
      reason: string;
      status: SupervisorStatus;
    }
  | { action: 'failed'; error: string }
);

export interface EnsureOptions {
  client: DruidClient;
  /** The folder holding `*-kafka-supervisor.json`. */
  dir: string;
  /** Replaces `bootstrap.servers` in every spec (`host:port[,…]`); the files are submitted as written without it. */
  kafka?: string;
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A failed answer as one sentence: the request, the HTTP status, a hint for the usual causes, Druid's message. */
function failure(what: string, status: number, text: string): Error {
  const hint =
    status === 401 || status === 403
      ? ' (check DRUID_USER and DRUID_PASSWORD)'
      : status === 404
        ? ' (no supervisor API at this URL: point --druid at a Druid Router or the Overlord)'
        : '';
  const said = errorDetail(text);
  return new Error(`${what} answered HTTP ${status}${hint}${said ? `: ${said}` : ''}`);
}

/** One request to the supervisor API; the answer's JSON, or undefined for a 404 that `missingOk` accepts. */
async function call(
  client: DruidClient,
  method: 'GET' | 'POST',
  pathname: string,
  opts: { body?: unknown; missingOk?: RegExp } = {},
): Promise<Json | undefined> {
  const res = await client.request(pathname, {
    method,
    headers: opts.body === undefined ? {} : { 'content-type': 'application/json' },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (res.ok) return JSON.parse(text) as Json;
  if (res.status === 404 && opts.missingOk?.test(text)) return undefined;
  throw failure(`${client.where}: ${method} ${pathname}`, res.status, text);
}

/** The supervisor id Druid gives a spec: its `id`, else its datasource. */
function supervisorId(spec: JsonObject): string {
  const schema = (isObject(spec.spec) ? spec.spec.dataSchema : spec.dataSchema) as JsonObject | undefined;
  const id = spec.id ?? schema?.dataSource;
  if (typeof id !== 'string' || !id) throw new Error('names no dataSchema.dataSource');
  return id;
}

/** The spec as we would submit it: the file, with `bootstrap.servers` replaced when `kafka` is given. */
export function specToSubmit(file: JsonObject, kafka?: string): JsonObject {
  if (!kafka) return file;
  const withBroker = (io: JsonObject): JsonObject => ({
    ...io,
    consumerProperties: {
      ...(isObject(io.consumerProperties) ? io.consumerProperties : {}),
      'bootstrap.servers': kafka,
    },
  });
  const out: JsonObject = { ...file };
  if (isObject(file.spec) && isObject(file.spec.ioConfig))
    out.spec = { ...file.spec, ioConfig: withBroker(file.spec.ioConfig) };
  if (isObject(file.ioConfig)) out.ioConfig = withBroker(file.ioConfig);
  return out;
}

/** ISO-8601 durations without years or months (`PT1H`, `PT3600S`, `P1D`) in ms; undefined for anything else. */
function durationMs(s: string): number | undefined {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(s);
  if (!m || s === 'P' || s.endsWith('T')) return undefined;
  const [w, d, h, min, sec] = m.slice(1).map((x) => Number(x ?? 0));
  return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + sec) * 1000;
}

/**
 * Whether a scalar of the file reads as Druid's serialization of it in the running spec: Druid writes `PT1H` as
 * `PT3600S`, a granularity `hour` as `HOUR` and `none` as `{"type":"none"}`, a string dimension `city` as
 * `{"type":"string","name":"city",…}`, and an absent value where the file has null.
 */
function sameScalar(key: string, file: Json, running: Json | undefined): boolean {
  if (file === running || (file === null && running === undefined)) return true;
  if (typeof file !== 'string') return false;
  const granularity = /granularity$/i.test(key);
  if (typeof running === 'string') {
    const ms = durationMs(file);
    return (
      (ms !== undefined && ms === durationMs(running)) || (granularity && file.toLowerCase() === running.toLowerCase())
    );
  }
  if (!isObject(running)) return false;
  if (key === 'dimensions') return running.type === 'string' && running.name === file;
  return (
    granularity && Object.keys(running).join() === 'type' && String(running.type).toLowerCase() === file.toLowerCase()
  );
}

/**
 * Where the running spec differs from what we would submit, as `path: running …, file …` lines. Only what the file
 * says is compared: Druid fills every default in, so keys only the running spec has are its defaults (and a key
 * deleted from a file is not seen as a change: `POST` that spec by hand).
 */
export function specDifferences(file: Json, running: Json | undefined, at = '', key = ''): string[] {
  if (sameScalar(key, file, running)) return [];
  if (isObject(file) && isObject(running))
    return Object.entries(file).flatMap(([k, v]) => specDifferences(v, running[k], at ? `${at}.${k}` : k, k));
  if (Array.isArray(file) && Array.isArray(running) && file.length === running.length)
    return file.flatMap((v, i) => specDifferences(v, running[i], `${at}[${i}]`, key));
  const show = (v: Json | undefined) => {
    const text = v === undefined ? 'absent' : JSON.stringify(v);
    return text.length > 80 ? `${text.slice(0, 77)}…` : text;
  };
  return [`${at}: running ${show(running)}, file ${show(file)}`];
}

async function statusOf(client: DruidClient, id: string): Promise<SupervisorStatus> {
  const body = await call(client, 'GET', `${SUPERVISOR_API}/${encodeURIComponent(id)}/status`);
  const p = isObject(body) && isObject(body.payload) ? body.payload : {};
  const last = (Array.isArray(p.recentErrors) ? p.recentErrors.filter(isObject) : []).at(-1);
  return {
    state: String(p.state ?? 'unknown'),
    detailedState: String(p.detailedState ?? 'unknown'),
    ...(last ? { recentError: String(last.message ?? last.exceptionClass ?? JSON.stringify(last)) } : {}),
  };
}

/** One spec file: submitted when Druid has no such supervisor or runs something else, then its status. */
async function ensureOne(client: DruidClient, file: string, kafka?: string): Promise<SupervisorOutcome> {
  let id = path.basename(file, FILE_SUFFIX);
  try {
    let spec: JsonObject;
    try {
      spec = specToSubmit(JSON.parse(fs.readFileSync(file, 'utf8')) as JsonObject, kafka);
      id = supervisorId(spec);
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
    const running = await call(client, 'GET', `${SUPERVISOR_API}/${encodeURIComponent(id)}`, {
      missingOk: /cannot find any supervisor/i, // Druid's "Cannot find any supervisor with id: [sales]"
    });
    const diffs = running === undefined ? [] : specDifferences(spec, running);
    if (running !== undefined && !diffs.length) {
      const reason = 'unchanged, left running (posting it again would stop its tasks and start new ones)';
      return { id, file, action: 'unchanged', reason, status: await statusOf(client, id) };
    }
    const answer = await call(client, 'POST', `${SUPERVISOR_API}?skipRestartIfUnmodified=true`, { body: spec });
    if (!isObject(answer) || answer.id !== id)
      throw new Error(`POST ${SUPERVISOR_API} answered ${JSON.stringify(answer)}, not {"id":"${id}"}`);
    const reason = running === undefined ? 'submitted: new' : `submitted: ${diffs.join('; ')}`;
    return { id, file, action: 'submitted', reason, status: await statusOf(client, id) };
  } catch (err) {
    return { id, file, action: 'failed', error: (err as Error).message };
  }
}

/**
 * Every `*-kafka-supervisor.json` of `dir` running on Druid: each is submitted only when Druid has no supervisor by
 * its id or runs a spec that differs in what the file says. Failures are per supervisor (`action: 'failed'`).
 */
export async function ensureSupervisors(opts: EnsureOptions): Promise<SupervisorOutcome[]> {
  const files = fs
    .readdirSync(opts.dir)
    .filter((f) => f.endsWith(FILE_SUFFIX))
    .sort();
  if (!files.length) throw new Error(`no *${FILE_SUFFIX} in ${opts.dir}`);
  const out: SupervisorOutcome[] = [];
  for (const f of files) out.push(await ensureOne(opts.client, path.join(opts.dir, f), opts.kafka));
  return out;
}

/** One line per supervisor: what was done and why, then its state. */
export function formatOutcome(o: SupervisorOutcome): string {
  if (o.action === 'failed') return `${o.id}: FAILED: ${o.error}`;
  const { state, detailedState, recentError } = o.status;
  const error = recentError ? `; last error: ${recentError}` : '';
  return `${o.id}: ${o.reason}; state ${state} (${detailedState})${error}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { druid: { type: 'string' }, kafka: { type: 'string' } } });
  const env = process.env;
  const kafka = values.kafka || env.KAFKA_BROKERS || undefined;
  const dir = path.join(env.PULSEBOARD_PROVISIONING_DIR || 'provisioning', 'druid');
  const client = new DruidClient({
    url: values.druid || env.DRUID_URL || 'http://127.0.0.1:8888',
    user: env.DRUID_USER || undefined,
    password: env.DRUID_PASSWORD || undefined,
  });
  const broker = kafka ? `bootstrap.servers set to ${kafka}` : 'bootstrap.servers as written';
  console.log(`[druid:supervisors] ${client.where}: the specs of ${dir}, ${broker}`);
  const outcomes = await ensureSupervisors({ client, dir, kafka });
  for (const o of outcomes)
    (o.action === 'failed' ? console.error : console.log)(`[druid:supervisors] ${formatOutcome(o)}`);
  return outcomes.some((o) => o.action === 'failed') ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`[druid:supervisors] ${err.message}`);
      process.exit(1);
    },
  );
}
