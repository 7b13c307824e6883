/**
 * Where in the SQL an engine's error message points, so the panel editor can mark the spot. Engines say it in
 * their own words: DuckDB echoes the line with a caret under it, MySQL/MariaDB quote the text from the error on,
 * StarRocks and Druid (Calcite) give a line and column. Pure: runs on the server and in the browser alike.
 */
import { diffLines, diffWordsWithSpace } from 'diff';
import stringWidth from 'string-width';

/**
 * A place in SQL text: 1-based `line`, and 1-based `column` counted in UTF-16 code units (JavaScript string
 * indexes, as CodeMirror counts them).
 */
export interface SqlPosition {
  line: number;
  column: number;
}

type Finder = (m: RegExpExecArray, lines: string[]) => SqlPosition | undefined;

/** The position, when `line` exists in the SQL; the column is kept within the line (one past its end at most). */
function at(lines: string[], line: number, column: number): SqlPosition | undefined {
  const text = lines[line - 1];
  if (text === undefined || !Number.isFinite(column)) return undefined;
  return { line, column: Math.min(Math.max(column, 1), text.length + 1) };
}

/** Index in `text` of the character `cells` display cells in: DuckDB counts wide characters as two, tabs as none. */
function cellsToIndex(text: string, cells: number): number {
  let width = 0;
  let i = 0;
  for (const ch of text) {
    const w = stringWidth(ch);
    // A zero-width character (a tab) at the spot is skipped: the caret stands under what follows it.
    if (width >= cells && w > 0) break;
    width += w;
    i += ch.length;
  }
  return i;
}

/**
 * DuckDB: `LINE 3: <the line>` and a caret line under it. A long line is cut around the spot, each cut marked
 * `...`, so the shown part is looked up in the SQL's line.
 */
const duckDbCaret: Finder = (m, lines) => {
  const line = Number(m[1]);
  const source = lines[line - 1];
  if (source === undefined) return undefined;
  let shown = m[2];
  let cells = m[3].length - `LINE ${m[1]}: `.length;
  if (shown !== source) {
    if (shown.startsWith('...')) {
      shown = shown.slice(3);
      cells -= 3;
    }
    if (shown.endsWith('...')) shown = shown.slice(0, -3);
  }
  const base = shown === source ? 0 : source.indexOf(shown);
  if (base < 0) return undefined;
  return at(lines, line, base + cellsToIndex(shown, cells) + 1);
};

/** MySQL/MariaDB: `near '<the statement from the error on, cut at 80 characters>' at line N`. */
const mysqlNear: Finder = (m, lines) => {
  const near = m[1];
  const line = Number(m[2]);
  const source = lines[line - 1];
  if (source === undefined) return undefined;
  if (near === '') return at(lines, line, source.trimEnd().length + 1);
  const rest = lines.slice(line - 1).join('\n');
  const first = near.split('\n')[0];
  let fallback = -1;
  for (let i = source.indexOf(first); i >= 0; i = source.indexOf(first, i + 1)) {
    if (rest.startsWith(near, i)) return at(lines, line, i + 1);
    if (fallback < 0) fallback = i;
  }
  return fallback < 0 ? undefined : at(lines, line, fallback + 1);
};

/** End of the statement: past its last character that is not white space. */
const endOfInput: Finder = (_m, lines) => {
  let line = lines.length;
  while (line > 1 && !lines[line - 1].trim()) line--;
  return at(lines, line, lines[line - 1].trimEnd().length + 1);
};

/** A name the error quotes without a position (MySQL's unknown column or table): where it appears exactly once. */
const onlyPlaceOf: Finder = (m, lines) => {
  const names = [m[1], m[1].split('.').pop()!];
  for (const name of names) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const hits = [...lines.join('\n').matchAll(new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`, 'gi'))];
    if (hits.length !== 1) continue;
    const before = lines.join('\n').slice(0, hits[0].index);
    const line = before.split('\n').length;
    return at(lines, line, hits[0].index - before.lastIndexOf('\n'));
  }
  return undefined;
};

/** First match wins; the order matters where wordings overlap (StarRocks' columns are 0-based, Calcite's 1-based). */
const FINDERS: ReadonlyArray<readonly [RegExp, Finder]> = [
  [/^LINE (\d+): ([^\n]*)\n( *)\^/m, duckDbCaret],
  // StarRocks (ANTLR's charPositionInLine): `Getting syntax error at line 1, column 7`, `… from line 1, column 7 to …`
  [/Getting (?:syntax|analyzing) error (?:at|from) line (\d+), column (\d+)/, (m, l) => at(l, +m[1], +m[2] + 1)],
  // Druid 27+: `Received an unexpected token [FROM] (line [1], column [8])`, `Object 'x' not found (line [1], column [15])`
  [/\(line \[(\d+)\], column \[(\d+)\]\)/, (m, l) => at(l, +m[1], +m[2])],
  // Calcite's own wording, and Druid before 27: `Encountered "FROM" at line 1, column 8.`
  [/\bat line (\d+), column (\d+)/, (m, l) => at(l, +m[1], +m[2])],
  [/near '([\s\S]*)' at line (\d+)\s*$/, mysqlNear],
  [/syntax error at end of input/, endOfInput],
  [/Unknown column '([^']+)'/, onlyPlaceOf],
  [/Table '([^']+)' doesn't exist/, onlyPlaceOf],
  [/FUNCTION (\S+) does not exist/, onlyPlaceOf],
];

/** Where `message` (an engine's error for `sql`) points in `sql`, or undefined when it names no place. */
export function errorPosition(message: string, sql: string): SqlPosition | undefined {
  const lines = sql.split('\n');
  for (const [re, find] of FINDERS) {
    const m = re.exec(message);
    if (m) return find(m, lines);
  }
  return undefined;
}

type Change = { value: string; count: number; added: boolean; removed: boolean };

/**
 * The place in the old text of `target`, a place in the new text, walking a diff whose parts measure `size` (lines
 * or characters). Shared text maps exactly; a place inside new text maps to the start of what it replaced.
 */
function throughDiff(parts: Change[], target: number, size: (c: Change) => number): number {
  let inNew = 0;
  let inOld = 0;
  let changeStart = -1;
  for (const part of parts) {
    const n = size(part);
    if (!part.added && !part.removed) {
      if (target < inNew + n) return inOld + (target - inNew);
      inNew += n;
      inOld += n;
      changeStart = -1;
      continue;
    }
    if (changeStart < 0) changeStart = inOld;
    if (part.removed) inOld += n;
    else if (target < inNew + n) return changeStart;
    else inNew += n;
  }
  return inOld + (target - inNew);
}

// Bounded: texts far apart (a huge variable value) are not worth a long diff.
const LIMITS = { maxEditLength: 2000, timeout: 50 };

/** Column (0-based) in `typed` of column `col` of `rendered`, two versions of one line. */
function typedColumn(col: number, rendered: string, typed: string): number | undefined {
  if (rendered === typed) return col;
  const max = Math.min(rendered.length, typed.length);
  let prefix = 0;
  while (prefix < max && rendered[prefix] === typed[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && rendered.at(-1 - suffix) === typed.at(-1 - suffix)) suffix++;
  // Before the first expansion or after the last, the text is the user's: exact.
  if (col < prefix) return col;
  if (col >= rendered.length - suffix) return typed.length - (rendered.length - col);
  // Between expansions: words, not characters, so that a coincidental letter does not pull the spot astray.
  const parts = diffWordsWithSpace(
    typed.slice(prefix, typed.length - suffix),
    rendered.slice(prefix, -suffix || undefined),
    LIMITS,
  );
  return parts ? prefix + throughDiff(parts, col - prefix, (c) => c.value.length) : undefined;
}

/**
 * A position in `rendered` (the SQL sent, macros and variables expanded) as the same place in `typed` (what the
 * user wrote). Text the two share maps exactly; a spot inside an expansion maps to the start of what the user
 * wrote there (the macro or variable). Undefined when the two are too far apart to compare.
 */
export function toTypedPosition(pos: SqlPosition, rendered: string, typed: string): SqlPosition | undefined {
  if (rendered === typed) return pos;
  const r = rendered.split('\n');
  const t = typed.split('\n');
  let line = pos.line - 1;
  if (r.length !== t.length) {
    // An expansion added or removed lines (a multi-line variable value): lines are matched first.
    const parts = diffLines(typed, rendered, LIMITS);
    if (!parts) return undefined;
    line = Math.min(
      throughDiff(parts, line, (c) => c.count),
      t.length - 1,
    );
  }
  if (r[pos.line - 1] === undefined) return undefined;
  const column = typedColumn(pos.column - 1, r[pos.line - 1], t[line]);
  return column === undefined ? undefined : { line: line + 1, column: Math.min(column, t[line].length) + 1 };
}

/** Where an engine's error for the SQL `sent` points, as a place in the SQL the user `typed` (before macros). */
export function typedErrorPosition(message: string, sent: string, typed: string): SqlPosition | undefined {
  const pos = errorPosition(message, sent);
  return pos && toTypedPosition(pos, sent, typed);
}
