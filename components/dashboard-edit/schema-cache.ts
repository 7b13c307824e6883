import { apiFetch } from '@/components/account/api';

export interface SchemaColumn {
  name: string;
  type: string;
}

interface SchemaTable {
  name: string;
  columns?: SchemaColumn[];
}

/** How many tables one completion asks for: enough to pick from, never the whole catalog (metabase#16736). */
const TABLE_LIMIT = 50;
/** Answers are kept this long in the page (the server caches its own copy for 60 s). */
const TTL_MS = 30_000;

const cache = new Map<string, { at: number; value: Promise<unknown> }>();

function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { at: Date.now(), value });
  value.catch(() => cache.delete(key)); // a failure is asked again next time
  return value;
}

const base = (uid: string) => `/api/datasources/${encodeURIComponent(uid)}/schema`;

/** Tables of datasource `uid` whose name starts with `prefix` (case-insensitive), at most 50. */
export function tablesWithPrefix(uid: string, prefix: string): Promise<SchemaTable[]> {
  const p = prefix.toLowerCase();
  return cached(`t|${uid}|${p}`, async () => {
    const q = new URLSearchParams({ prefix: p, limit: String(TABLE_LIMIT) });
    return (await apiFetch<{ tables: SchemaTable[] }>(`${base(uid)}?${q}`)).tables ?? [];
  });
}

/** Columns of one table (empty when the datasource has no such table). */
export function columnsOf(uid: string, table: string): Promise<SchemaColumn[]> {
  return cached(`c|${uid}|${table.toLowerCase()}`, async () => {
    const body = await apiFetch<{ columns?: SchemaColumn[]; tables?: SchemaTable[] }>(
      `${base(uid)}?${new URLSearchParams({ table })}`,
    );
    return body.columns ?? body.tables?.find((t) => t.name.toLowerCase() === table.toLowerCase())?.columns ?? [];
  });
}

/** Table names after FROM or JOIN in `sql` (plain or quoted names), at most 5, in order. */
export function tablesNamedIn(sql: string): string[] {
  const out: string[] = [];
  for (const m of sql.matchAll(/\b(?:from|join)\s+[`"]?([A-Za-z_][\w]*)[`"]?/gi))
    if (!out.includes(m[1]) && out.length < 5) out.push(m[1]);
  return out;
}
