/**
 * Background JVM services for the real-engine test tier (Druid, ZooKeeper, Kafka from Maven Central): the runtime
 * classpath resolved by Maven into `<dir>/lib`, processes started detached with a pid file under `<dir>/var/run`,
 * stopped by that pid, and readiness probes polled until they answer.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** One JVM process of a service: how to start it and how to tell it answers. */
export interface JvmProcess {
  /** Short name: the pid file `var/run/<name>.pid` and the console log `var/log/<name>.stdout.log`. */
  name: string;
  /** The service folder (holds pom.xml, lib/, var/); the JVM's working directory. */
  dir: string;
  /** Entries of `-cp`, relative to `dir` (`lib/*` for the Maven-resolved jars). */
  classpath: string[];
  mainClass: string;
  args: string[];
  /** Options before the main class: heap sizes, module flags, system properties. */
  jvmOptions: string[];
  /** Where the process writes its own log, for the messages that point at it. */
  logFile: string;
  /** One probe: resolves true once the process serves what it is for. */
  ready: () => Promise<boolean>;
  /** The TCP ports it listens on: one taken by another program fails the start with a clear message. */
  ports: number[];
}

/** Druid's flags for JDK 17's strong encapsulation (its `bin/run-java` passes the same). */
export const JDK17_MODULE_FLAGS = [
  '--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED',
  '--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED',
];

const SETTINGS = path.join(import.meta.dirname, 'maven-settings.xml');

/** `java`, from JAVA_HOME when it is set. */
export function javaBin(): string {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** The reason this machine cannot run the JVM services (no java or no mvn on PATH), or undefined. */
export function missingTools(): string | undefined {
  const java = spawnSync(javaBin(), ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) return `java is not runnable (${java.error?.message ?? java.stderr.trim()})`;
  const mvn = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (mvn.error || mvn.status !== 0) return `mvn is not runnable (${mvn.error?.message ?? mvn.stderr.trim()})`;
  return undefined;
}

/** Fail with the reason when java or mvn is missing, then make sure `<dir>/lib` holds the POM's jars. */
export function prepareService(dir: string, engine: string, log: (line: string) => void): void {
  const missing = missingTools();
  if (missing) throw new Error(`cannot run ${engine} here: ${missing}`);
  ensureLib(dir, log);
}

/**
 * Resolve `<dir>/pom.xml`'s runtime dependencies into `<dir>/lib` (downloads cached in ~/.m2), unless lib/ was
 * made from this very POM. Every repository is mirrored to Maven Central by maven-settings.xml.
 */
function ensureLib(dir: string, log: (line: string) => void): void {
  const pom = readFileSync(path.join(dir, 'pom.xml'));
  const digest = createHash('sha256').update(pom).digest('hex');
  const stamp = path.join(dir, 'lib', '.pom-sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === digest) return;
  log(`resolving ${path.relative(process.cwd(), dir)}/pom.xml with Maven into lib/ (cached in ~/.m2)`);
  const started = Date.now();
  rmSync(path.join(dir, 'lib'), { recursive: true, force: true });
  const mvn = spawnSync(
    'mvn',
    ['-B', '-q', '-Dstyle.color=never', '-s', SETTINGS, '-f', 'pom.xml', 'dependency:copy-dependencies'],
    {
      cwd: dir,
      stdio: 'inherit',
    },
  );
  if (mvn.error || mvn.status !== 0) {
    throw new Error(
      `mvn dependency:copy-dependencies failed in ${dir} (${mvn.error?.message ?? `exit ${mvn.status}`})`,
    );
  }
  writeFileSync(stamp, digest);
  log(`lib/ ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function pidFile(p: JvmProcess): string {
  return path.join(p.dir, 'var', 'run', `${p.name}.pid`);
}

/** The pid of this process when it runs (its pid file names a live java whose command line has its main class). */
export function runningPid(p: JvmProcess): number | undefined {
  const file = pidFile(p);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes(p.mainClass) && cmdline.includes(p.dir)) return pid;
  } catch {
    // no such process
  }
  rmSync(file, { force: true });
  return undefined;
}

/** Fail, before anything starts, when a port of a process that is not running is taken by another program. */
export async function assertPortsFree(processes: JvmProcess[]): Promise<void> {
  for (const p of processes.filter((q) => runningPid(q) === undefined)) {
    for (const port of p.ports) {
      if (await listening(port)) throw new Error(`${p.name}: port ${port} is already taken by another program`);
    }
  }
}

/** Start the process in the background unless it already runs; returns its pid. */
export function startJvm(p: JvmProcess): number {
  const existing = runningPid(p);
  if (existing !== undefined) return existing;
  for (const sub of ['run', 'log', 'tmp']) mkdirSync(path.join(p.dir, 'var', sub), { recursive: true });
  const out = openSync(path.join(p.dir, 'var', 'log', `${p.name}.stdout.log`), 'a');
  // The absolute classpath puts the service folder on the command line, which runningPid checks.
  const cp = p.classpath.map((entry) => path.join(p.dir, entry)).join(':');
  const child = spawn(javaBin(), [...p.jvmOptions, '-cp', cp, p.mainClass, ...p.args], {
    cwd: p.dir,
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  child.unref();
  if (child.pid === undefined) throw new Error(`${p.name}: java did not start`);
  writeFileSync(pidFile(p), String(child.pid));
  return child.pid;
}

/** SIGTERM the process, SIGKILL it after `graceMs`; resolves once it is gone. */
export async function stopJvm(p: JvmProcess, graceMs = 30_000): Promise<boolean> {
  const pid = runningPid(p);
  if (pid === undefined) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      await sleep(200);
      break;
    }
    await sleep(200);
  }
  rmSync(pidFile(p), { force: true });
  return true;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie (exited, not yet reaped by its parent) still answers kill(0).
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z');
  } catch {
    return false;
  }
}

/**
 * Poll `p.ready` until it answers, failing fast when the process has died; the error quotes the end of its log.
 */
export async function waitReady(p: JvmProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await p.ready().catch(() => false)) return;
    const dead = runningPid(p) === undefined;
    if (dead || Date.now() > deadline) {
      const why = dead ? 'exited' : `did not answer within ${timeoutMs / 1000} s`;
      throw new Error(`${p.name} ${why}; end of ${p.logFile}:\n${tail(p.logFile)}${stdoutTail(p)}`);
    }
    await sleep(500);
  }
}

function stdoutTail(p: JvmProcess): string {
  const file = path.join(p.dir, 'var', 'log', `${p.name}.stdout.log`);
  const text = tail(file);
  return text ? `\nend of ${file}:\n${text}` : '';
}

function tail(file: string, lines = 25): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log yet)';
  }
}

/** Resident memory of a process in MiB, from /proc (undefined when it is gone). */
export function rssMiB(pid: number): number | undefined {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

/** An HTTP probe: true when `url` answers with a 2xx status within 2 s. */
export async function httpOk(url: string, init?: RequestInit): Promise<boolean> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(2_000) });
  await res.arrayBuffer();
  return res.ok;
}
