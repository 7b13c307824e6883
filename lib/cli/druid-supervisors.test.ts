/**
 * The supervisor script against a small fake of Druid's supervisor API (the Druid fixture has none). The running
 * specs it answers with are Druid 33.0.0's own answers to `GET /druid/indexer/v1/supervisor/<id>` for the
 * provisioning files submitted with `bootstrap.servers` 127.0.0.1:9092 (druid-supervisors.druid33.json, captured
 * from the real cluster of e2e/services), so "unchanged" is judged against what Druid really writes back.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DruidClient } from '../datasources/druid-client';
import { ensureSupervisors, specDifferences, specToSubmit } from './druid-supervisors';

const DIR = path.resolve('provisioning/druid');
const DRUID33 = JSON.parse(
  fs.readFileSync(path.join(import.meta.dirname, 'druid-supervisors.druid33.json'), 'utf8'),
) as Record<string, Spec>;
type Spec = Parameters<typeof specToSubmit>[0];
const fileSpec = (id: string): Spec =>
  JSON.parse(fs.readFileSync(path.join(DIR, `${id}-kafka-supervisor.json`), 'utf8')) as Spec;

interface Seen {
  method: string;
  url: string;
  authorization?: string;
  body?: unknown;
}

/** Druid's supervisor API as far as the script uses it; `post` overrides the answer to a submission. */
class FakeDruid {
  running = new Map<string, unknown>();
  seen: Seen[] = [];
  post?: { status: number; body: string; type?: string };
  private server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c));
    req.on('end', () => this.answer(req, text, res));
  });
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  private answer(req: http.IncomingMessage, text: string, res: http.ServerResponse): void {
    const body = text ? (JSON.parse(text) as { spec: { dataSchema: { dataSource: string } } }) : undefined;
    this.seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
    const send = (status: number, out: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type }).end(out);
    };
    const m = /^\/druid\/indexer\/v1\/supervisor(?:\/([^/?]+)(\/status)?)?/.exec(req.url!);
    if (!m) return send(404, '', 'text/plain');
    if (req.method === 'POST') {
      if (this.post) return send(this.post.status, this.post.body, this.post.type);
      const id = body!.spec.dataSchema.dataSource;
      this.running.set(id, body);
      return send(200, JSON.stringify({ id }));
    }
    const id = decodeURIComponent(m[1]);
    if (!this.running.has(id)) return send(404, `Cannot find any supervisor with id: [${id}]`, 'text/plain');
    if (!m[2]) return send(200, JSON.stringify(this.running.get(id)));
    const payload = { state: 'RUNNING', detailedState: 'RUNNING', recentErrors: [] };
    send(200, JSON.stringify({ id, generationTime: new Date().toISOString(), payload }));
  }
}

let druid: FakeDruid;
beforeEach(async () => {
  druid = await new FakeDruid().start();
});
afterEach(() => druid.close());

const client = () => new DruidClient({ url: druid.url });
const posts = () => druid.seen.filter((s) => s.method === 'POST');

describe('ensureSupervisors', () => {
  it('submits missing supervisors as the files say, only bootstrap.servers replaced, then reports their state', async () => {
    const out = await ensureSupervisors({ client: client(), dir: DIR, kafka: '127.0.0.1:9092' });
    expect(out.map((o) => [o.id, o.action, o.action !== 'failed' && o.reason])).toEqual([
      ['sales', 'submitted', 'submitted: new'],
      ['sensor_data', 'submitted', 'submitted: new'],
    ]);
    expect(out[0]).toMatchObject({ status: { state: 'RUNNING', detailedState: 'RUNNING' } });
    expect(posts().map((p) => p.url)).toEqual(
      Array(2).fill('/druid/indexer/v1/supervisor?skipRestartIfUnmodified=true'),
    );
    const sales = fileSpec('sales');
    const { consumerProperties } = (sales.spec as { ioConfig: { consumerProperties: Record<string, string> } })
      .ioConfig;
    consumerProperties['bootstrap.servers'] = '127.0.0.1:9092';
    expect(posts()[0].body).toEqual(sales);
  });

  it('submits the files exactly as written without a broker to set', async () => {
    await ensureSupervisors({ client: client(), dir: DIR });
    expect(posts().map((p) => p.body)).toEqual([fileSpec('sales'), fileSpec('sensor_data')]);
  });

  it('leaves alone a supervisor running the same spec, in the form Druid 33 writes it back', async () => {
    for (const id of ['sales', 'sensor_data']) druid.running.set(id, DRUID33[id]);
    const out = await ensureSupervisors({ client: client(), dir: DIR, kafka: '127.0.0.1:9092' });
    expect(out.map((o) => o.action)).toEqual(['unchanged', 'unchanged']);
    expect(out[0]).toMatchObject({ reason: expect.stringMatching(/^unchanged, left running/) });
    expect(posts()).toEqual([]);
  });

  it('submits again when the running spec reads another broker, naming the difference', async () => {
    for (const id of ['sales', 'sensor_data']) druid.running.set(id, DRUID33[id]);
    const out = await ensureSupervisors({ client: client(), dir: DIR });
    expect(out[0]).toMatchObject({
      action: 'submitted',
      reason:
        'submitted: spec.ioConfig.consumerProperties.bootstrap.servers: running "127.0.0.1:9092", file "kafka:9092"',
    });
    expect(posts()).toHaveLength(2);
  });

  it('sends Basic auth when given credentials', async () => {
    const authed = new DruidClient({ url: druid.url, user: 'admin', password: 's3cret' });
    await ensureSupervisors({ client: authed, dir: DIR });
    const expected = `Basic ${Buffer.from('admin:s3cret').toString('base64')}`;
    expect(new Set(druid.seen.map((s) => s.authorization))).toEqual(new Set([expected]));
  });

  it("reports Druid's refusal with the HTTP status and Druid's message", async () => {
    druid.post = {
      status: 400,
      body: '{"error":"Cannot construct instance of `KafkaSupervisorIOConfig`, problem: consumerProperties"}',
    };
    const [sales] = await ensureSupervisors({ client: client(), dir: DIR });
    expect(sales).toEqual({
      id: 'sales',
      file: path.join(DIR, 'sales-kafka-supervisor.json'),
      action: 'failed',
      error: `Druid at ${new URL(druid.url).host}: POST /druid/indexer/v1/supervisor?skipRestartIfUnmodified=true answered HTTP 400: Cannot construct instance of \`KafkaSupervisorIOConfig\`, problem: consumerProperties`,
    });
  });

  it('names refused credentials, a URL without the supervisor API, and an unreachable Druid', async () => {
    druid.post = {
      status: 401,
      body: '<html><body><h2>HTTP ERROR 401 Unauthorized</h2></body></html>',
      type: 'text/html',
    };
    const [refused] = await ensureSupervisors({ client: client(), dir: DIR });
    expect(refused).toMatchObject({
      error: expect.stringContaining('HTTP 401 (check DRUID_USER and DRUID_PASSWORD): HTTP ERROR 401 Unauthorized'),
    });
    const elsewhere = new DruidClient({ url: `${druid.url}/not-druid` });
    const [lost] = await ensureSupervisors({ client: elsewhere, dir: DIR });
    expect(lost).toMatchObject({
      error: expect.stringContaining(
        ': GET /druid/indexer/v1/supervisor/sales answered HTTP 404 (no supervisor API at this URL: point --druid at a Druid Router or the Overlord)',
      ),
    });
    const gone = await new FakeDruid().start();
    await gone.close();
    const [down] = await ensureSupervisors({ client: new DruidClient({ url: gone.url }), dir: DIR });
    expect(down).toMatchObject({ error: `Cannot reach Druid at ${new URL(gone.url).host}: ECONNREFUSED` });
  });
});

describe('specDifferences', () => {
  it.each([
    ['a duration as Druid rewrites it', { taskDuration: 'PT1H' }, { taskDuration: 'PT3600S' }, []],
    ['a granularity name in capitals', { segmentGranularity: 'hour' }, { segmentGranularity: 'HOUR' }, []],
    ['a granularity as an object', { queryGranularity: 'none' }, { queryGranularity: { type: 'none' } }, []],
    ['a string dimension', { dimensions: ['city'] }, { dimensions: [{ type: 'string', name: 'city', x: 1 }] }, []],
    ['defaults only Druid names', { a: 1 }, { a: 1, maxRowsInMemory: 150000 }, []],
    ['null for absent', { lateMessageRejectionPeriod: null }, {}, []],
    [
      'another duration',
      { taskDuration: 'PT1H' },
      { taskDuration: 'PT7200S' },
      ['taskDuration: running "PT7200S", file "PT1H"'],
    ],
    [
      'a long dimension',
      { dimensions: ['id'] },
      { dimensions: [{ type: 'long', name: 'id' }] },
      ['[0]: running {"type":"long","name":"id"}, file "id"'],
    ],
    ['a key Druid lacks', { a: { b: true } }, { a: {} }, ['a.b: running absent, file true']],
    ['case outside granularities', { topic: 'sales' }, { topic: 'SALES' }, ['topic: running "SALES", file "sales"']],
  ])('%s', (_, file, running, expected) => {
    expect(specDifferences(file, running).map((d) => d.replace(/^dimensions/, ''))).toEqual(expected);
  });

  it('finds no difference between each provisioning file and Druid 33’s answer for it', () => {
    for (const id of ['sales', 'sensor_data'])
      expect(specDifferences(specToSubmit(fileSpec(id), '127.0.0.1:9092'), DRUID33[id])).toEqual([]);
  });
});

describe('npm run druid:supervisors', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', 'lib/cli/druid-supervisors.ts', ...args], {
        env: { ...process.env, DRUID_URL: '', KAFKA_BROKERS: '', DRUID_USER: '', DRUID_PASSWORD: '', ...env },
      });
      let out = '';
      let err = '';
      p.stdout.on('data', (c: Buffer) => (out += c));
      p.stderr.on('data', (c: Buffer) => (err += c));
      p.on('exit', (code) => resolve({ code, out, err }));
    });

  it('prints what it did and each state, and exits 1 with the reason when Druid refuses', async () => {
    const ok = await run(['--druid', druid.url], {
      KAFKA_BROKERS: 'broker:9092',
      DRUID_USER: 'u',
      DRUID_PASSWORD: 'p',
    });
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('bootstrap.servers set to broker:9092');
    expect(ok.out).toContain('[druid:supervisors] sales: submitted: new; state RUNNING (RUNNING)');
    expect(druid.seen[0].authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    druid.running.clear();
    druid.post = { status: 500, body: '{"error":"druidException","errorMessage":"metadata store down"}' };
    const bad = await run([], { DRUID_URL: druid.url });
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(
      'POST /druid/indexer/v1/supervisor?skipRestartIfUnmodified=true answered HTTP 500: metadata store down',
    );
  }, 30_000);
});
