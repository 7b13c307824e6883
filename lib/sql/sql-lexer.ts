/**
 * A small SQL tokenizer that knows where strings, quoted identifiers and comments start and end in each engine's
 * lexical rules. It does not parse SQL; it lets `read-only.ts`, `variables.ts` and `macros.ts` tell code from
 * literals. Every character of the input belongs to exactly one token, so joining token texts gives the input back.
 */
import { PulseboardError } from '../errors';
import type { EngineType } from '../engine-type';

/** Lexical rules of one engine family. */
export interface LexProfile {
  /** Profile name used in error messages. */
  name: string;
  /** `\'` escapes a quote inside '…' and "…" strings (MySQL family). */
  backslashEscapes: boolean;
  /** `#` starts a line comment (MySQL, MariaDB). */
  hashComments: boolean;
  /** `--` is a comment only when followed by whitespace or a control character (MySQL, MariaDB). */
  dashDashNeedsSpace: boolean;
  /** `//` starts a line comment (Calcite). */
  slashSlashComments: boolean;
  /** Block comments nest (DuckDB, PostgreSQL). */
  nestedComments: boolean;
  /** `$tag$…$tag$` strings (DuckDB). */
  dollarQuotes: boolean;
  /** `E'…'` strings with backslash escapes (DuckDB). */
  escapeStrings: boolean;
  /** `"…"` is a string literal rather than an identifier (MySQL without ANSI_QUOTES). */
  doubleQuoteIsString: boolean;
  /** `` `…` `` quotes identifiers (MySQL family). */
  backtickIdentifiers: boolean;
  /** Comments opening with slash-star-bang run as SQL (MySQL, MariaDB); callers that skip comments must reject them. */
  executableComments: boolean;
}

const STANDARD: Omit<LexProfile, 'name'> = {
  backslashEscapes: false,
  hashComments: false,
  dashDashNeedsSpace: false,
  slashSlashComments: false,
  nestedComments: false,
  dollarQuotes: false,
  escapeStrings: false,
  doubleQuoteIsString: false,
  backtickIdentifiers: false,
  executableComments: false,
};

const MYSQL: LexProfile = {
  ...STANDARD,
  name: 'mysql',
  backslashEscapes: true,
  hashComments: true,
  dashDashNeedsSpace: true,
  doubleQuoteIsString: true,
  backtickIdentifiers: true,
  executableComments: true,
};

/** Lexical profile per engine. StarRocks' lexer takes `--` anywhere as a comment and has no `#` comments. */
export const LEX_PROFILES: Readonly<Record<EngineType, LexProfile>> = {
  duckdb: { ...STANDARD, name: 'duckdb', nestedComments: true, dollarQuotes: true, escapeStrings: true },
  mysql: MYSQL,
  starrocks: { ...MYSQL, name: 'starrocks', hashComments: false, dashDashNeedsSpace: false },
  druid: { ...STANDARD, name: 'druid', slashSlashComments: true },
};

type TokenKind = 'space' | 'comment' | 'string' | 'identifier' | 'word' | 'number' | 'punct';

/** One token: `text` equals `sql.slice(start, end)`. */
export interface Token {
  kind: TokenKind;
  text: string;
  start: number;
  end: number;
  /** For strings and quoted identifiers: the opening quote (`'`, `"`, `` ` ``, `E'`, `$tag$`). */
  quote?: string;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const SPACE = /\s/;

function unterminated(what: string, at: number): PulseboardError {
  return new PulseboardError(`Unterminated ${what} starting at character ${at + 1}`, 400, 'bad_sql');
}

/** End index (exclusive) of a quoted run opened at `start` by `q`; doubled quotes and optional backslashes escape. */
function quotedEnd(sql: string, start: number, q: string, backslash: boolean, what: string): number {
  let i = start + 1;
  while (i < sql.length) {
    const c = sql[i];
    if (backslash && c === '\\') i += 2;
    else if (c === q && sql[i + 1] === q) i += 2;
    else if (c === q) return i + 1;
    else i += 1;
  }
  throw unterminated(what, start);
}

function blockCommentEnd(sql: string, start: number, nested: boolean): number {
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql.startsWith('/*', i) && (nested || depth === 0)) {
      depth += 1;
      i += 2;
    } else if (sql.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) return i;
    } else i += 1;
  }
  throw unterminated('block comment', start);
}

function lineCommentEnd(sql: string, start: number): number {
  const nl = sql.indexOf('\n', start);
  return nl === -1 ? sql.length : nl + 1;
}

function isLineComment(sql: string, i: number, p: LexProfile): boolean {
  if (sql.startsWith('--', i)) {
    const next = sql[i + 2];
    return !p.dashDashNeedsSpace || next === undefined || next <= ' ';
  }
  return (p.hashComments && sql[i] === '#') || (p.slashSlashComments && sql.startsWith('//', i));
}

function dollarTag(sql: string, i: number, p: LexProfile): string | undefined {
  if (!p.dollarQuotes || sql[i] !== '$' || (i > 0 && WORD_CHAR.test(sql[i - 1]))) return undefined;
  const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 66));
  return m ? m[0] : undefined;
}

function runEnd(sql: string, i: number, re: RegExp): number {
  let j = i + 1;
  while (j < sql.length && re.test(sql[j])) j += 1;
  return j;
}

/** Kind, end and opening quote of the quoted token starting at `i`, if one starts there. */
function quotedToken(sql: string, i: number, p: LexProfile): Omit<Token, 'text' | 'start'> | undefined {
  const c = sql[i];
  const tag = dollarTag(sql, i, p);
  if (tag) {
    const close = sql.indexOf(tag, i + tag.length);
    if (close === -1) throw unterminated('dollar-quoted string', i);
    return { kind: 'string', end: close + tag.length, quote: tag };
  }
  const eString =
    p.escapeStrings && (c === 'E' || c === 'e') && sql[i + 1] === "'" && !WORD_CHAR.test(sql[i - 1] ?? ' ');
  if (eString) return { kind: 'string', end: quotedEnd(sql, i + 1, "'", true, 'string literal'), quote: "E'" };
  if (c === "'") return { kind: 'string', end: quotedEnd(sql, i, c, p.backslashEscapes, 'string literal'), quote: c };
  if (c === '"' && p.doubleQuoteIsString)
    return { kind: 'string', end: quotedEnd(sql, i, c, p.backslashEscapes, 'string literal'), quote: c };
  if (c === '"') return { kind: 'identifier', end: quotedEnd(sql, i, c, false, 'quoted identifier'), quote: c };
  if (c === '`' && p.backtickIdentifiers)
    return { kind: 'identifier', end: quotedEnd(sql, i, c, false, 'quoted identifier'), quote: c };
  return undefined;
}

function tokenAt(sql: string, i: number, p: LexProfile): Omit<Token, 'text' | 'start'> {
  const c = sql[i];
  if (SPACE.test(c)) return { kind: 'space', end: runEnd(sql, i, SPACE) };
  if (isLineComment(sql, i, p)) return { kind: 'comment', end: lineCommentEnd(sql, i) };
  if (sql.startsWith('/*', i)) return { kind: 'comment', end: blockCommentEnd(sql, i, p.nestedComments) };
  const quoted = quotedToken(sql, i, p);
  if (quoted) return quoted;
  if (WORD_START.test(c)) return { kind: 'word', end: runEnd(sql, i, WORD_CHAR) };
  if (/[0-9]/.test(c)) return { kind: 'number', end: runEnd(sql, i, /[0-9A-Za-z_.]/) };
  return { kind: 'punct', end: i + 1 };
}

/** Lazily tokenize `sql` from `start`; throws PulseboardError(400) when it reaches an unterminated string or comment. */
function* tokens(sql: string, profile: LexProfile, start = 0): Generator<Token> {
  let i = start;
  while (i < sql.length) {
    const t = tokenAt(sql, i, profile);
    yield { ...t, text: sql.slice(i, t.end), start: i };
    i = t.end;
  }
}

/** Tokenize all of `sql` with an engine's lexical rules. Throws PulseboardError(400) on an unterminated string or comment. */
export function tokenize(sql: string, profile: LexProfile): Token[] {
  return [...tokens(sql, profile)];
}

/** True for tokens that carry no code: whitespace and comments. */
export function isTrivia(t: Token): boolean {
  return t.kind === 'space' || t.kind === 'comment';
}
