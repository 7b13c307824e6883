/**
 * Grafana SQL macros (https://grafana.com/docs/grafana/latest/datasources/mysql/#macros) rendered per dialect.
 * Run after `interpolateVariables`. Call macros (`$__timeFilter(ts)`) expand in SQL code only, never inside string
 * literals or comments; value macros (`$__interval`, `$__interval_ms`, `$__from`, `$__to`, `$__range*`) expand in
 * code and inside string literals (`'$__interval'`), as Grafana does. Their output never contains quotes.
 */
import { PulseboardError } from '../errors';
import type { SqlDialect } from './types';
import { LEX_PROFILES, tokenize, type Token } from './sql-lexer';
import { formatDuration, parseDuration } from './time-grains';

/** Gap filling requested by a `$__timeGroup(col, interval, fill)` third argument. */
export interface GapFill {
  /** Bucket width: the macro's interval in ms. */
  intervalMs: number;
  /** `NULL` → 'null', `previous` → 'previous', a number → 'value'. */
  mode: 'null' | 'previous' | 'value';
  /** Fill value when `mode` is 'value'. */
  value?: number;
}

/** What macros render against. */
export interface MacroContext {
  dialect: SqlDialect;
  /** Resolved absolute range (see `resolveTimeRange`). */
  range: { from: Date; to: Date };
  /** `$__interval` in ms (see `calculateInterval`). */
  intervalMs: number;
  /** The datasource's time column, what `$__timeColumn` expands to (default `ts`). */
  timeColumn?: string;
}

/** SQL with macros expanded, plus the gap fill a `$__timeGroup` asked for (the last one wins, as in Grafana). */
export interface RenderedSql {
  sql: string;
  fill?: GapFill;
  /** Values for the `?` placeholders, in order, when the dialect binds the range (`timeParameters`). */
  params?: Date[];
  /** Width in ms of the `$__timeGroup` buckets (the last one, as for `fill`); the live tail re-reads whole buckets. */
  bucketMs?: number;
  /** The start of the range bounds what the query reads (`$__timeFilter` or `$__timeFrom()`), so a narrower window reads less. */
  timeBounded?: boolean;
}

interface RenderState {
  fill?: GapFill;
  params: Date[];
  bucketMs?: number;
  timeBounded?: boolean;
}

interface CallMacro {
  min: number;
  max: number;
  usage: string;
  render(args: string[], ctx: MacroContext, state: RenderState): string;
}

function macroError(message: string): PulseboardError {
  return new PulseboardError(message, 400, 'bad_macro');
}

const rangeMs = (c: MacroContext) => c.range.to.getTime() - c.range.from.getTime();
const epochS = (d: Date) => String(Math.floor(d.getTime() / 1000));
/** Epoch nanoseconds: past 2^53, so as a BigInt (Date holds milliseconds; the rest is zeros, as Grafana's `UnixNano`). */
const epochNs = (d: Date) => String(BigInt(d.getTime()) * 1_000_000n);
const timeAlias = (c: MacroContext) => c.dialect.quoteIdentifier('time');

/** A range bound: a typed parameter where the dialect binds them, else a literal. */
function timeValue(d: Date, c: MacroContext, state: RenderState): string {
  if (!c.dialect.timeParameters) return c.dialect.timeLiteral(d);
  state.params.push(d);
  return c.dialect.placeholder(state.params.length - 1);
}

/** `$__timeColumn`: a plain name is written as is (`__time`, `ts`), anything else quoted. */
function timeColumn(c: MacroContext): string {
  const col = c.timeColumn ?? 'ts';
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(col) ? col : c.dialect.quoteIdentifier(col);
}

/** Macros without arguments; output is digits and unit letters only, so it is safe inside literals. */
const VALUE_MACROS: Readonly<Record<string, (c: MacroContext) => string>> = {
  __interval: (c) => formatDuration(c.intervalMs),
  __interval_ms: (c) => String(Math.round(c.intervalMs)),
  __from: (c) => String(c.range.from.getTime()),
  __to: (c) => String(c.range.to.getTime()),
  __range_ms: (c) => String(rangeMs(c)),
  __range_s: (c) => String(Math.round(rangeMs(c) / 1000)),
  __range: (c) => `${Math.round(rangeMs(c) / 1000)}s`,
};

function intervalSeconds(arg: string, macro: string): number {
  const text = arg.replace(/^(['"])(.*)\1$/s, '$2').trim();
  try {
    return parseDuration(text);
  } catch (e) {
    throw macroError(`Invalid interval "${text.slice(0, 40)}" in $${macro}: ${(e as Error).message}`);
  }
}

function parseFill(arg: string, intervalMs: number, macro: string): GapFill {
  const text = arg.trim();
  if (/^null$/i.test(text)) return { intervalMs, mode: 'null' };
  if (/^previous$/i.test(text)) return { intervalMs, mode: 'previous' };
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(text)) return { intervalMs, mode: 'value', value: Number(text) };
  throw macroError(`Invalid fill "${text.slice(0, 40)}" in $${macro}: use NULL, previous or a number`);
}

/**
 * `$__timeGroup` and `$__unixEpochGroup`: bucket expression from `bucket`, recording the optional fill and, for
 * timestamp buckets (`timeBuckets`), their width.
 */
function group(macro: string, bucket: (col: string, seconds: number, c: MacroContext) => string, timeBuckets: boolean) {
  return (args: string[], c: MacroContext, state: RenderState): string => {
    const seconds = intervalSeconds(args[1], macro);
    if (args.length > 2) state.fill = parseFill(args[2], Math.round(seconds * 1000), macro);
    if (timeBuckets) state.bucketMs = Math.round(seconds * 1000);
    return bucket(args[0], seconds, c);
  };
}

const timeGroup = group('__timeGroup', (col, s, c) => c.dialect.timeBucketSeconds(col, s), true);
const unixEpochGroup = group('__unixEpochGroup', (col, s) => `FLOOR(${col} / ${s}) * ${s}`, false);

/** The range start, bounding what the query reads. */
function rangeStart(c: MacroContext, state: RenderState): string {
  state.timeBounded = true;
  return timeValue(c.range.from, c, state);
}

const CALL_MACROS: Readonly<Record<string, CallMacro>> = {
  __timeFilter: {
    min: 1,
    max: 1,
    usage: '$__timeFilter(column)',
    render: ([col], c, s) => `${col} BETWEEN ${rangeStart(c, s)} AND ${timeValue(c.range.to, c, s)}`,
  },
  __timeFrom: { min: 0, max: 0, usage: '$__timeFrom()', render: (_, c, s) => rangeStart(c, s) },
  __timeTo: { min: 0, max: 0, usage: '$__timeTo()', render: (_, c, s) => timeValue(c.range.to, c, s) },
  __timeGroup: { min: 2, max: 3, usage: "$__timeGroup(column, '5m'[, fill])", render: timeGroup },
  __timeGroupAlias: {
    min: 2,
    max: 3,
    usage: "$__timeGroupAlias(column, '5m'[, fill])",
    render: (args, c, s) => `${timeGroup(args, c, s)} AS ${timeAlias(c)}`,
  },
  __time: { min: 1, max: 1, usage: '$__time(column)', render: ([col], c) => `${col} AS ${timeAlias(c)}` },
  __timeEpoch: {
    min: 1,
    max: 1,
    usage: '$__timeEpoch(column)',
    render: ([col], c) => `${c.dialect.toEpochSeconds(col)} AS ${timeAlias(c)}`,
  },
  __unixEpochFilter: {
    min: 1,
    max: 1,
    usage: '$__unixEpochFilter(column)',
    render: ([col], c) => `${col} >= ${epochS(c.range.from)} AND ${col} <= ${epochS(c.range.to)}`,
  },
  __unixEpochFrom: { min: 0, max: 0, usage: '$__unixEpochFrom()', render: (_, c) => epochS(c.range.from) },
  __unixEpochTo: { min: 0, max: 0, usage: '$__unixEpochTo()', render: (_, c) => epochS(c.range.to) },
  __unixEpochNanoFilter: {
    min: 1,
    max: 1,
    usage: '$__unixEpochNanoFilter(column)',
    render: ([col], c) => `${col} >= ${epochNs(c.range.from)} AND ${col} <= ${epochNs(c.range.to)}`,
  },
  __unixEpochNanoFrom: { min: 0, max: 0, usage: '$__unixEpochNanoFrom()', render: (_, c) => epochNs(c.range.from) },
  __unixEpochNanoTo: { min: 0, max: 0, usage: '$__unixEpochNanoTo()', render: (_, c) => epochNs(c.range.to) },
  __unixEpochGroup: { min: 2, max: 3, usage: "$__unixEpochGroup(column, '5m'[, fill])", render: unixEpochGroup },
  __unixEpochGroupAlias: {
    min: 2,
    max: 3,
    usage: "$__unixEpochGroupAlias(column, '5m'[, fill])",
    render: (args, c, s) => `${unixEpochGroup(args, c, s)} AS ${timeAlias(c)}`,
  },
};

/**
 * Every macro this module renders and how it is called (value macros by name), for the panel editor's help, which
 * a test holds to this list so the two cannot drift apart.
 */
export const MACRO_USAGES: Readonly<Record<string, string>> = {
  ...Object.fromEntries(Object.entries(CALL_MACROS).map(([name, m]) => [name, m.usage])),
  ...Object.fromEntries(Object.keys(VALUE_MACROS).map((name) => [name, `$${name}`])),
  __timeColumn: '$__timeColumn',
};

const VALUE_IN_TEXT = /\$\{(__\w+)\}|\$(__\w+)/g;

/** Value macros inside a string literal; anything else there is left as written. */
function valuesInLiteral(text: string, c: MacroContext): string {
  return text.replace(VALUE_IN_TEXT, (m, braced?: string, plain?: string) => {
    const fn = VALUE_MACROS[braced ?? plain ?? ''];
    return fn ? fn(c) : m;
  });
}

const isPunct = (t: Token | undefined, ch: string) => t?.kind === 'punct' && t.text === ch;
const touches = (a: Token | undefined, b: Token | undefined) => !!a && !!b && a.end === b.start;

/** Raw argument texts of the call whose `(` is `toks[open]`, and the index after its `)`. */
function readArgs(sql: string, toks: Token[], open: number, name: string): { args: string[]; next: number } {
  const args: string[] = [];
  let depth = 0;
  let argStart = toks[open].end;
  for (let j = open; j < toks.length; j++) {
    const t = toks[j];
    if (isPunct(t, '(')) depth += 1;
    else if (isPunct(t, ',') && depth === 1) {
      args.push(sql.slice(argStart, t.start).trim());
      argStart = t.end;
    } else if (isPunct(t, ')') && --depth === 0) {
      args.push(sql.slice(argStart, t.start).trim());
      return { args: args.length === 1 && args[0] === '' ? [] : args, next: j + 1 };
    }
  }
  throw macroError(`Unclosed parenthesis in $${name}(`);
}

function expandCall(name: string, rawArgs: string[], c: MacroContext, state: RenderState): string {
  const macro = CALL_MACROS[name];
  if (!macro) throw macroError(`Unknown macro $${name}()`);
  if (rawArgs.length < macro.min || rawArgs.length > macro.max || rawArgs.some((a) => a === '')) {
    const want = macro.min === macro.max ? `${macro.min}` : `${macro.min} to ${macro.max}`;
    throw macroError(`Macro $${name} takes ${want} argument(s), got ${rawArgs.length}: use ${macro.usage}`);
  }
  return macro.render(
    rawArgs.map((a) => render(a, c, state)),
    c,
    state,
  );
}

function expandValue(name: string, c: MacroContext): string {
  const fn = VALUE_MACROS[name];
  if (fn) return fn(c);
  if (name === '__timeColumn') return timeColumn(c);
  if (CALL_MACROS[name]) throw macroError(`Macro $${name} needs arguments: use ${CALL_MACROS[name].usage}`);
  throw macroError(`Unknown macro or variable $${name}`);
}

/** Expand the macro whose `$` is `toks[i]`; returns its SQL and the next token index, or undefined if none starts there. */
function expandAt(sql: string, toks: Token[], i: number, c: MacroContext, state: RenderState) {
  const [dollar, a, b, d] = [toks[i], toks[i + 1], toks[i + 2], toks[i + 3]];
  if (!isPunct(dollar, '$') || !touches(dollar, a)) return undefined;
  if (isPunct(a, '{') && b?.kind === 'word' && b.text.startsWith('__') && isPunct(d, '}')) {
    return { text: expandValue(b.text, c), next: i + 4 };
  }
  if (a.kind !== 'word' || !a.text.startsWith('__')) return undefined;
  if (!isPunct(b, '(') || !touches(a, b)) return { text: expandValue(a.text, c), next: i + 2 };
  const { args, next } = readArgs(sql, toks, i + 2, a.text);
  return { text: expandCall(a.text, args, c, state), next };
}

function render(sql: string, c: MacroContext, state: RenderState): string {
  const toks = tokenize(sql, LEX_PROFILES[c.dialect.engine]);
  let out = '';
  let i = 0;
  while (i < toks.length) {
    const t = toks[i];
    const expanded = t.kind === 'punct' ? expandAt(sql, toks, i, c, state) : undefined;
    out += expanded ? expanded.text : t.kind === 'string' ? valuesInLiteral(t.text, c) : t.text;
    i = expanded ? expanded.next : i + 1;
  }
  return out;
}

/**
 * Expand Grafana macros for `ctx.dialect`: `$__timeFilter(col)` (`col BETWEEN <from> AND <to>`, inclusive as in
 * Grafana; on dialects with `timeParameters` the bounds are `?` placeholders and `params` holds the Dates),
 * `$__timeFrom()`, `$__timeTo()`, `$__timeGroup(col, '5m'[, NULL|previous|<number>])` (bucket start,
 * epoch-aligned), `$__timeGroupAlias(…)` (same `AS "time"`), `$__time(col)`, `$__timeEpoch(col)`,
 * `$__unixEpochFilter(col)`, `$__unixEpochFrom()`, `$__unixEpochTo()` (epoch seconds, inclusive),
 * `$__unixEpochNanoFilter(col)`, `$__unixEpochNanoFrom()`, `$__unixEpochNanoTo()` (the same in epoch nanoseconds),
 * `$__unixEpochGroup(col, '5m'[, fill])` (`FLOOR(col / 300) * 300`, epoch seconds), `$__unixEpochGroupAlias(…)`, `$__timeColumn` (the datasource's time column: `__time` on Druid, `ts` by default; in
 * code only, not inside literals), and the values `$__interval` (`1m`, unquoted), `$__interval_ms`, `$__from`, `$__to`
 * (epoch ms), `$__range`, `$__range_s`, `$__range_ms`, also as `${__interval}`. Arguments may nest parentheses and
 * quoted strings, and may use value macros (`$__timeGroup(ts, $__interval)`). In a query with `$__timeGroup`, every
 * range macro starts at the range start aligned down to the bucket, so the first bucket is whole (unlike Grafana,
 * whose first bucket is cut by the range start). Throws PulseboardError(400,
 * 'bad_macro') naming the macro for unknown macros, wrong argument counts and bad intervals or fills.
 */
export function renderMacros(sql: string, ctx: MacroContext): RenderedSql {
  let state: RenderState = { params: [] };
  let text = render(sql, ctx, state);
  const bucket = state.bucketMs;
  const from = ctx.range.from.getTime();
  if (bucket && from % bucket !== 0) {
    // A query grouped in buckets reads its first bucket whole: a bucket cut by the range start would draw a dip at
    // the left edge that is not in the data, and would change every second as the range moves.
    state = { params: [] };
    text = render(
      sql,
      { ...ctx, range: { from: new Date(Math.floor(from / bucket) * bucket), to: ctx.range.to } },
      state,
    );
  }
  const out: RenderedSql = { sql: text };
  if (state.fill) out.fill = state.fill;
  if (state.params.length) out.params = state.params;
  if (state.bucketMs) out.bucketMs = state.bucketMs;
  if (state.timeBounded) out.timeBounded = true;
  return out;
}
