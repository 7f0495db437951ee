// English description tokenizer: lower-cased words, whole numbers, split punctuation, and
// quoted names (CoNaLa style 'x', `df`, "text") kept with their quotes and original case.
import { describe, expect, it } from 'vitest';
import { tokenizeEnglish } from '../../../src/shared/tokenizer/english-tokenizer';

describe('tokenizeEnglish', () => {
  it('lower-cases words and splits punctuation off', () => {
    expect(tokenizeEnglish('Write a Python program, then PRINT it!')).toEqual(['write', 'a', 'python', 'program', ',', 'then', 'print', 'it', '!']);
  });

  it('keeps integers and decimals whole, and words that start with digits', () => {
    expect(tokenizeEnglish('Add 2.5 and 10 to the 2nd item.')).toEqual(['add', '2.5', 'and', '10', 'to', 'the', '2nd', 'item', '.']);
  });

  it('keeps quoted names with their quotes and original case, split like code', () => {
    expect(tokenizeEnglish("convert list 'MyList' into `df.columns`")).toEqual(['convert', 'list', "'", 'MyList', "'", 'into', '`', 'df', '.', 'columns', '`']);
    expect(tokenizeEnglish('print "Hello World"')).toEqual(['print', '"', 'Hello', 'World', '"']);
    expect(tokenizeEnglish('strip "  Hi\\n"')).toEqual(['strip', '"', 'Hi', '\\n', '"']);
  });

  it('normalises typographic quotes to ASCII', () => {
    expect(tokenizeEnglish('rename ‘Col’ to “New”')).toEqual(['rename', "'", 'Col', "'", 'to', '"', 'New', '"']);
  });

  it('does not mistake apostrophes for quotes', () => {
    expect(tokenizeEnglish("Don't sort the students' marks in python's list")).toEqual([
      "don't", 'sort', 'the', 'students', "'", 'marks', 'in', 'python', "'s", 'list',
    ]);
  });

  it('keeps Python operators whole', () => {
    expect(tokenizeEnglish('check x >= 5 and y ** 2 != 4')).toEqual(['check', 'x', '>=', '5', 'and', 'y', '**', '2', '!=', '4']);
  });

  it('handles empty input, whitespace and an unmatched quote', () => {
    expect(tokenizeEnglish('')).toEqual([]);
    expect(tokenizeEnglish('  \n\t ')).toEqual([]);
    expect(tokenizeEnglish("don't 'open")).toEqual(["don't", "'", 'open']);
  });
});
