/**
 * The demo writer's Kafka path (`npm run simulate -- --via kafka`): each row becomes one JSON message on the topic
 * named after its table (`sales`, `sensor_data`), in the shape `provisioning/druid/*-kafka-supervisor.json` read:
 * `ts` as ISO-8601, `amount` filled in as the other engines' ingest computes it. Keyed by order or sensor, so one
 * sensor's readings stay in order on one partition.
 */
import { Producer, stringSerializers } from '@platformatic/kafka';
import type { IngestTable, SalesRow, SensorRow } from '../ingest/tables';
import type { RowWriter } from './simulator';

export interface KafkaMessage {
  topic: string;
  key: string;
  value: string;
}

/** One row as the message Druid's Kafka supervisor ingests. */
export function kafkaMessage(table: IngestTable, row: SensorRow | SalesRow, now = Date.now()): KafkaMessage {
  const ts = new Date(row.ts ?? now).toISOString();
  if (table === 'sales') {
    const r = row as SalesRow;
    const amount = r.amount ?? Math.round(r.quantity * r.unit_price * 100) / 100;
    return { topic: table, key: String(r.order_id ?? `${r.city}|${ts}`), value: JSON.stringify({ ...r, ts, amount }) };
  }
  const r = row as SensorRow;
  return { topic: table, key: r.sensor_id, value: JSON.stringify({ ...r, ts }) };
}

/** A writer publishing batches to Kafka at `brokers` (`host:port`, …), acknowledged by the leader. */
export function kafkaWriter(brokers: string[]): { write: RowWriter; close: () => Promise<void> } {
  const producer = new Producer({
    clientId: 'pulseboard-simulate',
    bootstrapBrokers: brokers,
    serializers: stringSerializers,
    autocreateTopics: true,
  });
  return {
    write: async (table, rows) => {
      const now = Date.now();
      await producer.send({ messages: rows.map((r) => kafkaMessage(table, r, now)) });
    },
    close: () => producer.close(),
  };
}
