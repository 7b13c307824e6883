import { parse as parseLossless } from 'lossless-json';
import { PulseboardError } from '../errors';
import { toExactNumber, type ColumnSpec } from '../frames/data-frame';
import type { FieldType } from '../frames/types';

/**
 * Values to and from Druid's SQL API: `?` values as typed `parameters`, and `arrayLines` result bodies read into
 * typed columns (https://druid.apache.org/docs/latest/api-reference/sql-api).
 */

/** One `?` value as Druid's typed parameter: `{type, value}` with an upper-case SQL type name, bound by position. */
export interface DruidParameter {
  type: 'TIMESTAMP' | 'VARCHAR' | 'BIGINT' | 'DOUBLE' | 'BOOLEAN';
  value: string | number | bigint | boolean | null;
}

export function typedParameter(v: unknown): DruidParameter {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new PulseboardError('Invalid date in a query parameter', 400, 'bad_value');
    return { type: 'TIMESTAMP', value: v.toISOString() };
  }
  // Beyond 2^53 a bigint stays one: the request body is written with lossless-json, so Druid reads the exact digits
  // (Jackson parses a JSON integer as a long; a string there fails with a ClassCastException).
  if (typeof v === 'bigint') return { type: 'BIGINT', value: Number.isSafeInteger(Number(v)) ? Number(v) : v };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new PulseboardError(`Parameter ${v} is not a finite number`, 400, 'bad_value');
    return { type: Number.isInteger(v) ? 'BIGINT' : 'DOUBLE', value: v };
  }
  if (typeof v === 'boolean') return { type: 'BOOLEAN', value: v };
  if (v === null || v === undefined) return { type: 'VARCHAR', value: null };
  return { type: 'VARCHAR', value: String(v) };
}

/** Druid SQL type name (third header row) to a frame field type. */
export function fieldTypeOf(sqlType: string): FieldType {
  const t = sqlType.toUpperCase();
  if (t === 'TIMESTAMP' || t === 'DATE') return 'time';
  if (/^(BIGINT|INTEGER|SMALLINT|TINYINT|DOUBLE|FLOAT|REAL|DECIMAL)/.test(t)) return 'number';
  if (t === 'BOOLEAN') return 'boolean';
  return 'string';
}

function convert(v: unknown, type: FieldType): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'time':
      return typeof v === 'number' ? v : Date.parse(String(v));
    case 'number':
      return typeof v === 'number' ? v : toExactNumber(String(v));
    case 'boolean':
      return v === true || v === 1 || v === 'true';
    default:
      return typeof v === 'string' ? v : JSON.stringify(v);
  }
}

/** Integers beyond 2^53 stay exact decimal strings; every other number parses as usual. */
const exactNumber = (text: string): number | string =>
  /^-?\d+$/.test(text) && !Number.isSafeInteger(Number(text)) ? text : Number(text);

/** One JSON line; the lossless parser only when a 16+ digit run could be an integer JSON.parse would round. */
export function parseJsonLine(line: string): unknown {
  return /\d{16}/.test(line) ? parseLossless(line, null, exactNumber) : JSON.parse(line);
}

interface StreamResult {
  columns: ColumnSpec[];
  values: unknown[][];
  rowCapHit: boolean;
}

/**
 * Read an `arrayLines` body with the three header rows. A complete body ends with a blank line (`\n\n`); a body
 * without it, or a connection that drops, was cut after Druid started streaming (its status was already 200, so
 * the server can only stop writing): that is an error, never a shorter result.
 */
export async function readArrayLines(
  body: ReadableStream<Uint8Array>,
  maxRows: number,
  where: string,
): Promise<StreamResult> {
  const decoder = new TextDecoder();
  const header: string[][] = [];
  let columns: ColumnSpec[] = [];
  let values: unknown[][] = [];
  let rows = 0;
  let pending = '';
  let ended = false;
  const cut = (why: string) =>
    new PulseboardError(
      `${where} cut the result off after ${rows} row(s) (${why}): the query failed on the server after it started streaming; not showing a partial result`,
      502,
      'truncated',
    );

  const takeLine = (line: string): boolean => {
    if (line === '') {
      ended = true;
      return true;
    }
    if (ended) throw new PulseboardError(`${where} sent data after the end of the result`, 502, 'bad_response');
    let row: unknown;
    try {
      row = parseJsonLine(line);
    } catch {
      throw cut('a line is not valid JSON');
    }
    if (!Array.isArray(row))
      throw new PulseboardError(`${where} sent a result line that is not an array`, 502, 'bad_response');
    if (header.length < 3) {
      header.push(row.map(String));
      if (header.length === 3) {
        columns = header[0].map((name, i) => ({ name, type: fieldTypeOf(header[2][i] ?? '') }));
        values = columns.map(() => []);
      }
      return true;
    }
    if (rows >= maxRows) return false;
    columns.forEach((c, i) => values[i].push(convert(row[i], c.type)));
    rows++;
    return true;
  };

  const reader = body.getReader();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (err) {
        throw cut(`connection closed: ${(err as Error).message}`);
      }
      pending += chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
      let start = 0;
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', start)) {
        const more = takeLine(pending.slice(start, nl));
        start = nl + 1;
        if (!more) return { columns, values, rowCapHit: true };
      }
      pending = pending.slice(start);
      if (chunk.done) break;
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  if (!ended || pending !== '') throw cut('the end-of-result blank line never came');
  if (header.length < 3)
    throw new PulseboardError(`${where} sent ${header.length} of the 3 header rows`, 502, 'bad_response');
  return { columns, values, rowCapHit: false };
}
