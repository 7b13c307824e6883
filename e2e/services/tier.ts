/** What the `*.druid.ts` tests share: a runtime on a Druid, the supervisors on the local Kafka, publishing, comparing. */
import path from 'node:path';
import { ensureSupervisors, formatOutcome } from '@/lib/cli/druid-supervisors';
import { DruidClient } from '@/lib/datasources/druid-client';
import type { DataFrame } from '@/lib/frames/types';
import type { Row } from '@/lib/ingest/store';
import type { IngestTable } from '@/lib/ingest/tables';
import { kafkaWriter } from '@/lib/simulator/kafka';
import { startTestRuntime, type TestRuntime } from '@/lib/testing/runtime';
import { DRUID_URL } from './druid/cluster';
import { KAFKA_BOOTSTRAP } from './kafka/broker';

/** A started runtime whose demo datasource is the Druid at `url` (uid `druid`); `env` adds settings. */
export function druidRuntime(name: string, url = DRUID_URL, env: Record<string, string> = {}): Promise<TestRuntime> {
  return startTestRuntime(name, { ...env, DRUID_URL: url, PULSEBOARD_DEMO_DATASOURCE: 'druid' });
}

/**
 * `provisioning/druid/*-kafka-supervisor.json` running on the real Druid, reading the local Kafka (submitted only when
 * missing or different, as `npm run druid:supervisors` does); throws when Druid refuses one.
 */
export async function ensureLocalSupervisors(): Promise<void> {
  const outcomes = await ensureSupervisors({
    client: new DruidClient({ url: DRUID_URL }),
    dir: path.resolve('provisioning/druid'),
    kafka: KAFKA_BOOTSTRAP,
  });
  console.log(outcomes.map((o) => `[test:druid] ${formatOutcome(o)}`).join('\n'));
  const failed = outcomes.filter((o) => o.action === 'failed');
  if (failed.length) throw new Error(`supervisors refused: ${failed.map(formatOutcome).join('; ')}`);
}

/** Publish demo rows to their topic on the local Kafka, in the shape the supervisors read. */
export async function publish(table: IngestTable, rows: Row[]): Promise<void> {
  const kafka = kafkaWriter([KAFKA_BOOTSTRAP]);
  try {
    await kafka.write(table, rows);
  } finally {
    await kafka.close();
  }
}

/** A frame as `[name, type, values]` per field, fractional numbers rounded to 9 significant digits. */
export function comparable(frame: DataFrame): [string, string, unknown[]][] {
  const round = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v);
  return frame.fields.map((f) => [f.name, f.type, f.values.map(round)]);
}
