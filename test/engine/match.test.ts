import { describe, expect, it } from 'vitest';
import { findInText, resolveOverlaps, type Candidate } from '../../lambdas/engine/match.js';
import { normalize } from '../../lambdas/engine/normalize.js';
import type { Detector } from '../../lambdas/engine/types.js';

// Test-only detectors: the mechanics of the matcher, independent of the real identifier rules.
const even: Detector = {
  id: 'test.even',
  type: 'cn_mobile',
  strength: 2,
  patterns: [{ name: 'six-digits', regex: /(?<![0-9A-Za-z])\d{3}[ -]?\d{3}(?![0-9A-Za-z])/g, score: 0.4 }],
  context: ['phone'],
  validate: (v) => (Number(v) % 2 === 0 ? true : undefined),
};
const strong: Detector = {
  id: 'test.strong',
  type: 'cn_resident_id',
  strength: 9,
  patterns: [{ name: 'nine', regex: /(?<![0-9A-Za-z])\d{9}(?![0-9A-Za-z])/g, score: 0.4 }],
  validate: (v) => v.endsWith('0'),
};
const wide: Detector = {
  id: 'test.wide',
  type: 'bank_card',
  strength: 5,
  patterns: [{ name: 'nine', regex: /(?<![0-9A-Za-z])\d{9}(?![0-9A-Za-z])/g, score: 0.4 }],
  validate: () => true,
};

describe('findInText', () => {
  it.each([
    ['a validated value', 'call 123 456 now', 1, 'checksum'],
    ['an unvalidated value with context', 'phone: 123457', 1, 'context'],
    ['an unvalidated value without context', 'call 123457', 0, undefined],
    ['a value inside a longer digit run', 'order 91234568', 0, undefined],
    ['a value glued to letters', 'x123456', 0, undefined],
    ['a value next to Chinese text', '电话123456号', 1, 'checksum'],
    ['full-width digits', 'call １２３４５６', 1, 'checksum'],
  ])('%s', (_name, text, count, basis) => {
    const findings = findInText(text, [even]);
    expect(findings).toHaveLength(count);
    if (count) expect(findings[0].basis).toBe(basis);
  });

  it('quotes the value as written, masks it, and reports its offset', () => {
    const [f] = findInText('x: １２３-４５６', [even]);
    expect(f.value).toBe('１２３-４５６');
    expect(f.masked).toBe('123*56');
    expect(f.location.offset).toBe(3);
    expect(f.detector).toBe('test.even');
  });

  it('uses a column header as context', () => {
    expect(findInText('123457', [even])).toHaveLength(0);
    expect(findInText('123457', [even], 'Phone')).toHaveLength(1);
  });

  it('lets the higher score win an overlap, then the stronger validation', () => {
    // strong rejects (no trailing 0) so wide (always valid) wins; with a trailing 0 both validate and strength decides.
    expect(findInText('123456789', [strong, wide]).map((f) => f.detector)).toEqual(['test.wide']);
    expect(findInText('123456780', [strong, wide]).map((f) => f.detector)).toEqual(['test.strong']);
  });
});

describe('resolveOverlaps', () => {
  const c = (detector: Detector, start: number, end: number, score = 1): Candidate => ({
    detector,
    type: detector.type,
    pattern: 'p',
    start,
    end,
    score,
    basis: 'checksum',
    value: '',
  });

  it('keeps disjoint spans and the best of a chain of overlaps', () => {
    const kept = resolveOverlaps([c(wide, 20, 29), c(even, 0, 6), c(strong, 4, 13), c(even, 12, 18)]);
    expect(kept.map((k) => [k.detector.id, k.start])).toEqual([
      ['test.strong', 4],
      ['test.wide', 20],
    ]);
  });
});

describe('normalize', () => {
  it('folds full-width ASCII and the ideographic space without changing length', () => {
    const text = '身份证：１１０１０５\u3000ＡＢｘ';
    expect(normalize(text)).toBe('身份证:110105 ABx');
    expect(normalize(text)).toHaveLength(text.length);
  });
});
