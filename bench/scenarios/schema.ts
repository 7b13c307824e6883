/**
 * Autocomplete on a large catalog: `GET /api/datasources/duckdb/schema?prefix=…` on a production server whose
 * embedded DuckDB holds 1,000 generated tables of 8–12 columns (made in the data dir before the server opens it).
 *  - cold: the first request after a start, when the catalog is read (the route's code is warmed first with a
 *    request for a datasource that does not exist, so only the catalog read and the answer are timed); one sample
 *    per server start;
 *  - warm: later requests, answered from the catalog kept for a minute, each with another prefix.
 * Requests carry the bench's bootstrap token (the route needs an editor) and are timed to the end of the body.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { BENCH_AUTH, startServer, stopServer } from '../lib';
import { pct, round } from '../stats';
import type { Results } from '../report';

const TABLES = 1000;
const TYPES = ['BIGINT', 'VARCHAR', 'DOUBLE', 'TIMESTAMP', 'BOOLEAN'];
const NAMES = ['id', 'name', 'value', 'ts', 'flag'];

/** `t_0000` … `t_0999`, table i with 8 + i % 5 columns; returns the column count. */
async function makeCatalog(file: string): Promise<number> {
  const db = await DuckDBInstance.create(file);
  const conn = await db.connect();
  let columns = 0;
  const ddl: string[] = [];
  for (let i = 0; i < TABLES; i++) {
    const n = 8 + (i % 5);
    columns += n;
    const cols = Array.from({ length: n }, (_, j) => `c${j}_${NAMES[j % 5]} ${TYPES[(i + j) % 5]}`);
    ddl.push(`CREATE TABLE t_${String(i).padStart(4, '0')} (${cols.join(', ')})`);
  }
  await conn.run(ddl.join(';\n'));
  conn.closeSync();
  db.closeSync();
  return columns;
}

/** One request, timed to the end of its body; the answer's size and table count. */
async function timedGet(url: string): Promise<{ ms: number; bytes: number; tables: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: BENCH_AUTH });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200 && res.status !== 404) throw new Error(`${url}: HTTP ${res.status} ${text.slice(0, 200)}`);
  const tables = res.status === 200 ? (JSON.parse(text) as { tables: unknown[] }).tables.length : 0;
  return { ms, bytes: Buffer.byteLength(text), tables };
}

/** A prefix matching 100 tables (`t_00` … `t_09`), or 10 (`t_000` …) every third time. */
const prefixAt = (i: number) => (i % 3 === 2 ? `t_0${i % 100}`.padEnd(5, '0') : `t_0${i % 10}`);

export async function schemaAutocomplete(port: number, quick: boolean, results: Results): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pulseboard-bench-schema-'));
  const base = `http://127.0.0.1:${port}`;
  const env = {
    PULSEBOARD_DATA_DIR: dataDir,
    PULSEBOARD_DEMO_DATASOURCE: 'duckdb',
    PULSEBOARD_SIMULATOR: 'off',
    PULSEBOARD_BACKFILL_HOURS: '0',
  };
  try {
    results['schema.catalogColumns'] = await makeCatalog(path.join(dataDir, 'pulseboard.duckdb'));
    const cold: number[] = [];
    const warm: number[] = [];
    const sizes: number[] = [];
    const starts = quick ? 3 : 10;
    for (let s = 0; s < starts; s++) {
      const server = await startServer(port, env);
      try {
        for (let i = 0; i < 3; i++) await timedGet(`${base}/api/datasources/nope/schema`);
        cold.push((await timedGet(`${base}/api/datasources/duckdb/schema?prefix=t_0${s % 10}`)).ms);
        if (s < starts - 1) continue;
        for (let i = 0; i < (quick ? 100 : 500); i++) {
          const r = await timedGet(`${base}/api/datasources/duckdb/schema?prefix=${prefixAt(i)}`);
          if (i % 3 !== 2) sizes.push(r.bytes);
          if (r.tables === 0) throw new Error(`prefix ${prefixAt(i)} matched no table`);
          warm.push(r.ms);
        }
      } finally {
        await stopServer(server);
      }
    }
    results['schema.cold.p50Ms'] = round(pct(cold, 50), 1);
    results['schema.cold.p95Ms'] = round(pct(cold, 95), 1);
    results['schema.warm.p50Ms'] = round(pct(warm, 50), 2);
    results['schema.warm.p95Ms'] = round(pct(warm, 95), 2);
    results['schema.answer100TablesKB'] = round(pct(sizes, 50) / 1024, 1);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
