import { describe, expect, it } from 'vitest';
import { toDollarParams, toParams } from './sql';

describe('toDollarParams', () => {
  it.each([
    ['SELECT 1', 'SELECT 1'],
    ['SELECT * FROM t WHERE a = ? AND b = ?', 'SELECT * FROM t WHERE a = $1 AND b = $2'],
    ["SELECT '?' AS q, ? AS p", "SELECT '?' AS q, $1 AS p"],
    ["SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1"],
    ['SELECT "odd?name" FROM t WHERE x = ?', 'SELECT "odd?name" FROM t WHERE x = $1'],
    ['SELECT ? -- why?\n, ?', 'SELECT $1 -- why?\n, $2'],
    ['SELECT /* ? */ ?', 'SELECT /* ? */ $1'],
    ["SELECT 'unterminated ?", "SELECT 'unterminated ?"],
  ])('%s', (sql, expected) => {
    expect(toDollarParams(sql)).toBe(expected);
  });
});

describe('toParams', () => {
  it('sends flags as 0/1 and leaves other values alone', () => {
    expect(toParams([true, false, 0, 'x', null])).toEqual([1, 0, 0, 'x', null]);
  });
});
