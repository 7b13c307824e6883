import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Runtime } from '../runtime';

/**
 * A started runtime on a fresh data dir with the repo's provisioning, simulator off, its log kept in `logs`; `env`
 * adds datasources and settings (`DRUID_URL`, `PULSEBOARD_DEMO_DATASOURCE`, `PULSEBOARD_LIVE_TICK_MS`…).
 */
export interface TestRuntime {
  rt: Runtime;
  logs: string[];
  /** Close the runtime and remove its data dir. */
  close: () => Promise<void>;
}

export async function startTestRuntime(name: string, env: Record<string, string> = {}): Promise<TestRuntime> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pulseboard-${name}-`));
  const logs: string[] = [];
  const rt = new Runtime({
    env: { ...env, PULSEBOARD_DATA_DIR: dir, PULSEBOARD_PROVISIONING_DIR: path.resolve('provisioning') },
    simulator: false,
    defaultMetrics: false,
    log: (m) => logs.push(m),
  });
  await rt.start();
  return {
    rt,
    logs,
    close: async () => {
      await rt.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
