// FNV-1a 64 against the published test vectors, and the unit-interval mapping used by the split.
import { describe, expect, it } from 'vitest';
import { fnv1a64, hashToUnitInterval } from '../../../src/shared/dataset/hash';

describe('fnv1a64', () => {
  it('matches the reference vectors (isthe.com FNV test suite)', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('hashes UTF-8 bytes, so non-ASCII text is stable and distinct', () => {
    expect(fnv1a64('é')).toBe(fnv1a64('\u00e9'));
    expect(fnv1a64('é')).not.toBe(fnv1a64('e'));
    expect(fnv1a64('x')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('agrees with a BigInt implementation on longer text', () => {
    const text = 'write a python function to add two numbers\u0000def add(a, b):\n    return a + b';
    let h = 0xcbf29ce484222325n;
    for (const byte of new TextEncoder().encode(text)) {
      h ^= BigInt(byte);
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
    }
    expect(fnv1a64(text)).toBe(h.toString(16).padStart(16, '0'));
  });
});

describe('hashToUnitInterval', () => {
  it('is deterministic and inside [0, 1)', () => {
    for (let i = 0; i < 1000; i++) {
      const u = hashToUnitInterval(`text ${i}`);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
      expect(hashToUnitInterval(`text ${i}`)).toBe(u);
    }
  });

  it('spreads near-identical strings evenly over ten buckets', () => {
    const buckets = new Array(10).fill(0);
    const n = 20_000;
    for (let i = 0; i < n; i++) buckets[Math.floor(hashToUnitInterval(`write a program ${i}`) * 10)]++;
    for (const count of buckets) expect(Math.abs(count - n / 10)).toBeLessThan(n / 10 * 0.08);
  });
});

describe('fnv1a64 UTF-8 handling', () => {
  it('equals hashing TextEncoder bytes for BMP, astral and lone-surrogate text', () => {
    const reference = (text: string) => {
      let h = 0xcbf29ce484222325n;
      for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
      return h.toString(16).padStart(16, '0');
    };
    for (const text of ['ascii', 'café ñ', '数字 列表', 'emoji 🐍 snake', 'lone \ud800 surrogate', '\udc00 low first', 'end \ud83d']) {
      expect(fnv1a64(text)).toBe(reference(text));
    }
  });
});
