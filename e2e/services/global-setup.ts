/**
 * Starts Kafka and Druid once for `npm run test:druid` (reusing ones already running) and stops, afterwards, only
 * what it started; `KEEP_SERVICES=1` leaves them running. Where java or mvn is missing the tests skip with the
 * reason printed, except under CI, where that is a failure.
 */
import type { TestProject } from 'vitest/node';
import { druidDown, druidUp } from './druid/cluster';
import { missingTools } from './jvm';
import { kafkaDown, kafkaUp } from './kafka/broker';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why the real services cannot run on this machine; empty when they run. */
    servicesMissing: string;
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
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
