/**
 * A single-node Apache Kafka in KRaft mode from Maven Central (`kafka.Kafka server.properties`, classpath from
 * pom.xml in `lib/`), its storage formatted once under `var/kraft-logs`, with the demo topics `sales` and
 * `sensor_data` created when missing.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Admin } from '@platformatic/kafka';
import {
  assertPortsFree,
  javaBin,
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
/** The broker's PLAINTEXT listener. */
export const KAFKA_BOOTSTRAP = '127.0.0.1:9092';
/** The topics the demo pipelines read (provisioning/druid/*-kafka-supervisor.json). */
const TOPICS = ['sales', 'sensor_data'];

const JVM_OPTIONS = [
  '-Xms256m',
  '-Xmx256m',
  '-XX:+UseSerialGC',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
  `-Dkafka.logs.dir=${LOG_DIR}`,
  `-Dlog4j2.configurationFile=${path.join(DIR, 'log4j2.xml')}`,
];

const broker: JvmProcess = {
  name: 'kafka',
  dir: DIR,
  classpath: ['lib/*'],
  mainClass: 'kafka.Kafka',
  args: ['server.properties'],
  jvmOptions: JVM_OPTIONS,
  logFile: path.join(LOG_DIR, 'kafka.log'),
  ready: () => withAdmin(async (admin) => (await admin.listTopics()) !== undefined),
  ports: [9092, 9093],
};

async function withAdmin<T>(run: (admin: Admin) => Promise<T>, brokers = [KAFKA_BOOTSTRAP]): Promise<T> {
  const admin = new Admin({ clientId: 'pulseboard-services', bootstrapBrokers: brokers, retries: 0 });
  try {
    return await run(admin);
  } finally {
    await admin.close().catch(() => undefined);
  }
}

/** True when a broker at `brokers` answers a metadata request and has every demo topic. */
export async function kafkaAnswers(brokers = [KAFKA_BOOTSTRAP]): Promise<boolean> {
  const topics = await withAdmin((admin) => admin.listTopics(), brokers).catch((): string[] => []);
  return TOPICS.every((t) => topics.includes(t));
}

/** KRaft storage must be formatted with a cluster id before the first start. */
function formatStorage(log: (line: string) => void): void {
  if (existsSync(path.join(DIR, 'var', 'kraft-logs', 'meta.properties'))) return;
  // A Kafka cluster id is a UUID in unpadded URL-safe base64; one starting with '-' would read as an option to the
  // storage tool's argument parser (a CI run failed on it: "argument --cluster-id/-t: expected one argument").
  let clusterId = randomBytes(16).toString('base64url');
  while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
  const res = spawnSync(
    javaBin(),
    [
      ...JVM_OPTIONS,
      '-cp',
      path.join(DIR, 'lib/*'),
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      'server.properties',
    ],
    { cwd: DIR, encoding: 'utf8' },
  );
  if (res.status !== 0) throw new Error(`kafka storage format failed:\n${res.stdout}${res.stderr}`);
  log(`storage formatted (cluster id ${clusterId})`);
}

/** What `kafkaUp` measured. */
export interface KafkaUpReport {
  started: boolean;
  /** Milliseconds from starting the JVM to the broker answering a metadata request. */
  readyMs?: number;
}

/** Start the broker unless it runs (idempotent), wait until it answers, create the demo topics when missing. */
export async function kafkaUp(opts: { fresh?: boolean; log?: (line: string) => void } = {}): Promise<KafkaUpReport> {
  const log = opts.log ?? ((line: string) => console.log(`[kafka] ${line}`));
  prepareService(DIR, 'Kafka', log);
  let report: KafkaUpReport = { started: false };
  if (runningPid(broker) === undefined) {
    if (opts.fresh) rmSync(path.join(DIR, 'var'), { recursive: true, force: true });
    await assertPortsFree([broker]);
    formatStorage(log);
    const t0 = Date.now();
    startJvm(broker);
    await waitReady(broker, 120_000);
    report = { started: true, readyMs: Date.now() - t0 };
    log(`broker answers on ${KAFKA_BOOTSTRAP} after ${(report.readyMs! / 1000).toFixed(1)} s`);
  } else {
    await waitReady(broker, 60_000);
    log(`already running (${KAFKA_BOOTSTRAP})`);
  }
  await withAdmin(async (admin) => {
    const existing = new Set(await admin.listTopics());
    const create = TOPICS.filter((t) => !existing.has(t));
    if (create.length) await admin.createTopics({ topics: create, partitions: 1, replicas: 1 });
    log(`topics: ${TOPICS.map((t) => (create.includes(t) ? `${t} (created)` : t)).join(', ')}`);
  });
  printKafkaStatus(log);
  return report;
}

/** Stop the broker; `clean` also removes var/ (topics, offsets, logs). */
export async function kafkaDown(opts: { clean?: boolean; log?: (line: string) => void } = {}): Promise<void> {
  const log = opts.log ?? ((line: string) => console.log(`[kafka] ${line}`));
  log((await stopJvm(broker)) ? 'stopped' : 'was not running');
  if (opts.clean) {
    rmSync(path.join(DIR, 'var'), { recursive: true, force: true });
    log('var/ removed');
  }
}

/** The broker's pid and resident memory, or that it is down. */
export function printKafkaStatus(log: (line: string) => void): void {
  const pid = runningPid(broker);
  log(`kafka ${pid === undefined ? 'down' : `pid ${pid}, ${rssMiB(pid)} MiB resident`}  ${broker.logFile}`);
}
