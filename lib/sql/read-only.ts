/**
 * Read-only guard for panel SQL: one SELECT/WITH statement, no data-modifying, session or IO keyword.
 * This is defence in depth next to read-only database users, not a replacement for them.
 */
import { PulseboardError } from '../errors';
import type { EngineType } from '../engine-type';
import { LEX_PROFILES, isTrivia, tokenize, type LexProfile, type Token } from './sql-lexer';

/** Keywords that may not appear as bare words anywhere in a panel query. */
// prettier-ignore
const FORBIDDEN = new Set([
  'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'UPSERT', 'REPLACE', 'CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'GRANT',
  'REVOKE', 'ATTACH', 'DETACH', 'COPY', 'EXPORT', 'IMPORT', 'INSTALL', 'LOAD', 'PRAGMA', 'SET', 'CALL',
  'CHECKPOINT', 'VACUUM', 'KILL', 'USE', 'INTO', 'OUTFILE', 'DUMPFILE',
]);

/** Forbidden words that are also scalar functions: `replace(s, a, b)`, MySQL `insert(s, pos, len, t)`, `truncate(x, d)`. */
const ALSO_FUNCTIONS = new Set(['REPLACE', 'INSERT', 'TRUNCATE']);

const FIRST_WORDS = new Set(['SELECT', 'WITH']);

function reject(found: string): PulseboardError {
  return new PulseboardError(
    `Only one read-only SELECT or WITH statement may run; found ${found}`,
    400,
    'not_read_only',
  );
}

/** Code tokens (no whitespace/comments) of the first statement; throws if anything but `;` and trivia follows it. */
function singleStatement(tokens: Token[], profile: LexProfile): Token[] {
  const code: Token[] = [];
  let ended = false;
  for (const t of tokens) {
    if (profile.executableComments && t.kind === 'comment' && t.text.startsWith('/*!'))
      throw reject('a MySQL executable comment (/*! … */)');
    if (isTrivia(t)) continue;
    if (t.kind === 'punct' && t.text === ';') ended = true;
    else if (ended) throw reject(`a second statement after ';' (${t.text.slice(0, 20).toUpperCase()})`);
    else code.push(t);
  }
  return code;
}

function assertFirstWord(code: Token[]): void {
  const first = code.find((t) => !(t.kind === 'punct' && t.text === '('));
  if (!first) throw new PulseboardError('The query is empty', 400, 'not_read_only');
  const word = first.kind === 'word' ? first.text.toUpperCase() : first.text.slice(0, 20);
  if (!FIRST_WORDS.has(word)) throw reject(word);
}

/** A forbidden word used as a column qualifier or member (`s.load`, `load.cpu`) or called as a function is allowed. */
function isHarmlessUse(code: Token[], i: number, word: string): boolean {
  const prev = code[i - 1];
  const next = code[i + 1];
  if (prev?.kind === 'punct' && prev.text === '.') return true;
  if (next?.kind === 'punct' && next.text === '.') return true;
  return ALSO_FUNCTIONS.has(word) && next?.kind === 'punct' && next.text === '(';
}

function assertNoForbiddenWord(code: Token[]): void {
  code.forEach((t, i) => {
    if (t.kind !== 'word') return;
    const word = t.text.toUpperCase();
    if (!FORBIDDEN.has(word) || isHarmlessUse(code, i, word)) return;
    throw new PulseboardError(
      `Only one read-only SELECT or WITH statement may run; found ${word} (quote it as an identifier if it is a column name)`,
      400,
      'not_read_only',
    );
  });
}

function tokensOrReject(sql: string, profile: LexProfile, several: boolean): Token[] {
  try {
    return tokenize(sql, profile);
  } catch (e) {
    const rules = several ? ` (${profile.name} quoting rules)` : '';
    throw new PulseboardError(`${(e as Error).message}${rules}`, 400, 'not_read_only');
  }
}

function checkWith(sql: string, profile: LexProfile, several: boolean): void {
  const code = singleStatement(tokensOrReject(sql, profile, several), profile);
  assertFirstWord(code);
  assertNoForbiddenWord(code);
}

/**
 * Throw PulseboardError(400, 'not_read_only') unless `sql` is exactly one SELECT or WITH statement (a trailing `;`,
 * whitespace and comments allowed) with no data-modifying, session or IO keyword outside literals, quoted
 * identifiers and comments. Function calls (`replace(…)`), qualified names (`t.load`) and words that merely
 * contain a keyword (`updated_at`) pass.
 *
 * Without `engine` the query must pass under every engine's lexical rules (strings with or without backslash
 * escapes, `#` and nested comments, DuckDB `$$` and `E''` strings), so text one engine reads as a literal cannot
 * hide a statement from another. Give `engine` to check only with that engine's rules.
 */
export function assertReadOnly(sql: string, engine?: EngineType): void {
  const profiles = engine ? [LEX_PROFILES[engine]] : Object.values(LEX_PROFILES);
  for (const profile of profiles) checkWith(sql, profile, profiles.length > 1);
}
