import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A production server run by a test (the build in .next is the one Playwright's web servers made). */
export interface SpawnedServer {
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Wait until the output matches; rejects when the process exits first or after `ms`. */
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL after 5 s; resolves when it has exited. */
  stop(): Promise<void>;
}

/** This process's environment without Pulseboard's own settings (they would change what is tested), plus `env`. */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const out = { ...process.env };
  for (const k of Object.keys(out))
    if (/^(PULSEBOARD_|PORT$|HOST$|MYSQL_URL$|DRUID_URL$|STARROCKS_URL$)/.test(k)) delete out[k];
  return Object.assign(out, { NEXT_TELEMETRY_DISABLED: '1' }, env);
}

export function spawnServer(env: Record<string, string>): SpawnedServer {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'lib/server/main.ts'], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let exited = child.exitCode !== null;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    changed();
  });
  child.stderr!.on('data', (c: Buffer) => {
    out += c.toString();
    changed();
  });
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      changed();
      resolve();
    }),
  );

  return {
    output: () => out,
    waitFor(re, ms = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = re.exec(out);
          if (m) finish(() => resolve(m));
          else if (exited) finish(() => reject(new Error(`server exited before printing ${re}:\n${out}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no ${re} within ${ms} ms:\n${out}`))), ms);
        const finish = (f: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          f();
        };
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
}
