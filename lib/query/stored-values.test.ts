/**
 * One stored value no query can use (a sensor_id with a NUL byte, written by an external writer before ingest
 * refused them) must not take the dashboard down: the `All` option of a query variable skips it and says so in the
 * log, and every other option still works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../runtime';
import { startTestRuntime } from '../testing/runtime';
import type { DuckDbDriver } from '../datasources/duckdb';

let rt: Runtime;
let logs: string[];
let close: () => Promise<void>;
const range = { from: 'now-1h', to: 'now' };

beforeAll(async () => {
  ({ rt, logs, close } = await startTestRuntime('stored'));
  const driver = rt.datasources.get('duckdb').driver as DuckDbDriver;
  await driver.write((conn) =>
    conn.run(
      "INSERT INTO sensor_data (sensor_id, temperature, humidity, ts) VALUES ('sensor-1', 20, 50, now()::TIMESTAMP - INTERVAL 1 MINUTE), ('bad' || chr(0) || 'id', 21, 51, now()::TIMESTAMP - INTERVAL 1 MINUTE)",
    ),
  );
});

afterAll(async () => {
  await close();
});

describe('a stored option that cannot be quoted', () => {
  it('is skipped from the options, and logged once', async () => {
    const v = rt.dashboards.get('iot-sensors')!.templating.list.find((x) => x.name === 'sensor')!;
    expect(await rt.variableOptions(v, range)).toEqual(['sensor-1']);
    expect(await rt.variableOptions(v, range)).toEqual(['sensor-1']);
    const said = logs.filter((m) => m.includes('"bad\\u0000id"'));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/variable "sensor" of dashboard|skipped/);
  });

  it('does not break the default (All) queries of the dashboard', async () => {
    for (const p of rt.dashboards.get('iot-sensors')!.panels) {
      const res = await rt.query({ dashboardUid: 'iot-sensors', panelId: p.id, range });
      expect(res.errors, `panel ${p.id}`).toBeUndefined();
    }
    const res = await rt.query({ dashboardUid: 'iot-sensors', panelId: 1, range, vars: { sensor: '$__all' } });
    expect(res.frames[0].fields.find((f) => f.name === 'sensor_id')!.values).toContain('sensor-1');
  });

  it('is refused as an explicit value with a 400 naming the variable', async () => {
    await expect(
      rt.query({ dashboardUid: 'iot-sensors', panelId: 1, range, vars: { sensor: 'bad\u0000id' } }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/variable "sensor"/) });
  });
});
