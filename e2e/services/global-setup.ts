/**
 * Starts Kafka and Druid once for `npm run test:druid` (reusing ones already running) and stops, afterwards, only
 * what it started; `KEEP_SERVICES=1` leaves them running. Where java or mvn is missing the tests skip with the
 * reason printed, except under CI, where that is a failure. `EXTERNAL_SERVICES=1` uses a Druid and Kafka started
 * from another checkout (a git worktree has its own `var/`, so it cannot see their pid files): they must answer on
 * their usual ports, and nothing is started or stopped.
 */
import type { TestProject } from 'vitest/node';
import { DRUID_URL, druidDown, druidUp, sqlAnswers } from './druid/cluster';
import { missingTools } from './jvm';
import { KAFKA_BOOTSTRAP, kafkaAnswers, kafkaDown, kafkaUp } from './kafka/broker';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why the real services cannot run on this machine; empty when they run. */
    servicesMissing: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.EXTERNAL_SERVICES) {
    if (!(await sqlAnswers(DRUID_URL).catch(() => false)))
      throw new Error(`EXTERNAL_SERVICES: no Druid SQL at ${DRUID_URL}`);
    if (!(await kafkaAnswers()))
      throw new Error(`EXTERNAL_SERVICES: no Kafka with the demo topics at ${KAFKA_BOOTSTRAP}`);
    project.provide('servicesMissing', '');
    return undefined;
  }
  const missing = missingTools();
  if (missing) {
    if (process.env.CI) throw new Error(`the real Druid tier cannot run: ${missing}`);
    console.log(`[test:druid] skipping the real Druid tier: ${missing}`);
    project.provide('servicesMissing', missing);
    return undefined;
  }
  const kafka = await kafkaUp();
  const druid = await druidUp();
  project.provide('servicesMissing', '');
  return async () => {
    if (process.env.KEEP_SERVICES) return;
    if (druid.started) await druidDown();
    if (kafka.started) await kafkaDown();
  };
}
