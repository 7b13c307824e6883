/**
 * Tables and columns of a datasource for the panel editor's autocomplete (`GET /api/datasources/<uid>/schema`).
 * Each driver reads its engine's catalog (`fetchSchema`); here the answer is cached per datasource and cut to what
 * one request asks: a prefix, a limit, a cap on columns, so a catalog of 100k columns never goes to the browser.
 */
import { z } from 'zod';
import type { DataFrame } from '../frames/types';
import type { SchemaSnapshot, SchemaTable } from './types';

/** Columns a driver reads from its catalog at most; past it the snapshot is marked truncated. */
export const SCHEMA_MAX_CATALOG_COLUMNS = 100_000;
/** Columns one answer carries at most; tables past the budget are listed without their columns. */
const MAX_ANSWER_COLUMNS = 5000;

/** A snapshot as cached: `cachedAt` is when it was read (epoch ms). */
type CachedSchema = SchemaSnapshot & { cachedAt: number };

/** `GET /api/datasources/<uid>/schema` answer. */
export interface SchemaAnswer {
  /** Sorted by name; `columns` in the table's order, absent when the answer's column budget ran out. */
  tables: SchemaTable[];
  /** More tables matched than `limit`, the column budget ran out, or the catalog was larger than was read. */
  truncated: boolean;
  /** When the catalog was read (epoch ms); it is read again a minute later. */
  cachedAt: number;
}

const byName = (a: SchemaTable, b: SchemaTable) => {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
};

/**
 * A catalog query's rows as tables: the frame's fields are table name, column name, type and ordinal position, in
 * that order (any row order). Columns keep their ordinal order; tables are sorted by name.
 */
export function toSchema(frame: DataFrame, schema: string): SchemaSnapshot {
  const [tables, columns, types, ordinals] = frame.fields.map((f) => f.values);
  const found = new Map<string, Array<{ name: string; type: string; at: number }>>();
  for (let i = 0; i < frame.length; i++) {
    const table = String(tables[i]);
    const list = found.get(table) ?? [];
    // Druid before 26 gives ORDINAL_POSITION as a 0-based string, later ones as a 1-based number: both sort.
    list.push({ name: String(columns[i]), type: String(types[i] ?? ''), at: Number(ordinals[i]) });
    found.set(table, list);
  }
  const out = [...found].map(([name, cols]) => ({
    name,
    schema,
    columns: cols.sort((a, b) => a.at - b.at).map((c) => ({ name: c.name, type: c.type })),
  }));
  return { tables: out.sort(byName), truncated: !!frame.truncated };
}

/**
 * Catalog snapshots per datasource, read again after `ttlMs`. Callers asking while one is being read share that
 * read; a failed read is not kept, so the next caller tries again.
 */
export class SchemaCache {
  private entries = new Map<string, { read: Promise<CachedSchema>; cachedAt?: number }>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(uid: string, load: () => Promise<SchemaSnapshot>): Promise<CachedSchema> {
    const hit = this.entries.get(uid);
    if (hit && (hit.cachedAt === undefined || this.now() - hit.cachedAt < this.ttlMs)) return hit.read;
    const entry: { read: Promise<CachedSchema>; cachedAt?: number } = {
      read: load().then(
        (s) => {
          entry.cachedAt = this.now();
          return { ...s, cachedAt: entry.cachedAt };
        },
        (err: unknown) => {
          if (this.entries.get(uid) === entry) this.entries.delete(uid);
          throw err;
        },
      ),
    };
    this.entries.set(uid, entry);
    return entry.read;
  }
}

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** `?prefix=&limit=&table=` of the schema route. */
export const SchemaQuerySchema = z.object({
  prefix: z.preprocess(emptyToUndefined, z.string().max(256).default('')),
  limit: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{1,4}$/, 'must be a whole number from 1 to 1000')
      .transform(Number)
      .refine((n) => n >= 1 && n <= 1000, 'must be a whole number from 1 to 1000')
      .default(200),
  ),
  table: z.preprocess(emptyToUndefined, z.string().max(256).optional()),
});

export type SchemaQuery = z.infer<typeof SchemaQuerySchema>;

/** What one request asks of a snapshot: one table's columns, or the tables starting with `prefix` (any case). */
export function selectSchema(s: CachedSchema, q: SchemaQuery): SchemaAnswer {
  if (q.table !== undefined) {
    const wanted = q.table.toLowerCase();
    const t = s.tables.find((x) => x.name === q.table) ?? s.tables.find((x) => x.name.toLowerCase() === wanted);
    const columns = t?.columns?.slice(0, MAX_ANSWER_COLUMNS);
    const cut = !!t?.columns && t.columns.length > MAX_ANSWER_COLUMNS;
    return { tables: t ? [{ ...t, columns }] : [], truncated: s.truncated || cut, cachedAt: s.cachedAt };
  }
  const prefix = q.prefix.toLowerCase();
  const matched = prefix ? s.tables.filter((t) => t.name.toLowerCase().startsWith(prefix)) : s.tables;
  let truncated = s.truncated || matched.length > q.limit;
  let budget = MAX_ANSWER_COLUMNS;
  const tables = matched.slice(0, q.limit).map((t): SchemaTable => {
    const n = t.columns?.length ?? 0;
    if (n > budget) {
      truncated = true;
      budget = 0;
      return { name: t.name, schema: t.schema };
    }
    budget -= n;
    return t;
  });
  return { tables, truncated, cachedAt: s.cachedAt };
}
