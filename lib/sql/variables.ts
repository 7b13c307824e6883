/**
 * Dashboard template variables in panel SQL, Grafana syntax, always as dialect-quoted literals.
 *
 * Values arrive from URLs (`var-city=Lima`) and embed tokens, so whoever views a dashboard controls them: they are
 * never pasted raw. In SQL code `$city`, `${city}`, `${city:csv}`, `${city:sqlstring}`, `${city:singlequote}` and
 * `[[city]]` all render `'Lima'` (multi-value `'Lima','Quito'`, no value `NULL`), so `city IN ($city)` works;
 * `${city:raw}` and other formats are refused.
 *
 * Grafana also replaces inside string literals, where pasting a quoted literal would close the author's quote and
 * let the value escape it. Here a literal that is exactly one reference (`'$city'`, Grafana's usual single-value
 * style) becomes the quoted value list, and a reference inside a longer literal (`'%$city%'`) is escaped for that
 * literal without adding quotes. Comments and quoted identifiers are left as written.
 *
 * A variable set to All whose dashboard gives a custom all value (Grafana's `allValue`, written by an editor, never
 * by a viewer) renders that SQL as written in code (`city IN ($city)` → `city IN (SELECT city FROM cities)`), and
 * as a quoted value inside a literal, like any value there.
 */
import { PulseboardError } from '../errors';
import type { SqlDialect } from './types';
import { LEX_PROFILES, tokenize, type Token } from './sql-lexer';

const VAR_REF = /\$(\w+)|\[\[(\w+)(?::(\w+))?\]\]|\$\{(\w+)(?::([^}]*))?\}/g;
const QUOTED_FORMATS = new Set(['csv', 'sqlstring', 'singlequote']);

interface Ref {
  name: string;
  format?: string;
}

function refOf(m: RegExpMatchArray): Ref {
  return { name: m[1] ?? m[2] ?? m[4], format: m[3] ?? m[5] };
}

/** True when the reference is ours to replace; throws for formats that would paste values raw. */
function isOurs(ref: Ref, values: Record<string, string[]>): boolean {
  if (ref.name.startsWith('__')) return false;
  if (ref.format === 'raw') {
    throw new PulseboardError(
      `\${${ref.name}:raw} is not allowed: variable values come from the URL and are always quoted, never pasted into SQL`,
      400,
      'bad_variable',
    );
  }
  if (!Object.hasOwn(values, ref.name)) return false;
  if (ref.format !== undefined && !QUOTED_FORMATS.has(ref.format)) {
    throw new PulseboardError(
      `\${${ref.name}:${ref.format}} is not supported in SQL; use $${ref.name}, \${${ref.name}:csv} or \${${ref.name}:sqlstring}`,
      400,
      'bad_variable',
    );
  }
  return true;
}

function valuesOf(values: Record<string, string[]>, name: string): string[] {
  const v: unknown = values[name];
  return Array.isArray(v) ? v.map(String) : v === undefined || v === null ? [] : [String(v)];
}

function quotedList(vals: string[], dialect: SqlDialect): string {
  return vals.length === 0 ? 'NULL' : vals.map((v) => dialect.quoteString(v)).join(',');
}

/** The escaped body `quoteString` would put between single quotes. */
function escapedBody(vals: string[], dialect: SqlDialect): string {
  return vals
    .map((v) => {
      const quoted = dialect.quoteString(v);
      if (!quoted.startsWith("'") || !quoted.endsWith("'")) {
        throw new PulseboardError(
          `The ${dialect.engine} dialect cannot escape values inside a literal`,
          400,
          'bad_variable',
        );
      }
      return quoted.slice(1, -1);
    })
    .join(',');
}

function replaceInCode(
  code: string,
  values: Record<string, string[]>,
  dialect: SqlDialect,
  allSql: Record<string, string>,
): string {
  return code.replace(VAR_REF, (...m) => {
    const ref = refOf(m as unknown as RegExpMatchArray);
    if (!isOurs(ref, values)) return m[0];
    return Object.hasOwn(allSql, ref.name) ? allSql[ref.name] : quotedList(valuesOf(values, ref.name), dialect);
  });
}

function replaceInLiteral(t: Token, values: Record<string, string[]>, dialect: SqlDialect): string {
  const quote = t.quote ?? "'";
  const closeLength = quote.startsWith('$') ? quote.length : 1;
  const body = t.text.slice(quote.length, t.text.length - closeLength);
  const refs = [...body.matchAll(VAR_REF)].filter((m) => isOurs(refOf(m), values));
  if (refs.length === 0) return t.text;
  const whole = refs.length === 1 && refs[0][0] === body;
  if (whole && (quote === "'" || quote === '"' || quote === "E'"))
    return quotedList(valuesOf(values, refOf(refs[0]).name), dialect);
  if (quote !== "'") {
    throw new PulseboardError(
      `Variable ${refs[0][0]} inside a ${quote}…${quote.slice(-1)} literal: put it in a plain '…' string`,
      400,
      'bad_variable',
    );
  }
  const inner = body.replace(VAR_REF, (...m) => {
    const ref = refOf(m as unknown as RegExpMatchArray);
    return isOurs(ref, values) ? escapedBody(valuesOf(values, ref.name), dialect) : m[0];
  });
  return `'${inner}'`;
}

/**
 * Replace the template variables named in `values` (already resolved, `All` expanded to its options) with
 * dialect-quoted literals; see the module comment for forms and literal handling. Names starting with `__`
 * (`$__interval`, `$__timeFilter`) are macros for `renderMacros`, and names not in `values` (such as DuckDB's `$1`)
 * are left as written. `allSql`: the custom all value of variables set to All (trusted, from the dashboard).
 * Throws PulseboardError(400, 'bad_variable') for `:raw` and unsupported formats.
 */
export function interpolateVariables(
  sql: string,
  values: Record<string, string[]>,
  dialect: SqlDialect,
  allSql: Record<string, string> = {},
): string {
  const toks = tokenize(sql, LEX_PROFILES[dialect.engine]);
  const inLiterals = { ...values };
  for (const [name, text] of Object.entries(allSql)) if (Object.hasOwn(values, name)) inLiterals[name] = [text];
  let out = '';
  let codeStart = 0;
  for (const t of toks) {
    if (t.kind !== 'string' && t.kind !== 'comment' && t.kind !== 'identifier') continue;
    out += replaceInCode(sql.slice(codeStart, t.start), values, dialect, allSql);
    out += t.kind === 'string' ? replaceInLiteral(t, inLiterals, dialect) : t.text;
    codeStart = t.end;
  }
  return out + replaceInCode(sql.slice(codeStart), values, dialect, allSql);
}
