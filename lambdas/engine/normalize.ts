/**
 * Length-preserving normalization: full-width ASCII (U+FF01-U+FF5E) becomes ASCII and the
 * ideographic space a space, so offsets in normalized text are offsets in the original and a
 * finding can quote the value exactly as written. (Full NFKC would change lengths.)
 */
const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/g;
const HAS_FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;

function toHalfWidth(c: string): string {
  return c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0);
}

/** Returns `text` with full-width ASCII folded to ASCII; the same string when there is none. */
export function normalize(text: string): string {
  return HAS_FULL_WIDTH.test(text) ? text.replace(FULL_WIDTH, toHalfWidth) : text;
}

/** Separators allowed inside a candidate (spaces and dashes), removed before validation. */
export const SEPARATORS = /[\s\-\u2010-\u2014]/g;

/** A candidate without its separators: what `Detector.validate` receives. */
export function compact(value: string): string {
  return value.replace(SEPARATORS, '');
}

/**
 * True for the char codes SEPARATORS matches (JavaScript's `\s` and the dashes), so the matcher
 * can tell without a slice whether a candidate needs `compact` (test/engine/normalize.test.ts
 * compares the two over every code unit).
 */
export function isSeparatorCode(c: number): boolean {
  if (c < 128) return c === 32 || c === 45 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    (c >= 0x2010 && c <= 0x2014) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}
