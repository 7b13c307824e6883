/**
 * The real cluster answers as Druid does: SQL through the router, a native batch task of the demo `sales` rows
 * queried back, and the provisioning Kafka supervisors streaming rows published to Kafka into Druid.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Producer, stringSerializers } from '@platformatic/kafka';
import { describe, expect, inject, it } from 'vitest';
import { DruidClient } from '@/lib/datasources/druid-client';
import { ensureSupervisors, formatOutcome } from '@/lib/cli/druid-supervisors';
import { DRUID_URL } from './druid/cluster';
import { KAFKA_BOOTSTRAP } from './kafka/broker';
import { eventually } from './eventually';

const PROVISIONING = path.resolve(import.meta.dirname, '../../provisioning/druid');
const missing = inject('servicesMissing');

async function sql(query: string, parameters?: { type: string; value: unknown }[]): Promise<Record<string, unknown>[]> {
  const res = await fetch(`${DRUID_URL}/druid/v2/sql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, parameters }),
  });
  const body = await res.text();
  if (!res.ok) throw new Error(`SQL HTTP ${res.status}: ${body}`);
  return JSON.parse(body) as Record<string, unknown>[];
}

async function post(pathname: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${DRUID_URL}${pathname}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${pathname} HTTP ${res.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

function salesRow(orderId: number, ts: Date) {
  return {
    ts: ts.toISOString(),
    order_id: orderId,
    city: orderId % 2 ? 'Lima' : 'Bogotá',
    lat: -12.05,
    lon: -77.04,
    product: 'Ceviche',
    category: 'Food',
    quantity: 2,
    unit_price: 12.5,
    amount: 25,
  };
}

function readSpec(file: string): { spec: { dataSchema: Record<string, unknown>; ioConfig: Record<string, unknown> } } {
  return JSON.parse(readFileSync(path.join(PROVISIONING, file), 'utf8'));
}

describe.skipIf(missing !== '')('real Druid and Kafka', () => {
  it('answers SQL through the router, with every role registered', async () => {
    expect(await sql('SELECT 1 + 1 AS two')).toEqual([{ two: 2 }]);
    const servers = await sql('SELECT DISTINCT server_type FROM sys.servers ORDER BY server_type');
    expect(servers.map((s) => s.server_type)).toEqual(
      expect.arrayContaining(['broker', 'coordinator', 'historical', 'indexer', 'overlord', 'router']),
    );
  });

  it('ingests the demo sales rows with a native batch task and queries them back', async () => {
    const dataSource = 'e2e_sales_batch';
    const day = new Date('2024-01-01T00:00:00Z').getTime();
    const rows = [1, 2, 3].map((id) => salesRow(id, new Date(day + id * 1000)));
    const { dataSchema } = readSpec('sales-kafka-supervisor.json').spec;
    const task = await post('/druid/indexer/v1/task', {
      type: 'index_parallel',
      spec: {
        dataSchema: { ...dataSchema, dataSource },
        ioConfig: {
          type: 'index_parallel',
          inputSource: { type: 'inline', data: rows.map((r) => JSON.stringify(r)).join('\n') },
          inputFormat: { type: 'json' },
          // Replaces the day's segments, so a second run leaves the same three rows.
          appendToExisting: false,
        },
        tuningConfig: { type: 'index_parallel' },
      },
    });
    const taskId = String(task.task);
    const status = await eventually('batch task', 120_000, async () => {
      const res = await fetch(`${DRUID_URL}/druid/indexer/v1/task/${encodeURIComponent(taskId)}/status`);
      const s = ((await res.json()) as { status: { status: string; errorMsg?: string } }).status;
      return s.status === 'RUNNING' || s.status === 'WAITING' || s.status === 'PENDING' ? undefined : s;
    });
    expect(status, JSON.stringify(status)).toMatchObject({ status: 'SUCCESS' });
    const back = await eventually('rows queryable', 120_000, async () => {
      const got = await sql(
        // Druid plans a query without GROUP BY as a scan, which orders by __time only ("SQL query requires
        // ordering a table by non-time column [[order_id]], which is not supported").
        `SELECT __time, order_id, city, quantity, unit_price, amount FROM "${dataSource}" ORDER BY __time`,
      );
      return got.length === rows.length ? got : undefined;
    });
    expect(back).toEqual(
      rows.map((r) => ({
        __time: r.ts,
        order_id: r.order_id,
        city: r.city,
        quantity: r.quantity,
        unit_price: r.unit_price,
        amount: r.amount,
      })),
    );
  });

  it('streams rows published to Kafka into Druid through the provisioning supervisors', async () => {
    const base = Date.now();
    const now = new Date();
    const sales = [0, 1, 2].map((i) => salesRow(base + i, now));
    const sensors = [0, 1].map((i) => ({
      ts: now.toISOString(),
      id: base + i,
      sensor_id: `sensor-${i}`,
      temperature: 21.5 + i,
      humidity: 40,
    }));
    // The files name the broker `kafka:9092`, as in a compose setup; here it is the local one. A supervisor already
    // reading it is left running (Druid restarts a supervisor's tasks on every plain POST, even of the same spec).
    const supervisors = await ensureSupervisors({
      client: new DruidClient({ url: DRUID_URL }),
      dir: PROVISIONING,
      kafka: KAFKA_BOOTSTRAP,
    });
    console.log(supervisors.map((o) => `[test:druid] ${formatOutcome(o)}`).join('\n'));
    expect(supervisors.map((o) => [o.id, o.action === 'failed' ? o.error : 'ok'])).toEqual([
      ['sales', 'ok'],
      ['sensor_data', 'ok'],
    ]);
    const producer = new Producer({
      clientId: 'pulseboard-druid-test',
      bootstrapBrokers: [KAFKA_BOOTSTRAP],
      serializers: stringSerializers,
    });
    const published = Date.now();
    try {
      await producer.send({
        messages: [
          ...sales.map((r) => ({ topic: 'sales', value: JSON.stringify(r) })),
          ...sensors.map((r) => ({ topic: 'sensor_data', value: JSON.stringify(r) })),
        ],
      });
    } finally {
      await producer.close();
    }
    const ids = sales.map((r) => r.order_id).join(', ');
    const salesCount = await eventually('sales rows from Kafka', 150_000, async () => {
      const [row] = await sql(`SELECT COUNT(*) AS n FROM sales WHERE order_id IN (${ids})`);
      return row.n === sales.length ? row.n : undefined;
    });
    const sensorCount = await eventually('sensor_data rows from Kafka', 60_000, async () => {
      const [row] = await sql('SELECT COUNT(*) AS n FROM sensor_data WHERE id >= ?', [{ type: 'BIGINT', value: base }]);
      return row.n === sensors.length ? row.n : undefined;
    });
    console.log(`[test:druid] Kafka publish → rows queryable in Druid: ${Date.now() - published} ms`);
    expect([salesCount, sensorCount]).toEqual([3, 2]);
  });
});
