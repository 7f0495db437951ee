// Numbering stripping and the canonical forms behind ids, dedupe and split.
import { describe, expect, it } from 'vitest';
import { isBareNumber, normalizeCode, normalizeDescription, pairId, stripNumbering } from '../../../src/shared/dataset/normalize';

describe('stripNumbering', () => {
  it.each([
    ['#1 write a program', 'write a program'],
    ['# 12. Write a program', 'Write a program'],
    ['#12) write a function', 'write a function'],
    ['#12)write a function', 'write a function'],
    ['12 - reverse a list', 'reverse a list'],
    ['(3) sort a list', 'sort a list'],
    ['Q4: add numbers', 'add numbers'],
    ['#### 93 write', 'write'],
    ['write a program', 'write a program'],
  ])('%s → %s', (input, expected) => {
    expect(stripNumbering(input)).toBe(expected);
  });

  it('strips a bare number only in #-headers, after a label, or when asked', () => {
    expect(stripNumbering('5 maximum values in a python dictionary')).toBe('5 maximum values in a python dictionary');
    expect(stripNumbering('5 maximum values', { bareNumbers: true })).toBe('maximum values');
    expect(stripNumbering('#5 maximum values')).toBe('maximum values');
    expect(stripNumbering('Example 3 write a loop')).toBe('write a loop');
    expect(stripNumbering('Question nine')).toBe('Question nine');
  });

  it('leaves numbers that are part of the words', () => {
    expect(stripNumbering('3.14 to a fraction')).toBe('3.14 to a fraction');
    expect(stripNumbering('3x3 matrix multiplication')).toBe('3x3 matrix multiplication');
    expect(stripNumbering('2D array sum')).toBe('2D array sum');
  });

  it('recognises a header that is only a number', () => {
    expect(isBareNumber('# 12')).toBe(true);
    expect(isBareNumber('#### 93')).toBe(true);
    expect(isBareNumber('65.')).toBe(true);
    expect(isBareNumber('12 write')).toBe(false);
  });
});

describe('normalizeDescription', () => {
  it('ignores case, numbering, spacing and a final full stop', () => {
    expect(normalizeDescription('#3.  Write a  Program.')).toBe(normalizeDescription('write a program'));
  });
});

describe('normalizeCode', () => {
  it('drops trailing spaces, blank lines and CRLF, collapses inner runs of spaces', () => {
    expect(normalizeCode('x  =  1   \r\n\r\n\nprint( x )\n')).toBe('x = 1\nprint( x )');
  });

  it('keeps indentation, so different nesting stays different', () => {
    expect(normalizeCode('if a:\n    b\n    c')).not.toBe(normalizeCode('if a:\n    b\nc'));
    expect(normalizeCode('if a:\n\tb')).toBe(normalizeCode('if a:\n        b'));
  });
});

describe('pairId', () => {
  it('is stable across whitespace and numbering differences and distinct otherwise', () => {
    expect(pairId('#1 add two numbers', 'a = 1 + 2\n')).toBe(pairId('add two numbers', 'a = 1 + 2'));
    expect(pairId('add two numbers', 'a = 1 + 2')).not.toBe(pairId('add two numbers', 'a = 1 + 3'));
    expect(pairId('add two numbers', 'a = 1 + 2')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('does not confuse description/code boundaries', () => {
    expect(pairId('a b', 'c')).not.toBe(pairId('a', 'b c'));
  });
});
