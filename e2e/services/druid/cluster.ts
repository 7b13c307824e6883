/**
 * A single-machine Apache Druid from Maven Central: ZooKeeper, a coordinator that is also the overlord, a broker, a
 * historical, an indexer (tasks run in its JVM) and a router, each a JVM started from `lib/` (pom.xml) with
 * `conf/_common` + `conf/<role>` first on the classpath. State and logs under `var/` (gitignored).
 */
import { createConnection } from 'node:net';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  JDK17_MODULE_FLAGS,
  assertPortsFree,
  httpOk,
  rssMiB,
  prepareService,
  runningPid,
  startJvm,
  stopJvm,
  waitReady,
  type JvmProcess,
} from '../jvm';

const DIR = import.meta.dirname;
const LOG_DIR = path.join(DIR, 'var', 'log');
/** The router: SQL, tasks and supervisors behind one address, as `DRUID_URL` in the README. */
export const DRUID_URL = 'http://127.0.0.1:8888';
const COORDINATOR_URL = 'http://127.0.0.1:8081';

function jvmConfig(role: string): string[] {
  return readFileSync(path.join(DIR, 'conf', role, 'jvm.config'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
}

function role(name: string, server: string, ports: number[], ready: () => Promise<boolean>): JvmProcess {
  return {
    name,
    dir: DIR,
    classpath: ['conf/_common', `conf/${name}`, 'lib/*'],
    mainClass: 'org.apache.druid.cli.Main',
    args: ['server', server],
    jvmOptions: [...jvmConfig(name), ...JDK17_MODULE_FLAGS, `-Ddruid.node.type=${name}`, `-Ddruid.log.path=${LOG_DIR}`],
    logFile: path.join(LOG_DIR, `${name}.log`),
    ready,
    ports,
  };
}

function health(port: number): () => Promise<boolean> {
  return () => httpOk(`http://127.0.0.1:${port}/status/health`);
}

const zookeeper: JvmProcess = {
  name: 'zk',
  dir: DIR,
  classpath: ['conf/_common', 'conf/zk', 'lib/*'],
  mainClass: 'org.apache.zookeeper.server.quorum.QuorumPeerMain',
  args: ['conf/zk/zoo.cfg'],
  jvmOptions: [
    ...jvmConfig('zk'),
    '-Ddruid.node.type=zk',
    `-Ddruid.log.path=${LOG_DIR}`,
    '-Dzookeeper.jmx.log4j.disable=true',
  ],
  logFile: path.join(LOG_DIR, 'zk.log'),
  ready: () => zkOk(2181),
  ports: [2181],
};

const coordinator = role('coordinator-overlord', 'coordinator', [8081, 1527], async () => {
  if (!(await httpOk(`${COORDINATOR_URL}/status/health`))) return false;
  // The overlord half answers once it leads; the indexer counts once it has announced itself as a worker.
  const res = await fetch(`${COORDINATOR_URL}/druid/indexer/v1/workers`, { signal: AbortSignal.timeout(2_000) });
  return res.ok && ((await res.json()) as unknown[]).length > 0;
});
const broker = role('broker', 'broker', [8082], health(8082));
const historical = role('historical', 'historical', [8083], health(8083));
const indexer = role('indexer', 'indexer', [8091], health(8091));
const router = role('router', 'router', [8888], () => sqlAnswers(DRUID_URL));

/** Every process, in start order; stopped in reverse. */
const PROCESSES = [zookeeper, coordinator, broker, historical, indexer, router];

/** ZooKeeper's four-letter `ruok`, answered `imok` by a serving ZooKeeper. */
function zkOk(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.end('ruok'));
    let reply = '';
    socket.setTimeout(2_000, () => socket.destroy());
    socket.on('data', (chunk) => (reply += chunk.toString()));
    socket.on('close', () => resolve(reply === 'imok'));
    socket.on('error', () => resolve(false));
  });
}

/** True when `SELECT 1` posted to `/druid/v2/sql` comes back as `[{"EXPR$0":1}]`. */
export async function sqlAnswers(base: string): Promise<boolean> {
  const res = await fetch(`${base}/druid/v2/sql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query: 'SELECT 1' }),
    signal: AbortSignal.timeout(5_000),
  });
  const body = await res.text();
  return res.ok && body.replace(/\s/g, '') === '[{"EXPR$0":1}]';
}

/** What `druidUp` measured. */
export interface DruidUpReport {
  /** False when every process already ran and answered. */
  started: boolean;
  /** Milliseconds from starting ZooKeeper to the router's first answer to `SELECT 1` (when it was started). */
  firstSqlMs?: number;
  /** Milliseconds from starting ZooKeeper to every process answering, the indexer registered as a worker. */
  allReadyMs?: number;
}

/**
 * Start whatever part of the cluster is not running (idempotent) and wait until every process answers and SQL
 * works through the router. `fresh` first wipes var/ (metadata, segments, ZooKeeper, logs) when nothing runs.
 */
export async function druidUp(opts: { fresh?: boolean; log?: (line: string) => void } = {}): Promise<DruidUpReport> {
  const log = opts.log ?? ((line: string) => console.log(`[druid] ${line}`));
  prepareService(DIR, 'Druid', log);
  const running = PROCESSES.filter((p) => runningPid(p) !== undefined);
  if (running.length === PROCESSES.length && (await sqlAnswers(DRUID_URL).catch(() => false))) {
    log(`already running (${DRUID_URL})`);
    return { started: false };
  }
  if (opts.fresh && running.length > 0) log(`--fresh ignored: ${running.map((p) => p.name).join(', ')} still running`);
  if (opts.fresh && running.length === 0) {
    for (const sub of ['druid', 'zk', 'log', 'tmp'])
      rmSync(path.join(DIR, 'var', sub), { recursive: true, force: true });
    log('fresh start: var/ wiped');
  }
  await assertPortsFree(PROCESSES);
  const t0 = Date.now();
  startJvm(zookeeper);
  await waitReady(zookeeper, 60_000);
  log(`zookeeper answers (${Date.now() - t0} ms)`);
  for (const p of PROCESSES.slice(1)) startJvm(p);
  // The router refuses SQL (and logs an error) until the broker has announced itself: wait for the broker first.
  await waitReady(broker, 300_000);
  await waitReady(router, 300_000);
  const firstSqlMs = Date.now() - t0;
  log(`first SQL answer through the router after ${(firstSqlMs / 1000).toFixed(1)} s`);
  for (const p of PROCESSES.slice(1)) await waitReady(p, 300_000);
  const allReadyMs = Date.now() - t0;
  log(
    `all processes ready after ${(allReadyMs / 1000).toFixed(1)} s; logs in ${path.relative(process.cwd(), LOG_DIR)}/`,
  );
  printStatus(log);
  return { started: true, firstSqlMs, allReadyMs };
}

/** Stop every running process (router first, ZooKeeper last); `clean` also removes var/. */
export async function druidDown(opts: { clean?: boolean; log?: (line: string) => void } = {}): Promise<void> {
  const log = opts.log ?? ((line: string) => console.log(`[druid] ${line}`));
  const servers = PROCESSES.slice(1).reverse();
  const stopped = await Promise.all(servers.map((p) => stopJvm(p)));
  const zk = await stopJvm(zookeeper);
  const names = [...servers.filter((_, i) => stopped[i]), ...(zk ? [zookeeper] : [])].map((p) => p.name);
  log(names.length ? `stopped ${names.join(', ')}` : 'nothing was running');
  if (opts.clean) {
    rmSync(path.join(DIR, 'var'), { recursive: true, force: true });
    log('var/ removed');
  }
}

/** One line per process: pid and resident memory, or that it is down. */
export function printStatus(log: (line: string) => void): void {
  let total = 0;
  for (const p of PROCESSES) {
    const pid = runningPid(p);
    const rss = pid === undefined ? undefined : rssMiB(pid);
    total += rss ?? 0;
    log(`${p.name.padEnd(22)} ${pid === undefined ? 'down' : `pid ${pid}, ${rss} MiB resident`}  ${p.logFile}`);
  }
  log(`total resident ${total} MiB`);
}
