// FNV-1a 64-bit over the UTF-8 bytes of a string, as 16 lower-case hex digits: the stable pair id
// and the split bucket. Not cryptographic; chosen because it is tiny, fast and fully specified
// (http://www.isthe.com/chongo/tech/comp/fnv/), so ids never change between versions or platforms.

/** 64-bit FNV-1a, carried as two 32-bit halves so no BigInt is needed on the hot path. */
export function fnv1a64(text: string): string {
  const [hi, lo] = fnv1a64Halves(text);
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/** The hash as [high 32 bits, low 32 bits], both unsigned. UTF-8 is produced inline (no encoder allocation per call). */
export function fnv1a64Halves(text: string): [number, number] {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  const bytes = [0, 0, 0, 0];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    let count = 1;
    if (code < 0x80) {
      bytes[0] = code;
    } else {
      if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low < 0xe000) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          i++;
        }
      }
      // A lone surrogate is encoded as U+FFFD, as TextEncoder does.
      if (code >= 0xd800 && code < 0xe000) code = 0xfffd;
      if (code < 0x800) {
        bytes[0] = 0xc0 | (code >> 6);
        count = 2;
      } else if (code < 0x10000) {
        bytes[0] = 0xe0 | (code >> 12);
        bytes[1] = 0x80 | ((code >> 6) & 0x3f);
        count = 3;
      } else {
        bytes[0] = 0xf0 | (code >> 18);
        bytes[1] = 0x80 | ((code >> 12) & 0x3f);
        bytes[2] = 0x80 | ((code >> 6) & 0x3f);
        count = 4;
      }
      bytes[count - 1] = 0x80 | (code & 0x3f);
    }
    for (let k = 0; k < count; k++) {
      lo = (lo ^ bytes[k]) >>> 0;
      // prime = 2^40 + 0x1b3: multiply both halves by 0x1b3 and add lo << 40 (lo << 8 in the high half).
      const loProduct = lo * 0x1b3; // < 2^41, exact in a double
      const newLo = loProduct >>> 0;
      hi = (Math.imul(hi, 0x1b3) + (loProduct - newLo) / 4294967296 + Math.imul(lo, 256)) >>> 0;
      lo = newLo;
    }
  }
  return [hi, lo];
}

/**
 * A uniform number in [0, 1): the same text always lands in the same place. FNV's last bytes barely
 * reach the high bits, so both halves go through MurmurHash3's finaliser before 53 bits are taken.
 */
export function hashToUnitInterval(text: string): number {
  const [hi, lo] = fnv1a64Halves(text);
  const a = fmix32(hi ^ fmix32(lo));
  const b = fmix32(lo ^ a);
  return (a * 2 ** 21 + (b >>> 11)) / 2 ** 53;
}

/** MurmurHash3's 32-bit finaliser: a bijection that spreads every input bit over the output. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
