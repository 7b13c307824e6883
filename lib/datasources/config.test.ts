import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLimits, durationSetting, loadEngineConfigs, substituteEnv } from './config';

function dirWith(yaml: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-ds-'));
  fs.writeFileSync(path.join(dir, 'datasources.yaml'), yaml);
  return dir;
}

describe('datasource configuration', () => {
  it('substitutes ${VAR} and ${VAR:-default}', () => {
    expect(substituteEnv('a ${X} b ${Y:-dflt} c ${Z}', { X: '1' })).toBe('a 1 b dflt c ');
  });

  it('reads yaml entries with secrets from the environment and skips ones with no url', () => {
    const dir = dirWith(`apiVersion: 1
datasources:
  - { name: SR, uid: sr, type: starrocks, url: "\${SR_HOST}", database: realtime_demo, user: root, password: "\${SR_PASS}", jsonData: { queryTimeoutMs: 5000, poolSize: 3 } }
  - { uid: off, type: mysql, url: "\${NOT_SET}" }
`);
    const logs: string[] = [];
    const [sr, ...rest] = loadEngineConfigs({ SR_HOST: 'fe:9030', SR_PASS: 's3cr:t' }, dir, (m) => logs.push(m));
    expect(rest).toEqual([]);
    expect(sr).toMatchObject({ uid: 'sr', type: 'starrocks', queryTimeoutMs: 5000, poolSize: 3, maxRows: 100_000 });
    expect(new URL(sr.url).password).toBe(encodeURIComponent('s3cr:t'));
    expect(sr.url).toMatch(/^mysql:\/\/root:.*@fe:9030\/realtime_demo$/);
    expect(logs.join()).toMatch(/"off" skipped/);
  });

  it('adds STARROCKS_URL and MYSQL_URL as uids starrocks and mysql, over a yaml entry of the same uid', () => {
    const dir = dirWith('datasources:\n  - { uid: mysql, type: mysql, url: "db:3306", database: x }\n');
    const out = loadEngineConfigs(
      {
        STARROCKS_URL: 'mysql://root:@h:9030/realtime_demo',
        MYSQL_URL: 'mysql://u:p@m:3306/d',
        PULSEBOARD_QUERY_TIMEOUT_MS: '7000',
      },
      dir,
    );
    expect(out.map((c) => [c.uid, c.type, c.url, c.queryTimeoutMs])).toEqual([
      ['mysql', 'mysql', 'mysql://u:p@m:3306/d', 7000],
      ['starrocks', 'starrocks', 'mysql://root:@h:9030/realtime_demo', 7000],
    ]);
  });

  it('refuses a malformed URL without echoing the password', () => {
    expect(() => loadEngineConfigs({ MYSQL_URL: 'http://u:secret@h/x' }, os.tmpdir())).toThrow(
      /MYSQL_URL must look like/,
    );
    expect(() => loadEngineConfigs({ MYSQL_URL: 'http://u:secret@h/x' }, os.tmpdir())).not.toThrow(/secret/);
  });

  it('adds DRUID_URL as uid druid with its Basic-auth user, and reads yaml druid entries', () => {
    const dir = dirWith(
      'datasources:\n  - { uid: events, type: druid, url: "broker:8082", user: reader, password: "${DRUID_PW}", jsonData: { timeColumn: event_time } }\n',
    );
    const out = loadEngineConfigs(
      { DRUID_URL: 'http://router:8888', DRUID_USER: 'admin', DRUID_PASSWORD: 'pw', DRUID_PW: 'x' },
      dir,
    );
    expect(out.map((c) => [c.uid, c.type, c.url, c.user, c.password, c.timeColumn])).toEqual([
      ['events', 'druid', 'http://broker:8082', 'reader', 'x', 'event_time'],
      ['druid', 'druid', 'http://router:8888', 'admin', 'pw', '__time'],
    ]);
  });

  it('gives the MySQL-protocol engines the demo time column ts', () => {
    expect(loadEngineConfigs({ MYSQL_URL: 'mysql://u@m:3306/d' }, os.tmpdir())[0].timeColumn).toBe('ts');
  });

  it('refuses a Druid URL that is not http(s) without echoing the password', () => {
    expect(() => loadEngineConfigs({ DRUID_URL: 'mysql://u:secret@h:8888' }, os.tmpdir())).toThrow(
      /DRUID_URL must look like http:\/\/host:8888/,
    );
    expect(() => loadEngineConfigs({ DRUID_URL: 'mysql://u:secret@h:8888' }, os.tmpdir())).not.toThrow(/secret/);
  });

  it('reads the live lateness and reconciliation: 2 min and 60 s by default, from the environment, per datasource', () => {
    expect(defaultLimits({})).toMatchObject({ liveLatenessMs: 120_000, liveReconcileMs: 60_000 });
    expect(defaultLimits({ PULSEBOARD_LIVE_LATENESS: '0', PULSEBOARD_LIVE_RECONCILE: '90s' })).toMatchObject({
      liveLatenessMs: 0,
      liveReconcileMs: 90_000,
    });
    const dir = dirWith(
      'datasources:\n  - { uid: sr, type: starrocks, url: "fe:9030", jsonData: { liveLateness: 10m, liveReconcile: PT2M } }\n',
    );
    expect(loadEngineConfigs({ PULSEBOARD_LIVE_LATENESS: '5m' }, dir)[0]).toMatchObject({
      liveLatenessMs: 600_000,
      liveReconcileMs: 120_000,
    });
  });

  it('refuses a lateness or reconciliation that is not a duration, naming the setting', () => {
    expect(() => defaultLimits({ PULSEBOARD_LIVE_LATENESS: 'soon' })).toThrow(
      /PULSEBOARD_LIVE_LATENESS must be a duration such as 90s, 2m or 1h \(or 0\), got "soon"/,
    );
    expect(() => defaultLimits({ PULSEBOARD_LIVE_RECONCILE: '0' })).toThrow(
      /PULSEBOARD_LIVE_RECONCILE must be a duration/,
    );
    const dir = dirWith(
      'datasources:\n  - { uid: sr, type: starrocks, url: "fe:9030", jsonData: { liveLateness: -1 } }\n',
    );
    expect(() => loadEngineConfigs({}, dir)).toThrow(/datasource "sr" jsonData.liveLateness must be a duration/);
    expect(durationSetting(90, 'x', false)).toBe(90_000); // a bare number is seconds, as in Grafana
  });
});
