import type { z } from 'zod';
import { PulseboardError } from '../errors';
import { INGEST_TABLES, type IngestTable, type SalesRow, type SensorRow } from './tables';

const MAX_INGEST_ROWS = 50_000;

/** Split a body into raw rows: a JSON array, one JSON object, or NDJSON (one object per line). */
function splitBody(text: string, contentType: string): unknown[] {
  const trimmed = text.trim();
  if (!trimmed) throw new PulseboardError('Empty body: send a JSON array of rows or NDJSON, one row per line', 400);
  const ndjson = /ndjson|jsonlines|x-jsonl/i.test(contentType) || (!trimmed.startsWith('[') && trimmed.includes('\n'));
  if (!ndjson) {
    try {
      const v = JSON.parse(trimmed);
      return Array.isArray(v) ? v : [v];
    } catch (err) {
      throw new PulseboardError(`Body is not valid JSON: ${(err as Error).message}`, 400, 'bad_json');
    }
  }
  return trimmed.split(/\r?\n/).flatMap((line, i) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line)];
    } catch (err) {
      throw new PulseboardError(`NDJSON line ${i + 1} is not valid JSON: ${(err as Error).message}`, 400, 'bad_json');
    }
  });
}

function describeIssue(rowIndex: number, issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.join('.') : undefined;
  if (issue.code === 'unrecognized_keys') return `row ${rowIndex}: unknown field(s) ${issue.keys.join(', ')}`;
  return `row ${rowIndex}${field ? `, field ${field}` : ''}: ${issue.message}`;
}

/**
 * Parse and validate a whole batch before anything is written. A bad row fails the batch with a 400 naming the
 * row (0-based, as in the array) and the field.
 */
export function parseIngestBody(table: IngestTable, text: string, contentType = ''): SensorRow[] | SalesRow[] {
  const raw = splitBody(text, contentType);
  if (raw.length === 0) throw new PulseboardError('No rows in body', 400);
  if (raw.length > MAX_INGEST_ROWS) {
    throw new PulseboardError(`Batch has ${raw.length} rows; the limit is ${MAX_INGEST_ROWS}`, 413, 'too_large');
  }
  const schema = INGEST_TABLES[table].schema;
  return raw.map((row, i) => {
    const r = schema.safeParse(row);
    if (!r.success) throw new PulseboardError(describeIssue(i, r.error.issues[0]), 400, 'bad_row');
    return r.data;
  }) as SensorRow[] | SalesRow[];
}
